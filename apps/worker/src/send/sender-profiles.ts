import { Inject, Injectable } from '@nestjs/common';
import { ExpiringCache } from '../../../../libs/common/src/index.js';
import { TenantRepository } from '../../../../libs/db/src/index.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

/** A tenant's sender profile changes rarely; every send asks, so it is kept this long. */
const KEEP_MS = 30_000;

/**
 * Which Kakao sender profile a message goes out from: its tenant's own (its templates
 * are approved under it), or the vendor account's VENDOR_SENDER_KEY.
 */
@Injectable()
export class SenderProfiles {
  private readonly keys = new ExpiringCache<string, { senderKey: string | null }>(KEEP_MS);

  constructor(
    private readonly tenants: TenantRepository,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async senderKeyOf(tenantId: string): Promise<string> {
    const tenant = await this.keys.get(tenantId, async () => {
      const found = await this.tenants.find(tenantId);
      return found && { senderKey: found.senderKey };
    });
    return tenant?.senderKey ?? this.config.VENDOR_SENDER_KEY;
  }
}
