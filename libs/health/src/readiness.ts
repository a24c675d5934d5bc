import { assertMigrationsApplied, type DatabaseHandle } from '../../db/src/index.js';
import type { Probe } from './dependency-health.js';

/**
 * What the API and the worker need before they take traffic or jobs: Postgres answers,
 * Redis answers, and the schema is the one this build expects (a rolling deploy that
 * starts the apps before the migration job finished is held back here).
 */
export function readinessProbes(stores: { pool: DatabaseHandle['pool']; queue: { getWaitingCount(): Promise<number> } }): Record<string, Probe> {
  return {
    postgres: () => stores.pool.query('select 1'),
    // Any queue command is a Redis round trip; counting waiting jobs is O(1).
    redis: () => stores.queue.getWaitingCount(),
    migrations: () => assertMigrationsApplied(stores.pool),
  };
}

/**
 * Liveness says only that the process answers. It never looks at Redis or Postgres:
 * an orchestrator restarting every replica because a store is down would not help.
 */
export const LIVE = { status: 'ok' } as const;
