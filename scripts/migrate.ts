import { migrateConfigSchema, parseEnv } from '../libs/config/src/index.js';
import { runMigrations } from '../libs/db/src/migrate.js';

// `npm run db:migrate`: apply pending migrations to DATABASE_URL, then exit.
const { DATABASE_URL } = parseEnv(migrateConfigSchema);
await runMigrations(DATABASE_URL);
console.log('migrations applied');
