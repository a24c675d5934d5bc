import type { FailbackChannel } from './channel.js';

/** SMS holds 90 bytes and LMS 2000 bytes of EUC-KR text; an LMS title at most 40. */
export const SMS_MAX_BYTES = 90;
export const LMS_MAX_BYTES = 2000;
export const LMS_TITLE_MAX_BYTES = 40;

/**
 * Length in EUC-KR (KS X 1001), the encoding Korean carriers count SMS in: ASCII is
 * one byte, Hangul and other double-byte characters two. Characters EUC-KR cannot
 * encode are counted as two as well; carriers substitute them, they do not refuse.
 */
export function eucKrByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) bytes += char.codePointAt(0)! < 0x80 ? 1 : 2;
  return bytes;
}

/** SMS when it fits in 90 bytes, LMS up to 2000, otherwise undefined (too long for either). */
export function failbackChannelFor(text: string): FailbackChannel | undefined {
  const bytes = eucKrByteLength(text);
  if (bytes <= SMS_MAX_BYTES) return 'sms';
  if (bytes <= LMS_MAX_BYTES) return 'lms';
  return undefined;
}

/** The LMS title Herald makes when none is given: the text's first line, cut to 40 bytes. */
export function defaultLmsTitle(text: string): string {
  let title = '';
  let bytes = 0;
  for (const char of text.split('\n')[0]!) {
    bytes += eucKrByteLength(char);
    if (bytes > LMS_TITLE_MAX_BYTES) break;
    title += char;
  }
  return title;
}
