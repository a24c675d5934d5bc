import { sql } from 'drizzle-orm';
import { allowedSources, type Channel, type NotificationStatus } from '../../domain/src/index.js';
import type { Database } from './database.js';
import { executePrepared } from './prepared-statement.js';

export interface ReportInput {
  id: string;
  msgKey: string;
  channel: Channel;
  status: 'delivered' | 'failed';
  code: string;
  detail: string | null;
}

export type AppliedReport = {
  id: string;
  status: NotificationStatus;
  channel: ReportInput['channel'];
  code: string;
  failbackText: string | null;
  /** For the failback job's operator-facing name and data. */
  recipient: string;
  templateCode: string;
};

/** Which statuses a report of each leg may settle: an AlimTalk report never touches the SMS leg. */
const ALIMTALK_SOURCES: NotificationStatus[] = ['sending', 'sent'];
const FAILBACK_SOURCES: NotificationStatus[] = ['failback_sent'];

// The statement moves rows to either target from any of these sources without asking
// the state machine per row, so check once, at load, that the state machine agrees.
for (const source of [...ALIMTALK_SOURCES, ...FAILBACK_SOURCES]) {
  if (!allowedSources('delivered').includes(source) || !allowedSources('failed').includes(source)) {
    throw new Error(`state machine no longer allows a report to settle ${source}`);
  }
}

/**
 * Applies delivery reports in bulk: one statement per batch moves every row whose
 * status and message key match and writes all their history rows, so report load
 * costs the database one statement per batch, not one UPDATE per report. Rows
 * already final, unknown ids and stale message keys match nothing: repeated and
 * out-of-order reports change nothing. Ids must be unique within one call.
 */
export class ReportRepository {
  constructor(private readonly db: Database) {}

  async apply(reports: ReportInput[]): Promise<AppliedReport[]> {
    if (reports.length === 0) return [];
    // One array parameter per column (sql.param), not drizzle's expansion of arrays into lists.
    const column = <K extends keyof ReportInput>(key: K) => sql.param(reports.map((report) => report[key]));
    return executePrepared<AppliedReport>(
      this.db,
      'apply-reports',
      sql`
      with input as (
        select * from unnest(
          ${column('id')}::uuid[], ${column('msgKey')}::text[], ${column('channel')}::text[],
          ${column('status')}::notification_status[], ${column('code')}::text[], ${column('detail')}::text[]
        ) as v(id, msg_key, channel, to_status, code, detail)
      ), old as (
        select n.id, n.status from notifications n
        join input v on v.id = n.id
        where n.status = any(case when v.channel = 'alimtalk'
                                  then ${sql.param(ALIMTALK_SOURCES)}::notification_status[]
                                  else ${sql.param(FAILBACK_SOURCES)}::notification_status[] end)
          and (n.vendor_msg_key is null or n.vendor_msg_key = v.msg_key)
          -- Said again as a list, so the planner keeps to the partitions of these ids.
          and n.id = any(${column('id')}::uuid[])
        order by n.id
        for update of n
      ), moved as (
        update notifications n set
          status = v.to_status, last_code = v.code, last_error = v.detail,
          vendor_msg_key = v.msg_key, updated_at = now()
        from old join input v on v.id = old.id
        where n.id = old.id
        returning n.id, n.status, n.attempts, n.failback_text, n.recipient, n.template_code, v.channel, v.code, v.detail, old.status as previous
      ), event as (
        insert into notification_events (notification_id, from_status, to_status, actor, attempt, code, detail)
        select id, previous, status, 'vendor-report', attempts, code, detail from moved
      )
      select id, status, channel, code, failback_text as "failbackText", recipient, template_code as "templateCode" from moved`,
    );
  }
}
