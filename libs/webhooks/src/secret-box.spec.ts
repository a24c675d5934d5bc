import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const key = randomBytes(32).toString('base64');

  it('opens what it sealed, and the sealed form shows nothing of the secret', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('whsec_abcdef');
    expect(sealed).not.toContain('abcdef');
    expect(box.open(sealed)).toBe('whsec_abcdef');
    expect(box.seal('whsec_abcdef')).not.toBe(sealed);
  });

  it('refuses another key, a tampered box and a short key', () => {
    const sealed = new SecretBox(key).seal('whsec_abcdef');
    expect(() => new SecretBox(randomBytes(32).toString('base64')).open(sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x').toString('base64url');
    expect(() => new SecretBox(key).open(parts.join('.'))).toThrow();
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow('32 bytes');
  });
});
