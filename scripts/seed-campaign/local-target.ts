import { resolve } from 'node:path';
import type { SeedCampaignConfig } from '../../libs/config/src/index.js';
import { readSecrets, secretsFile } from '../local-stack/local-secrets.js';
import { HttpError, json, UnreachableError } from './http.js';
import type { LocalOptions } from './options.js';
import type { CampaignTarget } from './run-campaign.js';

/** Something about the running stack the user can fix (not running, another port, a refused key): printed without a stack. */
export class LocalStackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalStackError';
  }
}

export interface LocalTarget extends CampaignTarget {
  /** Where the API key came from, for the messages that mention it. */
  keySource: string;
}

/**
 * Where `npm start` listens and which key it accepts, found the way it chose them:
 * ports from PORT / SIM_PORT (3000 / 4010), the first of HERALD_API_KEYS, else the dev
 * key it generated into $HERALD_DATA_DIR/secrets.json (.herald, relative to where it
 * was started). Flags win over env, env over what was found.
 */
export function findLocalStack(options: LocalOptions, config: SeedCampaignConfig): LocalTarget {
  const apiUrl = options.apiUrl ?? config.HERALD_API_URL?.replace(/\/+$/, '') ?? `http://127.0.0.1:${config.PORT}`;
  const simUrl = options.simUrl ?? config.HERALD_SIM_URL?.replace(/\/+$/, '') ?? `http://127.0.0.1:${config.SIM_PORT}`;
  const key = (apiKey: string | undefined, keySource: string) => (apiKey ? { apiKey, keySource } : undefined);
  const found =
    key(options.apiKey, '--api-key') ??
    key(config.HERALD_API_KEY, 'HERALD_API_KEY') ??
    key(config.HERALD_API_KEYS?.[0], 'the first of HERALD_API_KEYS') ??
    devKey(resolve(config.HERALD_DATA_DIR));
  const operatorKey = config.HERALD_OPERATOR_KEY ?? config.HERALD_OPERATOR_KEYS?.[0] ?? devSecrets(resolve(config.HERALD_DATA_DIR))?.operatorKey;
  if (!operatorKey) {
    throw new LocalStackError(
      `no operator key (the run sets the vendor budget): set HERALD_OPERATOR_KEY, or run this where you ran \`npm start\` (it keeps one in ${secretsFile(resolve(config.HERALD_DATA_DIR))}).`,
    );
  }
  return { apiUrl, simUrl, ...found, operatorKey };
}

function devSecrets(dataDir: string): ReturnType<typeof readSecrets> {
  try {
    return readSecrets(dataDir);
  } catch (error) {
    throw new LocalStackError(`cannot read ${secretsFile(dataDir)}: ${(error as Error).message}`);
  }
}

function devKey(dataDir: string): { apiKey: string; keySource: string } {
  const file = secretsFile(dataDir);
  const secrets = devSecrets(dataDir);
  const apiKey = secrets?.apiKey;
  if (!apiKey) {
    throw new LocalStackError(
      `no API key: ${secrets ? `${file} holds none` : `there is no ${file} (npm start makes it on its first run)`}. ` +
        'Run this where you ran `npm start` (or set HERALD_DATA_DIR to its data folder), or pass --api-key / set HERALD_API_KEY.',
    );
  }
  return { apiKey, keySource: `the dev key in ${file}` };
}

/** Fails with a LocalStackError saying what to do unless the API, the simulator and the key all answer. */
export async function checkLocalStack(target: LocalTarget): Promise<void> {
  await probe(
    `${target.apiUrl}/health/ready`,
    `nothing answers at ${target.apiUrl}: is \`npm start\` running? It listens on PORT (default 3000); point --api-url or HERALD_API_URL elsewhere.`,
    'the API is not ready',
  );
  await probe(
    `${target.simUrl}/health`,
    `no vendor simulator answers at ${target.simUrl}: \`npm start\` runs it on SIM_PORT (default 4010); point --sim-url or HERALD_SIM_URL elsewhere.`,
    'the vendor simulator is not ready',
  );
  try {
    await json(`${target.apiUrl}/v1/dlq?limit=1`, { headers: { authorization: `Bearer ${target.apiKey}` } });
  } catch (error) {
    if (error instanceof HttpError && (error.status === 401 || error.status === 403)) {
      throw new LocalStackError(
        `the API at ${target.apiUrl} refused the API key from ${target.keySource} (${error.status}). ` +
          'Pass the dev key `npm start` printed with --api-key or HERALD_API_KEY.',
      );
    }
    throw error;
  }
  try {
    await json(`${target.apiUrl}/v1/vendor/rate-limit`, { headers: { authorization: `Bearer ${target.operatorKey}` } });
  } catch (error) {
    if (error instanceof HttpError && (error.status === 401 || error.status === 403)) {
      throw new LocalStackError(
        `the API at ${target.apiUrl} refused the operator key (${error.status}): set HERALD_OPERATOR_KEY to one of its HERALD_OPERATOR_KEYS.`,
      );
    }
    throw error;
  }
}

async function probe(url: string, whenUnreachable: string, whenFailing: string): Promise<void> {
  try {
    await json(url);
  } catch (error) {
    if (error instanceof UnreachableError) throw new LocalStackError(whenUnreachable);
    if (error instanceof HttpError) throw new LocalStackError(`${whenFailing} (${url}: ${error.status} ${error.body})`);
    throw error;
  }
}
