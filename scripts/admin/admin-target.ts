import { resolve } from 'node:path';
import type { AdminCliConfig } from '../../libs/config/src/index.js';
import { readSecrets, secretsFile } from '../local-stack/local-secrets.js';

/** The environment does not say where the API is or which key to call it with: printed alone, exit code 1. */
export class AdminSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminSetupError';
  }
}

export interface AdminTarget {
  apiUrl: string;
  operatorKey: string;
  /** Where the key came from, for messages: the key itself is never printed. */
  keySource: string;
}

/**
 * Where `npm start` listens and which operator key it accepts, found the way it chose
 * them: http://127.0.0.1:$PORT, the first of HERALD_OPERATOR_KEYS, else the key it
 * generated into $HERALD_DATA_DIR/secrets.json (.herald, relative to where it was
 * started). Flags win over the environment, the environment over what was found.
 */
export function findAdminTarget(flags: { apiUrl?: string; operatorKey?: string }, config: AdminCliConfig): AdminTarget {
  const apiUrl = flags.apiUrl ?? config.HERALD_API_URL?.replace(/\/+$/, '') ?? `http://127.0.0.1:${config.PORT}`;
  const key = (operatorKey: string | undefined, keySource: string) => (operatorKey ? { apiUrl, operatorKey, keySource } : undefined);
  return (
    key(flags.operatorKey, '--operator-key') ??
    key(config.HERALD_OPERATOR_KEY, 'HERALD_OPERATOR_KEY') ??
    key(config.HERALD_OPERATOR_KEYS?.[0], 'the first of HERALD_OPERATOR_KEYS') ?? { apiUrl, ...devOperatorKey(resolve(config.HERALD_DATA_DIR)) }
  );
}

function devOperatorKey(dataDir: string): { operatorKey: string; keySource: string } {
  const file = secretsFile(dataDir);
  let secrets: ReturnType<typeof readSecrets>;
  try {
    secrets = readSecrets(dataDir);
  } catch (error) {
    // JSON.parse quotes the text it fails on, and that text holds the keys.
    const reason = error instanceof SyntaxError ? 'it is not valid JSON' : (error as Error).message;
    throw new AdminSetupError(`cannot read ${file}: ${reason}`);
  }
  if (!secrets?.operatorKey) {
    throw new AdminSetupError(
      `no operator key: ${secrets ? `${file} holds none` : `there is no ${file} (npm start makes it on its first run)`}. ` +
        'Run this where you ran `npm start` (or set HERALD_DATA_DIR to its data folder), or set HERALD_OPERATOR_KEY.',
    );
  }
  return { operatorKey: secrets.operatorKey, keySource: `the operator key in ${file}` };
}
