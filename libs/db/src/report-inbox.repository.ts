import { sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { reportInbox } from './schema.js';

/** One stored callback: the reports it carried and when the API received it. */
export interface StoredCallback<Report> {
  /** Its row's id: a job made from it can be named after it, so handing it on twice queues it once. */
  id: string;
  reports: Report[];
  receivedAt: string;
}

/**
 * Report callbacks kept in Postgres while the report queue cannot take them. A drain
 * takes the oldest under a row lock (SKIP LOCKED: two workers never take the same),
 * hands them on, and deletes them in the same transaction: if the handing on fails,
 * they stay. Handed on twice (a crash between the two), the job id named after the row
 * keeps it one job; and a report applied twice changes nothing the second time.
 */
export class ReportInboxRepository {
  constructor(private readonly db: Database) {}

  async store(reports: unknown[]): Promise<void> {
    await this.db.insert(reportInbox).values({ reports });
  }

  /** Hands on at most `limit` callbacks, oldest first; returns how many went. */
  async drain<Report>(limit: number, handOn: (callbacks: Array<StoredCallback<Report>>) => Promise<void>): Promise<number> {
    return this.db.transaction(async (tx) => {
      const taken = await tx.execute<{ id: string; reports: Report[]; receivedAt: string }>(sql`
        select id, reports, to_char(received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "receivedAt"
        from report_inbox order by id limit ${limit} for update skip locked`);
      if (taken.rows.length === 0) return 0;
      await handOn(taken.rows.map(({ id, reports, receivedAt }) => ({ id: String(id), reports, receivedAt })));
      await tx.execute(sql`delete from report_inbox where id = any(${sql.param(taken.rows.map((row) => row.id))}::bigint[])`);
      return taken.rows.length;
    });
  }
}
