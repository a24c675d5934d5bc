import type { Provider } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../api-config.js';
import { ApiKeyRateLimiter, DailyQuota } from '../../../../libs/rate-limit/src/index.js';

/** The API key rate limiter; Nest calls its onApplicationShutdown, which closes its Redis connection. */
export const apiKeyRateLimiterProvider: Provider = {
  provide: ApiKeyRateLimiter,
  inject: [API_CONFIG],
  useFactory: (config: ApiConfig) =>
    new ApiKeyRateLimiter({
      redis: config,
      perSecond: config.API_RATE_LIMIT_PER_SECOND,
      burst: config.API_RATE_LIMIT_BURST,
    }),
};

/** The tenants' daily quotas; closed on shutdown like the limiter. */
export const dailyQuotaProvider: Provider = {
  provide: DailyQuota,
  inject: [API_CONFIG],
  useFactory: (config: ApiConfig) => new DailyQuota({ redis: config }),
};
