import { and, asc, gt, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../db/database.ts';
import type { FieldCipher } from './field-cipher.ts';
import { encryptedTables, type EncryptedTable } from './encrypted-columns.ts';

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

/** SQL: this ciphertext column holds a value not under the current key and algorithm. */
function staleCondition(column: PgColumn, prefix: string): SQL {
  // LIKE with a literal prefix: key ids are [A-Za-z0-9_-] so '_' is the only wildcard to escape.
  const pattern = `${prefix.replace(/_/g, '\\_')}%`;
  return and(isNotNull(column), sql`${column} not like ${pattern}`)!;
}

/**
 * Re-encrypts every registered encrypted column under the cipher's current key, in batches keyed
 * by the table's primary key. Idempotent and resumable: only stale values are selected, so a
 * rerun after an interruption continues with what is left. Each row is updated only if its
 * ciphertexts are still the ones read (a concurrent change wins and is picked up by a rerun).
 */
export async function rotateEncryptedColumns(
  db: Db,
  cipher: FieldCipher,
  options: { batchSize?: number; tables?: EncryptedTable[]; onProgress?: (p: RotationProgress) => void } = {},
): Promise<RotationResult> {
  const batchSize = options.batchSize ?? 500;
  const result: RotationResult = { tables: [], rewritten: 0 };
  for (const entry of options.tables ?? encryptedTables()) {
    const stale = or(...entry.columns.map((c) => staleCondition(c, cipher.currentPrefix)))!;
    let last: unknown = null;
    let rewritten = 0;
    let scanned = 0;
    let conflicts = 0;
    // drizzle's update().set() takes the table's property names, not SQL column names.
    const fields = entry.columns.map((c) => Object.entries(entry.table).find(([, col]) => col === c)?.[0] ?? c.name);
    for (;;) {
      const selection: Record<string, PgColumn> = { __key: entry.key };
      entry.columns.forEach((c, i) => (selection[`c${i}`] = c));
      const page = (await db
        .select(selection)
        .from(entry.table)
        .where(last === null ? stale : and(gt(entry.key, last), stale))
        .orderBy(asc(entry.key))
        .limit(batchSize)) as Record<string, unknown>[];
      if (page.length === 0) break;
      await db.transaction(async (tx) => {
        for (const row of page) {
          const set: Record<string, string | null> = {};
          const unchanged: SQL[] = [sql`${entry.key} = ${row.__key}`];
          entry.columns.forEach((c, i) => {
            const value = row[`c${i}`] as string | null;
            if (value !== null && cipher.isStale(value)) set[fields[i]] = cipher.reencrypt(value);
            unchanged.push(value === null ? sql`${c} is null` : sql`${c} = ${value}`);
          });
          if (Object.keys(set).length === 0) continue;
          const updated = await tx.update(entry.table).set(set).where(and(...unchanged)).returning({ k: entry.key });
          if (updated.length === 1) rewritten++;
          else conflicts++;
        }
      });
      scanned += page.length;
      last = page[page.length - 1].__key;
      options.onProgress?.({ table: entry.name, rewritten, scanned });
    }
    result.tables.push({ table: entry.name, rewritten, conflicts });
    result.rewritten += rewritten;
  }
  return result;
}
