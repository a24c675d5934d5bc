import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { QueryResultRow } from 'pg';
import type { Database } from './database.js';

const dialect = new PgDialect();

/**
 * Runs a hot statement as a named prepared statement: Postgres parses and plans it
 * once per connection instead of on every call. Only for statements whose text never
 * varies (every value a parameter, lists passed as arrays), since the name stands
 * for the text.
 */
export async function executePrepared<Row extends QueryResultRow>(db: Database, name: string, query: SQL): Promise<Row[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const result = await db.$client.query<Row>({ name, text, values: params });
  return result.rows;
}
