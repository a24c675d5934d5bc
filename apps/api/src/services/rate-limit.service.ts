import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { shapeLimiter } from '../../../../libs/domain/src/index.js';
import { applyVendorTps, openVendorRateGate, SEND_QUEUE } from '../../../../libs/queue/src/index.js';
import { API_CONFIG, type ApiConfig } from '../api-config.js';

/** The vendor TPS budget, changed at runtime because vendors change limits per contract. */
@Injectable()
export class RateLimitService implements OnApplicationShutdown {
  private readonly gate;

  constructor(
    @InjectQueue(SEND_QUEUE) private readonly sendQueue: Queue,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.gate = openVendorRateGate(config, 'producer');
  }

  async current() {
    const tps = await this.gate.tps();
    return { tps, limiter: shapeLimiter(tps) };
  }

  async set(tps: number) {
    await applyVendorTps(this.gate, this.sendQueue, tps);
    return this.current();
  }

  onApplicationShutdown(): Promise<void> {
    return this.gate.close();
  }
}
