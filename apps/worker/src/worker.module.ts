import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule } from '../../../libs/db/src/index.js';
import { HttpVendorClient } from '../../../libs/vendor/src/index.js';
import { DeliveryService } from './delivery.service.js';
import { HealthServer } from './health.server.js';
import { SendWorker } from './send.worker.js';
import { VENDOR_CLIENT, WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE })],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        {
          provide: VENDOR_CLIENT,
          useFactory: () =>
            new HttpVendorClient({
              url: config.VENDOR_URL,
              clientId: config.VENDOR_CLIENT_ID,
              clientSecret: config.VENDOR_CLIENT_SECRET,
              timeoutMs: config.VENDOR_TIMEOUT_MS,
              connections: config.WORKER_CONCURRENCY,
            }),
        },
        DeliveryService,
        SendWorker,
        HealthServer,
      ],
    };
  }
}
