import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalSecrets {
  apiKey: string;
  reportSecret: string;
  vendorClientSecret: string;
  postgresPassword: string;
}

/**
 * Secrets for the local stack only: made once per data folder and kept there
 * (mode 0600), so a restart keeps working with the same dev key and database.
 */
export function loadOrCreateSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const token = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`;
  const secrets: LocalSecrets = {
    apiKey: token('dev_'),
    reportSecret: token(''),
    vendorClientSecret: token(''),
    postgresPassword: token(''),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
