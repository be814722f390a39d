import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './database.ts';

/** Quotes one element of a PostgreSQL array literal (NULL stays unquoted). */
function element(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'boolean') text = value ? 't' : 'f';
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
  else text = JSON.stringify(value);
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A one-dimensional PostgreSQL array literal ({"a","b",NULL}) of driver values. */
export function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map(element).join(',')}}`;
}

interface ColumnPlan {
  key: string;
  column: PgColumn;
  type: string;
  /** The value as an array-literal element's text (before quoting), as the column's driver mapping stores it. */
  text: (value: unknown) => string;
}

/**
 * Element text per column type, for the types whose driver mapping is known and trivial (what the
 * hot-path tables use); any other type goes through the column's own mapToDriverValue.
 */
function elementText(column: PgColumn): (value: unknown) => string {
  const type = column.columnType;
  if (type === 'PgUUID' || type === 'PgText' || type === 'PgVarchar') return (v) => v as string;
  if (type === 'PgBoolean') return (v) => (v ? 't' : 'f');
  if (type === 'PgInteger' || type === 'PgSmallInt') return (v) => String(v);
  if (type === 'PgTimestamp') return (v) => (v as Date).toISOString();
  return (v) => {
    const mapped = column.mapToDriverValue(v);
    if (typeof mapped === 'string') return mapped;
    if (typeof mapped === 'boolean') return mapped ? 't' : 'f';
    if (mapped instanceof Date) return mapped.toISOString();
    if (typeof mapped === 'number' || typeof mapped === 'bigint') return String(mapped);
    return JSON.stringify(mapped);
  };
}

const NEEDS_ESCAPE = /["\\]/;

const plans = new WeakMap<PgTable, Map<string, ColumnPlan[]>>();

function planFor(table: PgTable, keys: string[]): ColumnPlan[] {
  let byKeys = plans.get(table);
  if (!byKeys) plans.set(table, (byKeys = new Map()));
  const id = keys.join(',');
  let plan = byKeys.get(id);
  if (!plan) {
    const columns = getTableColumns(table) as Record<string, PgColumn>;
    plan = keys.map((key) => {
      const column = columns[key];
      if (!column) throw new Error(`bulkInsert: ${getTableName(table)} has no column for "${key}"`);
      // A serial column's values are of its underlying integer type (there is no bigserial[]).
      const type = ({ bigserial: 'bigint', serial: 'integer', smallserial: 'smallint' } as Record<string, string>)[column.getSQLType()] ?? column.getSQLType();
      if (type.endsWith(']')) throw new Error(`bulkInsert: array column ${column.name} is not supported`);
      return { key, column, type, text: elementText(column) };
    });
    byKeys.set(id, plan);
  }
  return plan;
}

/**
 * Inserts many rows with one statement whose size does not grow with the row count:
 * `INSERT … SELECT * FROM unnest($1::uuid[], $2::text[], …)`, one array parameter per column.
 * Compared with a multi-row VALUES list (one placeholder per value), the SQL text, its parsing and
 * the parameter handling stay constant — what the hot write paths (scans, token uses) need when
 * group commit merges hundreds of callers' rows. Rows are `$inferInsert` objects of the drizzle
 * table, all with the same keys (the first row's); values go through each column's own driver
 * mapping, so they are stored exactly as drizzle would store them. `suffix` may add an ON CONFLICT clause.
 */
export async function bulkInsert<T extends PgTable>(db: DbOrTx, table: T, rows: readonly T['$inferInsert'][], suffix?: SQL): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(bulkInsertSql(table, rows, suffix));
}

/** The statement bulkInsert runs (for callers that combine statements); rows must not be empty. */
export function bulkInsertSql<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][], suffix?: SQL): SQL {
  if (rows.length === 0) throw new Error('bulkInsertSql: no rows');
  const keys = Object.keys(rows[0] as object).filter((k) => (rows[0] as Record<string, unknown>)[k] !== undefined);
  const plan = planFor(table, keys);
  const arrays = plan.map(({ key, column, type }) => {
    const values = rows.map((row) => {
      const v = (row as Record<string, unknown>)[key];
      return v === null || v === undefined ? null : column.mapToDriverValue(v);
    });
    return sql`${arrayLiteral(values)}::${sql.raw(type)}[]`;
  });
  const names = sql.raw(plan.map((p) => `"${p.column.name}"`).join(', '));
  return sql`insert into ${table} (${names}) select * from unnest(${sql.join(arrays, sql`, `)}) ${suffix ?? sql``}`;
}

const dialect = new PgDialect();

/** A SQL string literal (standard_conforming_strings: only the quote is doubled). */
function quoteLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'string') throw new Error(`inlineSql: cannot inline a ${typeof value}`);
  if (value.includes('\0')) throw new Error('inlineSql: NUL in a string');
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Renders a statement with its parameters inlined as literals, for the embedded database's simple
 * query protocol (PGlite `exec`): one message instead of parse/bind/describe/execute, about a fifth
 * cheaper for the merged hot-path inserts. Placeholders inside quoted literals or identifiers are left
 * alone. Only strings, finite numbers, booleans and NULL are inlined.
 */
export function inlineSql(query: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(query);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) throw new Error('inlineSql: unterminated quote');
      out += text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (ch === '$') {
      const m = /^\$(\d+)/.exec(text.slice(i, i + 8));
      if (m) {
        out += quoteLiteral(params[Number(m[1]) - 1]);
        i += m[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

/**
 * The same statement as bulkInsertSql, rendered straight to SQL text with the arrays inlined as
 * literals — for the embedded database's simple query protocol, where group commit sends the hot
 * paths' merged rows. Equivalent to inlineSql(bulkInsertSql(…)) at a fraction of the cost (no drizzle
 * query building, no second pass over the text): it runs once per batch on the request thread.
 * `suffix` is trusted SQL text (an ON CONFLICT clause).
 */
export function bulkInsertText<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][], suffix = ''): string {
  if (rows.length === 0) throw new Error('bulkInsertText: no rows');
  const keys = Object.keys(rows[0] as object).filter((k) => (rows[0] as Record<string, unknown>)[k] !== undefined);
  const plan = planFor(table, keys);
  const arrays: string[] = [];
  for (const { key, type, text } of plan) {
    let literal = '{';
    for (let i = 0; i < rows.length; i++) {
      const v = (rows[i] as Record<string, unknown>)[key];
      if (i > 0) literal += ',';
      if (v === null || v === undefined) {
        literal += 'NULL';
        continue;
      }
      const t = text(v);
      literal += NEEDS_ESCAPE.test(t) ? `"${t.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `"${t}"`;
    }
    literal += '}';
    if (literal.includes('\0')) throw new Error('bulkInsertText: NUL in a value');
    arrays.push(`'${literal.includes("'") ? literal.replace(/'/g, "''") : literal}'::${type}[]`);
  }
  const names = plan.map((p) => `"${p.column.name}"`).join(', ');
  return `insert into "${getTableName(table)}" (${names}) select * from unnest(${arrays.join(', ')})${suffix ? ` ${suffix}` : ''}`;
}
