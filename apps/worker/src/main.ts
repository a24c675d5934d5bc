import { Logger } from '@nestjs/common';
import { closeOnSignals } from '../../../libs/common/src/index.js';
import { parseEnv, workerConfigSchema } from '../../../libs/config/src/index.js';
import { createWorkerApp } from './create-worker-app.js';

const config = parseEnv(workerConfigSchema);
const app = await createWorkerApp(config);
closeOnSignals(() => app.close(), 'herald worker');
new Logger('Main').log(`herald worker consuming; health on http://${config.WORKER_HEALTH_HOST}:${config.WORKER_HEALTH_PORT}/health/ready`);
