import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';

/** Notification rows as the API stores them (pending), in bulk, for benchmarks that start at the queue. */
export async function insertRows(pool: pg.Pool, count: number, templateCode: string): Promise<string[]> {
  const ids = Array.from({ length: count }, () => uuidv7());
  for (let start = 0; start < count; start += 5000) {
    await pool.query(
      `insert into notifications (tenant_id, id, recipient, template_code, variables, text)
       select 'default', id, '010' || lpad((5000 + n % 4000)::text, 4, '0') || lpad((1000 + n % 9000)::text, 4, '0'),
              $2, jsonb_build_object('n', n::text), n::text || '번 벤치마크'
       from unnest($1::uuid[]) with ordinality as t(id, n)`,
      [ids.slice(start, start + 5000), templateCode],
    );
  }
  return ids;
}
