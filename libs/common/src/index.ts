export { TimeoutError, withTimeout } from './with-timeout.js';
export { closeOnSignals } from './close-on-signals.js';
export { MicroBatcher, type MicroBatcherOptions } from './micro-batcher.js';
export { roundsOfUniqueIds } from './rounds-of-unique-ids.js';
export { StoreUnavailableError, unavailableDependency, unlessUnavailable, type Dependency } from './unavailable-dependency.js';
export { ExpiringCache } from './expiring-cache.js';
