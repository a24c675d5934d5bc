import { describe, expect, it } from '@jest/globals';
import { placeholdersOf, renderTemplate } from './template-render.js';

describe('renderTemplate', () => {
  it('fills every placeholder exactly, keeping whitespace and punctuation', () => {
    const body = '#{고객명}님, 주문 #{orderId} 이(가) 발송되었습니다.\n  감사합니다!';
    expect(renderTemplate(body, { 고객명: '김철수', orderId: 'A-1 ' })).toEqual({
      ok: true,
      text: '김철수님, 주문 A-1  이(가) 발송되었습니다.\n  감사합니다!',
    });
  });

  it('fills a placeholder used twice with the same value', () => {
    expect(renderTemplate('#{a}-#{a}', { a: 'x' })).toEqual({ ok: true, text: 'x-x' });
  });

  it('names every missing variable', () => {
    expect(renderTemplate('#{a} #{b} #{c}', { b: '1' })).toEqual({ ok: false, missing: ['a', 'c'] });
  });

  it('does not treat replacement patterns in values specially', () => {
    expect(renderTemplate('#{a}', { a: '$& $1 #{b}' })).toEqual({ ok: true, text: '$& $1 #{b}' });
  });

  it('lists placeholders once each', () => {
    expect(placeholdersOf('#{a}#{b}#{a} #{ } {x}')).toEqual(['a', 'b', ' ']);
  });

  it("finds only the caller's own variables, never Object's prototype", () => {
    expect(renderTemplate('#{constructor} #{toString} #{__proto__} #{hasOwnProperty}', {})).toEqual({
      ok: false,
      missing: ['constructor', 'toString', '__proto__', 'hasOwnProperty'],
    });
    expect(renderTemplate('#{constructor}', { constructor: '생성자' })).toEqual({ ok: true, text: '생성자' });
  });
});
