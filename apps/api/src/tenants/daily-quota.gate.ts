import { Injectable, Logger } from '@nestjs/common';
import { dayOf, secondsToNextDay } from '../../../../libs/domain/src/index.js';
import { DailyQuota } from '../../../../libs/rate-limit/src/index.js';
import type { CallerTenant } from '../auth/credential.js';
import { ApiError } from '../errors/api-error.js';

/**
 * A tenant's daily send quota: messages are counted when they are stored, in the
 * tenant's calendar day. A request that does not fit whole is refused with 429
 * `quota_exceeded` and Retry-After until the tenant's next midnight, and stores nothing;
 * one whose insert then fails gets its count back.
 */
@Injectable()
export class DailyQuotaGate {
  private readonly logger = new Logger('DailyQuota');
  private failingOpen = false;

  constructor(private readonly quota: DailyQuota) {}

  async spendFor<T>(tenant: CallerTenant, count: number, store: () => Promise<T>): Promise<T> {
    if (tenant.dailyQuota === null) return store();
    const now = new Date();
    const day = dayOf(now, tenant.timeZone);
    let spent = true;
    try {
      const { allowed, used } = await this.quota.spend(tenant.id, day, count, tenant.dailyQuota);
      if (!allowed) {
        const wait = secondsToNextDay(now, tenant.timeZone);
        throw ApiError.retryAfter(
          429,
          'quota_exceeded',
          `tenant ${tenant.id} has sent ${used} of its ${tenant.dailyQuota} messages today; ${count} more do not fit`,
          wait,
        );
      }
      this.failingOpen = false;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      // As the rate limit does: with Redis down the message is still stored durably.
      if (!this.failingOpen) this.logger.warn(`daily quotas not counted while Redis is unavailable: ${(error as Error).message}`);
      this.failingOpen = true;
      spent = false;
    }
    try {
      return await store();
    } catch (error) {
      if (spent) await this.quota.refund(tenant.id, day, count).catch(() => undefined);
      throw error;
    }
  }
}
