import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * A table's columns for a raw statement's select list, `alias.column_name as "fieldName"`,
 * derived from the schema: raw rows then have the shape drizzle's own selects return,
 * and a column added to the schema cannot be forgotten here.
 */
export function selectListOf(table: PgTable, alias: string): SQL {
  const columns = Object.entries(getTableColumns(table)).map(([field, column]) => `${alias}.${column.name} as "${field}"`);
  return sql.raw(columns.join(', '));
}
