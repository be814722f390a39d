import { sql, type SQL } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { rows, type Db } from '../db/database.ts';
import type { FieldCipher } from './field-cipher.ts';
import { encryptedTables } from './encrypted-columns.ts';

/** One table to rotate, by SQL names: its single-column key and its ciphertext columns. */
export interface RotationTarget {
  table: string;
  key: string;
  columns: string[];
}

export interface RotationProgress {
  table: string;
  /** Rows rewritten in this table so far. */
  rewritten: number;
  /** Rows found stale in this table so far (rewritten + skipped because they changed meanwhile). */
  scanned: number;
}

export interface RotationResult {
  tables: { table: string; rewritten: number; conflicts: number }[];
  rewritten: number;
}

/**
 * Every ciphertext column to rotate: the registered ones (registerEncryptedColumns), plus every
 * text column named `*_cipher` — the naming convention for FieldCipher values — of a table with a
 * single-column primary key, so a module that forgot to register is still covered.
 */
export async function rotationTargets(db: Db): Promise<{ targets: RotationTarget[]; uncovered: string[] }> {
  const byTable = new Map<string, RotationTarget>();
  for (const entry of encryptedTables()) {
    const name = getTableConfig(entry.table).name;
    byTable.set(name, { table: name, key: entry.key.name, columns: entry.columns.map((c) => c.name) });
  }
  const found = await rows<{ table_name: string; column_name: string }>(
    db,
    sql`select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and column_name like '%\\_cipher' and data_type = 'text'
        order by table_name, column_name`,
  );
  const keys = await rows<{ table_name: string; column_name: string; n: number }>(
    db,
    sql`select tc.table_name, min(kcu.column_name) as column_name, count(*)::int as n
        from information_schema.table_constraints tc
        join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
        where tc.table_schema = current_schema() and tc.constraint_type = 'PRIMARY KEY'
        group by tc.table_name`,
  );
  const uncovered: string[] = [];
  for (const { table_name: table, column_name: column } of found) {
    const target = byTable.get(table);
    if (target) {
      if (!target.columns.includes(column)) target.columns.push(column);
      continue;
    }
    const pk = keys.find((k) => k.table_name === table);
    if (!pk || Number(pk.n) !== 1) {
      uncovered.push(`${table}.${column}`);
      continue;
    }
    byTable.set(table, { table, key: pk.column_name, columns: [column] });
  }
  return { targets: [...byTable.values()].sort((a, b) => a.table.localeCompare(b.table)), uncovered };
}

/** SQL: this ciphertext column holds a value not under the current key and algorithm. */
function staleCondition(column: string, prefix: string): SQL {
  // LIKE with a literal prefix: key ids are [A-Za-z0-9_-] so '_' is the only wildcard to escape.
  const pattern = `${prefix.replace(/_/g, '\\_')}%`;
  return sql`(${sql.identifier(column)} is not null and ${sql.identifier(column)} not like ${pattern})`;
}

/**
 * Re-encrypts every ciphertext column under the cipher's current key, in batches keyed by each
 * table's primary key. Idempotent and resumable: only stale values are selected, so a rerun after
 * an interruption continues with what is left. Each row is updated only if its ciphertexts are
 * still the ones read (a concurrent change wins and is picked up by a rerun).
 */
export async function rotateEncryptedColumns(
  db: Db,
  cipher: FieldCipher,
  options: { batchSize?: number; targets?: RotationTarget[]; onProgress?: (p: RotationProgress) => void } = {},
): Promise<RotationResult> {
  const batchSize = options.batchSize ?? 500;
  const targets = options.targets ?? (await rotationTargets(db)).targets;
  const result: RotationResult = { tables: [], rewritten: 0 };
  for (const target of targets) {
    const table = sql.identifier(target.table);
    const key = sql.identifier(target.key);
    const stale = sql.join(target.columns.map((c) => staleCondition(c, cipher.currentPrefix)), sql` or `);
    const selected = sql.join([sql`${key}::text as k`, ...target.columns.map((c, i) => sql`${sql.identifier(c)} as ${sql.identifier(`c${i}`)}`)], sql`, `);
    let last: string | null = null;
    let rewritten = 0;
    let scanned = 0;
    let conflicts = 0;
    for (;;) {
      // Keyset paging on the primary key (its index); the key's value travels as text and the
      // database casts the parameter to the key's type.
      const after: SQL = last === null ? sql`true` : sql`${key} > ${last}`;
      const page: Record<string, string | null>[] = await rows<Record<string, string | null>>(
        db,
        sql`select ${selected} from ${table} where ${after} and (${stale}) order by ${key} limit ${batchSize}`,
      );
      if (page.length === 0) break;
      await db.transaction(async (tx) => {
        for (const row of page) {
          const sets: SQL[] = [];
          const unchanged: SQL[] = [sql`${key} = ${row.k}`];
          target.columns.forEach((c, i) => {
            const value = row[`c${i}`];
            if (value !== null && cipher.isStale(value)) sets.push(sql`${sql.identifier(c)} = ${cipher.reencrypt(value)}`);
            unchanged.push(value === null ? sql`${sql.identifier(c)} is null` : sql`${sql.identifier(c)} = ${value}`);
          });
          if (sets.length === 0) continue;
          const updated = await rows<{ k: string }>(
            tx,
            sql`update ${table} set ${sql.join(sets, sql`, `)} where ${sql.join(unchanged, sql` and `)} returning ${key}::text as k`,
          );
          if (updated.length === 1) rewritten++;
          else conflicts++;
        }
      });
      scanned += page.length;
      last = page[page.length - 1].k;
      options.onProgress?.({ table: target.table, rewritten, scanned });
    }
    result.tables.push({ table: target.table, rewritten, conflicts });
    result.rewritten += rewritten;
  }
  return result;
}
