import { apiConfigSchema, parseEnv } from '../../../libs/config/src/index.js';
import { createApiApp } from './create-api-app.js';

const config = parseEnv(apiConfigSchema);
const app = await createApiApp(config);
await app.listen(config.PORT);
console.log(`herald api listening on http://localhost:${config.PORT}`);
