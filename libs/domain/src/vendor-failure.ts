/**
 * How a failed vendor call should be handled (DESIGN.md, invariant 4):
 * - permanent: retrying cannot help (bad template, bad phone, rejected content).
 * - transient: the vendor or the network may recover; retry with backoff.
 * - rate_limited: we were too fast; wait and retry without spending an attempt.
 */
export type FailureClass = 'permanent' | 'transient' | 'rate_limited';

export interface VendorFailure {
  kind: 'http' | 'timeout' | 'network';
  httpStatus?: number;
}

export function classifyVendorFailure(failure: VendorFailure): FailureClass {
  if (failure.kind !== 'http' || failure.httpStatus === undefined) return 'transient';
  const status = failure.httpStatus;
  if (status === 429) return 'rate_limited';
  // 401: our token expired between fetch and use; a fresh attempt fetches a new one.
  if (status === 408 || status === 401 || status >= 500) return 'transient';
  if (status >= 400) return 'permanent';
  return 'transient';
}

/**
 * Report codes meaning AlimTalk could not reach this person on KakaoTalk (no account,
 * AlimTalk blocked, cannot receive) while the phone itself may be fine: the cases an
 * SMS/LMS failback can still deliver.
 */
const CHANNEL_FAILURE_CODES = new Set(['K101', 'K102', 'K103']);

export function isChannelFailure(code: string): boolean {
  return CHANNEL_FAILURE_CODES.has(code);
}
