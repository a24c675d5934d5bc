import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { shapeLimiter } from '../../../../libs/domain/src/index.js';
import { SendQueue } from '../../../../libs/queue/src/index.js';
import { applyVendorBudget, openVendorRateLog } from '../../../../libs/rate-limit/src/index.js';
import { API_CONFIG, type ApiConfig } from '../api-config.js';
import type { VendorBudgetView } from './vendor-budget.dto.js';

/** The vendor budget (TPS), changed at runtime because vendors change limits per contract. */
@Injectable()
export class VendorBudgetService implements OnApplicationShutdown {
  private readonly log;

  constructor(
    private readonly sendQueue: SendQueue,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.log = openVendorRateLog(config, 'producer');
  }

  async current(): Promise<VendorBudgetView> {
    const tps = await this.log.tps();
    return { tps, limiter: shapeLimiter(tps) };
  }

  async set(tps: number): Promise<VendorBudgetView> {
    await applyVendorBudget(this.log, this.sendQueue, tps);
    return this.current();
  }

  onApplicationShutdown(): Promise<void> {
    return this.log.close();
  }
}
