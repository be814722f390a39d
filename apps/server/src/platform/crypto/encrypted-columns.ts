import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';

/** A table with FieldCipher ciphertext columns, and the key column the rotation pages by. */
export interface EncryptedTable {
  table: PgTable;
  name: string;
  key: PgColumn;
  columns: PgColumn[];
}

const registry = new Map<string, EncryptedTable>();

/**
 * Declares which columns of a table hold FieldCipher ciphertexts, so key rotation re-encrypts them.
 * Every module that stores personal data calls this next to its table definition. The table must
 * have a single-column primary key (or pass `key`) so rotation can page through it.
 */
export function registerEncryptedColumns(table: PgTable, columns: PgColumn[], options: { key?: PgColumn } = {}): void {
  const config = getTableConfig(table);
  const key = options.key ?? config.columns.find((c) => c.primary);
  if (!key) throw new Error(`registerEncryptedColumns(${config.name}): the table needs a single-column primary key or an explicit key`);
  if (columns.length === 0) throw new Error(`registerEncryptedColumns(${config.name}): no columns given`);
  for (const column of columns) {
    if (!config.columns.includes(column)) throw new Error(`registerEncryptedColumns(${config.name}): ${column.name} is not a column of this table`);
    if (column.getSQLType() !== 'text') throw new Error(`registerEncryptedColumns(${config.name}): ${column.name} must be a text column`);
  }
  const existing = registry.get(config.name);
  const merged = existing ? [...existing.columns, ...columns.filter((c) => !existing.columns.includes(c))] : columns;
  registry.set(config.name, { table, name: config.name, key, columns: merged });
}

/** Every registered table with encrypted columns, in registration order. */
export function encryptedTables(): EncryptedTable[] {
  return [...registry.values()];
}
