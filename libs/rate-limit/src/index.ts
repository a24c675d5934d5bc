// libs/rate-limit: the three rate limits, each under its own name.
// - the API rate limit: requests per tenant (ApiKeyRateLimiter), and a tenant's daily quota (DailyQuota);
// - the vendor budget: the TPS a vendor account allows (applyVendorBudget);
// - the vendor rate gate's log: the sliding window every send passes (VendorRateLog).
export { ApiKeyRateLimiter, type BucketRates, type RateDecision } from './api-key-rate-limiter.js';
export { DailyQuota } from './daily-quota.js';
export { applyVendorBudget, openVendorRateLog } from './vendor-budget.js';
export { MAX_ADMIT_AT_ONCE, VendorRateLog, type GateDecision } from './vendor-rate-log.js';
export { luaCommand, type LuaCommand } from './lua-command.js';
