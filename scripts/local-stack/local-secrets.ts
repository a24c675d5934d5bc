import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalSecrets {
  apiKey: string;
  operatorKey: string;
  webhookSecretKey: string;
  reportSecret: string;
  vendorClientSecret: string;
  postgresPassword: string;
  adminPassword: string;
}

/**
 * Secrets for the local stack only: made once per data folder and kept there
 * (mode 0600), so a restart keeps the same dev key and database. A folder made by
 * an earlier version keeps what it has and gets the secrets added since.
 */
export function loadOrCreateSecrets(dataDir: string): LocalSecrets {
  const file = secretsFile(dataDir);
  const token = (prefix = '') => `${prefix}${randomBytes(18).toString('base64url')}`;
  const fresh: LocalSecrets = {
    apiKey: token('dev_'),
    operatorKey: token('dev_op_'),
    webhookSecretKey: randomBytes(32).toString('base64'),
    reportSecret: token(),
    vendorClientSecret: token(),
    postgresPassword: token(),
    adminPassword: token(),
  };
  const stored = readSecrets(dataDir) ?? {};
  const secrets = { ...fresh, ...stored };
  if (Object.keys(stored).length !== Object.keys(secrets).length) {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

export function secretsFile(dataDir: string): string {
  return join(dataDir, 'secrets.json');
}

/** What an earlier `npm start` kept in this data folder, without making anything; undefined if it never ran there. */
export function readSecrets(dataDir: string): Partial<LocalSecrets> | undefined {
  const file = secretsFile(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>) : undefined;
}
