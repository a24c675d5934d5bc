import { Logger } from '@nestjs/common';
import { closeOnSignals } from '../../../libs/common/src/index.js';
import { apiConfigSchema, parseEnv } from '../../../libs/config/src/index.js';
import { createApiApp } from './create-api-app.js';
import { ALL_INTERFACES } from './http/all-interfaces.js';

const config = parseEnv(apiConfigSchema);
const app = await createApiApp(config);
await app.listen(config.PORT, ALL_INTERFACES);
closeOnSignals(() => app.close(), 'herald api');
new Logger('Main').log(`herald api listening on http://localhost:${config.PORT}`);
