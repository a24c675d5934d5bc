import { parseEnv, workerConfigSchema } from '../../../libs/config/src/index.js';
import { createWorkerApp } from './create-worker-app.js';

const config = parseEnv(workerConfigSchema);
await createWorkerApp(config);
console.log(`herald worker consuming; health on http://localhost:${config.WORKER_HEALTH_PORT}/health`);
