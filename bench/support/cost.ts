import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

/** Transactions Postgres has ended in the bench database: each autocommitted statement is one. */
export async function transactions(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ count: string }>("select xact_commit + xact_rollback as count from pg_stat_database where datname = 'bench'");
  return Number(rows[0]!.count);
}

/**
 * CPU time (user + system, ms) a process has used, from /proc (Linux). Unlike a
 * rate it hardly depends on what else the machine runs, so figures from loaded and
 * quiet runs compare.
 */
export function cpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** CPU time (ms) of every running Postgres process: the server and all its backends. */
export function postgresCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += cpuMs(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}
