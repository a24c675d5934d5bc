/** Korean mobile numbers as vendors take them: digits only, 01X prefix. */
// 010 numbers have had eight subscriber digits since 2004; legacy 01X prefixes may have seven.
const KOREAN_MOBILE = /^(010\d{8}|01[16789]\d{7,8})$/;

/**
 * Normalises `+82 10-1234-5678`, `82-10…`, `010.1234.5678` and friends to
 * `01012345678`; returns undefined when the result is not a Korean mobile number.
 */
export function normalizeKoreanMobile(input: string): string | undefined {
  const compact = input.replace(/[\s\-().]/g, '');
  let digits = compact;
  if (digits.startsWith('+82')) digits = digits.slice(3);
  else if (digits.startsWith('0082')) digits = digits.slice(4);
  else if (digits.startsWith('82') && digits.length >= 11) digits = digits.slice(2);
  if (!/^\d+$/.test(digits)) return undefined;
  if (!digits.startsWith('0')) digits = `0${digits}`;
  return KOREAN_MOBILE.test(digits) ? digits : undefined;
}

/** `010****5678`: what operators and logs see. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

// A Korean mobile number written loosely (01012345678, 010-1234-5678, 010 1234 5678),
// not inside a longer run of letters or digits (ids, hashes, timestamps).
const MOBILE_IN_TEXT = /(?<![\w-])(01[016789])[-. ]?(\d{3,4})[-. ]?(\d{4})(?![\w-])/g;

/**
 * Masks every mobile number in free text (vendor error messages, log lines) the way
 * maskPhone does: the safety net for text Herald did not write itself.
 */
export function maskPhonesIn(text: string): string {
  return text.replace(MOBILE_IN_TEXT, (_match, prefix: string, middle: string, last: string) => `${prefix}${'*'.repeat(middle.length)}${last}`);
}
