import { describe, expect, it } from '@jest/globals';
import { classifyVendorFailure } from './vendor-failure.js';

describe('classifyVendorFailure', () => {
  it.each([
    [{ kind: 'timeout' as const }, 'transient'],
    [{ kind: 'network' as const }, 'transient'],
    [{ kind: 'http' as const, httpStatus: 500 }, 'transient'],
    [{ kind: 'http' as const, httpStatus: 503 }, 'transient'],
    [{ kind: 'http' as const, httpStatus: 408 }, 'transient'],
    [{ kind: 'http' as const, httpStatus: 401 }, 'transient'],
    [{ kind: 'http' as const, httpStatus: 429 }, 'rate_limited'],
    [{ kind: 'http' as const, httpStatus: 400 }, 'permanent'],
    [{ kind: 'http' as const, httpStatus: 413 }, 'permanent'],
  ])('%j is %s', (failure, expected) => {
    expect(classifyVendorFailure(failure)).toBe(expected);
  });
});
