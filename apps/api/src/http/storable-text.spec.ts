import { describe, expect, it } from '@jest/globals';
import { findUnstorableText } from './storable-text.js';

describe('findUnstorableText', () => {
  it('accepts ordinary text, Korean and emoji (a surrogate pair) included', () => {
    expect(findUnstorableText({ to: '010-1234-5678', variables: { name: '김철수 😀' }, list: ['a', 1, null, true] })).toBeUndefined();
  });

  it('names the field of a NUL character, however deep', () => {
    expect(findUnstorableText({ variables: { name: 'a\u0000b' } })).toEqual({ field: 'variables.name', reason: expect.stringContaining('NUL') });
    expect(findUnstorableText({ notifications: [{}, { to: '\u0000' }] })?.field).toBe('notifications.1.to');
  });

  it('names a lone surrogate, high or low, but not a pair', () => {
    expect(findUnstorableText({ text: 'x\ud800' })).toEqual({ field: 'text', reason: expect.stringContaining('surrogate') });
    expect(findUnstorableText({ text: '\udc00x' })?.field).toBe('text');
    expect(findUnstorableText({ text: '\ud83d\ude00' })).toBeUndefined();
  });

  it('checks keys too, and a bare string body', () => {
    expect(findUnstorableText({ variables: { 'na\u0000me': 'x' } })?.field).toBe('variables.na\u0000me');
    expect(findUnstorableText('\u0000')?.field).toBe('(body)');
  });
});
