import { describe, expect, it } from '@jest/globals';
import { HttpRouter } from './http.router.js';

describe('HttpRouter', () => {
  const send = () => undefined;
  const template = () => undefined;
  const router = new HttpRouter().add('POST', '/v1/send/alimtalk', send).add('PUT', '/_sim/templates/:code', template);

  it('finds fixed and parameterised routes', () => {
    expect(router.match('POST', '/v1/send/alimtalk')).toEqual({ kind: 'found', handler: send, params: {} });
    expect(router.match('PUT', '/_sim/templates/ORDER%20A')).toEqual({
      kind: 'found',
      handler: template,
      params: { code: 'ORDER A' },
    });
  });

  it('tells a wrong method from an unknown path', () => {
    expect(router.match('GET', '/v1/send/alimtalk')).toEqual({ kind: 'wrong-method', allow: ['POST'] });
    expect(router.match('GET', '/_sim/templates/X')).toEqual({ kind: 'wrong-method', allow: ['PUT'] });
    expect(router.match('POST', '/v1/send/sms')).toEqual({ kind: 'not-found' });
    expect(router.match('PUT', '/_sim/templates/')).toEqual({ kind: 'not-found' });
    expect(router.match('PUT', '/_sim/templates/%E0%A4%A')).toEqual({ kind: 'not-found' });
  });
});
