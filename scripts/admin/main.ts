/**
 * npm run admin -- tenants create shop [--daily-quota 10000] [--rate-per-second 50] …
 * npm run admin -- keys create --tenant shop [--scope recipients:read]
 * npm run admin -- --help   (every command and flag: usage.ts)
 *
 * The operator's side of tenants and their keys, through the admin API of a running
 * Herald: by default the one `npm start` runs, with the operator key it keeps in
 * $HERALD_DATA_DIR/secrets.json (admin-target.ts). Exit codes: 0 done, 1 the API
 * refused or cannot be reached, 2 bad arguments.
 */
import { adminCliConfigSchema, parseEnv } from '../../libs/config/src/index.js';
import { adminApi } from './admin-api.js';
import { findAdminTarget, type AdminTarget } from './admin-target.js';
import { parseAdminArgs } from './arguments.js';
import { runCommand } from './commands.js';
import { failureMessage } from './failure-message.js';
import type { Outcome } from './outcome.js';
import { USAGE, UsageError } from './usage.js';

/** Known once the environment is read, so a refused key's message can say where it came from. */
let target: AdminTarget | undefined;

async function main(): Promise<number> {
  const invocation = parseAdminArgs(process.argv.slice(2));
  if (invocation === 'help') {
    console.log(USAGE);
    return 0;
  }
  target = findAdminTarget(invocation, parseEnv(adminCliConfigSchema));
  print(await runCommand(adminApi(target.apiUrl, target.operatorKey), invocation.command), invocation.json);
  return 0;
}

function print(outcome: Outcome, json: boolean): void {
  if (json) {
    if (outcome.answer !== undefined) console.log(JSON.stringify(outcome.answer, null, 2));
    if (outcome.notice) console.error(outcome.notice);
  } else {
    console.log([...outcome.lines, ...(outcome.notice ? [outcome.notice] : [])].join('\n'));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = failureMessage(error, target);
    console.error(message === undefined ? error : `admin: ${message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
