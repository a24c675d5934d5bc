import { describe, expect, it } from '@jest/globals';
import { compileTemplate } from './template.matcher.js';

describe('compileTemplate', () => {
  const order = compileTemplate('[Herald] #{name}님, 주문 #{orderId}이(가) 발송되었습니다.\n배송조회: #{url}');

  it('lists the variables', () => {
    expect(order.variables).toEqual(['name', 'orderId', 'url']);
  });

  it('matches a text that fills every placeholder', () => {
    expect(order.matches('[Herald] 홍길동님, 주문 A-1이(가) 발송되었습니다.\n배송조회: https://x.kr/t?a=1')).toBe(true);
  });

  it('lets a variable contain line breaks and the template literals', () => {
    expect(order.matches('[Herald] 홍\n길동님, 주문 1님, 주문 2이(가) 발송되었습니다.\n배송조회: u')).toBe(true);
  });

  it('refuses empty variables', () => {
    expect(order.matches('[Herald] 님, 주문 A-1이(가) 발송되었습니다.\n배송조회: u')).toBe(false);
    expect(order.matches('[Herald] 홍님, 주문 A-1이(가) 발송되었습니다.\n배송조회: ')).toBe(false);
  });

  it('refuses changed literals, extra text at either end, and changed line breaks', () => {
    expect(order.matches('[Herald] 홍님, 주문 A-1이(가) 발송됐습니다.\n배송조회: u')).toBe(false);
    expect(order.matches(' [Herald] 홍님, 주문 A-1이(가) 발송되었습니다.\n배송조회: u')).toBe(false);
    expect(order.matches('[Herald] 홍님, 주문 A-1이(가) 발송되었습니다.\r\n배송조회: u')).toBe(false);
    expect(order.matches('[Herald] 홍님, 주문 A-1이(가) 발송되었습니다.')).toBe(false);
  });

  it('treats regex specials literally', () => {
    const special = compileTemplate('Total: $#{amount} (.*) [ok]? ^end$');
    expect(special.matches('Total: $5 (.*) [ok]? ^end$')).toBe(true);
    expect(special.matches('Total: $5 (xx) [ok]? ^end$')).toBe(false);
    expect(special.matches('Total: $5 (.*) k? ^end$')).toBe(false);
  });

  it('needs one character per back-to-back placeholder', () => {
    const adjacent = compileTemplate('#{a}#{b}!');
    expect(adjacent.matches('xy!')).toBe(true);
    expect(adjacent.matches('x!')).toBe(false);
  });

  it('does not let the suffix overlap the last variable', () => {
    const t = compileTemplate('ab#{x}ba');
    expect(t.matches('aba')).toBe(false);
    expect(t.matches('abXba')).toBe(true);
  });

  it('matches a template without placeholders only exactly', () => {
    const fixed = compileTemplate('Hello');
    expect(fixed.matches('Hello')).toBe(true);
    expect(fixed.matches('Hello ')).toBe(false);
  });

  it('treats an empty placeholder as literal text', () => {
    expect(compileTemplate('a #{} b').matches('a #{} b')).toBe(true);
  });

  it('stays fast on a hostile near-miss', () => {
    const many = compileTemplate('#{a} #{b} #{c} #{d} #{e}!');
    const started = performance.now();
    expect(many.matches(' '.repeat(1000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
