import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { signReportBody, isValidReportSignature } from './report-signature.js';

describe('report signature', () => {
  const secret = 'a-report-secret-of-some-length';
  const body = '[{"msgKey":"k","ref":"r"}]';

  it('is sha256=<hex HMAC-SHA256 of the raw body>', () => {
    const hex = createHmac('sha256', secret).update(body).digest('hex');
    expect(signReportBody(secret, body)).toBe(`sha256=${hex}`);
    // Known vector so a change of algorithm or encoding cannot slip through.
    expect(signReportBody('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('verifies only the exact body with the exact secret', () => {
    const header = signReportBody(secret, body);
    expect(isValidReportSignature(secret, body, header)).toBe(true);
    expect(isValidReportSignature(secret, Buffer.from(body), header)).toBe(true);
    expect(isValidReportSignature(secret, `${body} `, header)).toBe(false);
    expect(isValidReportSignature(`${secret}x`, body, header)).toBe(false);
    expect(isValidReportSignature(secret, body, header.slice(0, -1))).toBe(false);
    expect(isValidReportSignature(secret, body, undefined)).toBe(false);
  });
});
