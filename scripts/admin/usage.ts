/** `npm run admin -- --help`: every command, every flag, and where the CLI finds the API and its key. */
export const USAGE = `usage: npm run admin -- <command> [flags]

Tenants (producing services) and their API keys, through /v1/admin on the running API.

  tenants create <id> [--name N] [--daily-quota N] [--rate-per-second N] [--burst N] [--time-zone TZ] [--weight N] [--sender-key K]
  tenants list
  tenants show <id>
  tenants update <id> [--name N] [--daily-quota N] [--rate-per-second N] [--burst N] [--time-zone TZ] [--weight N] [--sender-key K]
  tenants suspend <id>          its keys are refused (403 tenant_suspended); nothing of it is deleted
  tenants resume <id>           active again

  keys create --tenant <id> [--scope recipients:read] [--description D]
                                prints the new key once: Herald keeps only its hash
  keys list --tenant <id>
  keys rotate <keyId> --tenant <id> [--grace-seconds N]
                                a new key with the same scopes; the old one keeps working for
                                --grace-seconds (default 86400, at most 2592000; 0 ends it now)
  keys revoke <keyId> --tenant <id>
                                refused (401) from the next request on

Tenant settings:
  --name N               display name (create: the id unless given)
  --daily-quota N        messages per day in the tenant's time zone; none: no quota
  --rate-per-second N    API requests per second (may be fractional); none: the API's API_RATE_LIMIT_PER_SECOND
  --burst N              API requests at once after a quiet spell; none: the API's API_RATE_LIMIT_BURST
  --time-zone TZ         IANA time zone the daily quota's day is counted in (default Asia/Seoul)
  --weight N             share of the vendor budget against other tenants' bulk traffic (default 1)
  --sender-key K         the tenant's own Kakao sender profile (none: the vendor account's)

Everywhere:
  --json                 print the API's JSON answer as it is (keys revoke: nothing, the API answers 204)
  --api-url URL          the API; else HERALD_API_URL, else http://127.0.0.1:$PORT (PORT default 3000)
  --operator-key KEY     the operator key; else HERALD_OPERATOR_KEY, else the first of HERALD_OPERATOR_KEYS,
                         else the one \`npm start\` keeps in $HERALD_DATA_DIR/secrets.json (default .herald).
                         Prefer the environment: a flag is visible to other users in the process list.
  -h, --help             this text

Exit codes: 0 done; 1 the API refused (its code and message are printed) or cannot be reached; 2 bad arguments.`;

/** A mistake on the command line: printed with a pointer to --help, without a stack; exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n(npm run admin -- --help lists the commands and flags)`);
    this.name = 'UsageError';
  }
}
