import { UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeyRateLimitGuard } from './api-key-rate-limit.guard.js';

/**
 * Every producer route: authenticate the API key, then spend from that key's rate
 * budget. One decorator, so a new producer controller cannot get one without the other.
 */
export const ProducerAuth = () => UseGuards(ApiKeyGuard, ApiKeyRateLimitGuard);
