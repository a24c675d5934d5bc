import { describe, expect, it } from '@jest/globals';
import { canonicalJson, requestHash } from './request-hash.js';

describe('canonicalJson', () => {
  it('sorts object keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,2]},"b":1}');
  });

  it('keeps array order, which is meaningful', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('drops undefined properties and writes undefined array items as null, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe(JSON.stringify({ a: undefined, b: [undefined] }));
  });

  it('escapes keys and strings as JSON', () => {
    expect(JSON.parse(canonicalJson({ 'a"b': '줄\n바꿈' }))).toEqual({ 'a"b': '줄\n바꿈' });
  });

  it('writes a missing body as null', () => {
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('requestHash', () => {
  const body = { to: '010-1234-5678', templateCode: 'T', variables: { name: 'a', order: '1' } };

  it('is the same for the same body in any key order', () => {
    const reordered = { variables: { order: '1', name: 'a' }, templateCode: 'T', to: '010-1234-5678' };
    expect(requestHash('POST', '/v1/notifications', reordered)).toBe(requestHash('post', '/v1/notifications', body));
  });

  it.each([
    ['the method', 'PUT', '/v1/notifications', body],
    ['the path', 'POST', '/v1/templates', body],
    ['a value', 'POST', '/v1/notifications', { ...body, to: '010-1234-5679' }],
    ['a value type', 'POST', '/v1/notifications', { ...body, variables: { name: 'a', order: 1 } }],
    ['an added field', 'POST', '/v1/notifications', { ...body, ref: 'r' }],
  ])('differs when %s differs', (_, method, path, other) => {
    expect(requestHash(method, path, other)).not.toBe(requestHash('POST', '/v1/notifications', body));
  });

  it('cannot be fooled by moving text between path and body', () => {
    expect(requestHash('POST', '/a","b', 'c')).not.toBe(requestHash('POST', '/a', 'b","c'));
  });
});
