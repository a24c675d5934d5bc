import type pg from 'pg';

/**
 * Rows as the worker leaves them after the vendor accepted: `sent`, one attempt, with
 * the message key `<keyPrefix><n>` (n from 1) a report must carry to settle them.
 */
export async function insertSentRows(pool: pg.Pool, templateCode: string, count: number, keyPrefix: string): Promise<void> {
  await pool.query(
    `insert into notifications (tenant_id, id, recipient, template_code, variables, text, status, attempts, vendor_msg_key)
     select 'default', uuidv7(), '01012345678', $2, '{}'::jsonb, 'x', 'sent', 1, $3::text || g
     from generate_series(1, $1) g`,
    [count, templateCode, keyPrefix],
  );
}
