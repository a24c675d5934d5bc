import type { Provider } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../api-config.js';
import { ApiRateLimiter } from './api-rate-limiter.js';

/** The API's one rate limiter; Nest calls its onApplicationShutdown, which closes its Redis connection. */
export const apiRateLimiterProvider: Provider = {
  provide: ApiRateLimiter,
  inject: [API_CONFIG],
  useFactory: (config: ApiConfig) =>
    new ApiRateLimiter({
      redisUrl: config.REDIS_URL,
      prefix: config.QUEUE_PREFIX,
      perSecond: config.API_RATE_LIMIT_PER_SECOND,
      burst: config.API_RATE_LIMIT_BURST,
    }),
};
