import { loadConfig, type Config } from '../config.ts';
import { exitOnBootFailure } from '../boot-failures.ts';
import { openDatabase, type Database } from '../platform/db/database.ts';
import { FieldCipher } from '../platform/crypto/field-cipher.ts';
import { rotateEncryptedColumns, rotationTargets, type RotationResult } from '../platform/crypto/key-rotation.ts';

/**
 * Re-encrypts every registered personal-data column under the first key of FX_DATA_KEYS (and the
 * configured FX_CIPHER). Safe to interrupt and rerun: rows already under the current key are skipped.
 * With the embedded PGlite database, stop the server first (PGlite allows one process at a time).
 */
export async function rotateKeys(database: Database, config: Config, print: (line: string) => void = console.log): Promise<RotationResult & { unregistered: string[] }> {
  const cipher = new FieldCipher(config.dataKeys, config.cipher);
  const { targets, uncovered } = await rotationTargets(database.db);
  print(`轮换密钥 / rotating personal-data keys → ${config.cipher} key "${cipher.current.id}" (${targets.length} tables: ${targets.map((t) => `${t.table}(${t.columns.length})`).join(', ') || 'none'})`);
  const result = await rotateEncryptedColumns(database.db, cipher, {
    targets,
    onProgress: (p) => print(`  ${p.table}: ${p.rewritten} rows rewritten, ${p.scanned} stale rows scanned`),
  });
  for (const t of result.tables) print(`  ${t.table}: done, ${t.rewritten} rewritten${t.conflicts ? `, ${t.conflicts} changed meanwhile (rerun to finish)` : ''}`);
  print(`完成 / done: ${result.rewritten} rows rewritten`);
  if (uncovered.length > 0) {
    print(`警告 / WARNING: these *_cipher columns belong to tables without a single-column primary key and were NOT rotated: ${uncovered.join(', ')}`);
    print('  Register them with registerEncryptedColumns(table, columns, { key }) and run again before retiring the old key.');
  }
  return { ...result, unregistered: uncovered };
}

if (import.meta.main) {
  // A known failure to start (configuration 78, the server still running on the data directory 75,
  // an unwritable or full disk 74, the database unreachable 69) is one line, never a stack trace.
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    exitOnBootFailure(err);
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, pgliteThread: config.pgliteThread, pgliteSettings: config.pgliteSettings }).catch((err: unknown) => exitOnBootFailure(err));
  try {
    const result = await rotateKeys(database, config);
    // 2: some rows changed while rotating (rerun); 3: unregistered cipher columns were left behind.
    process.exitCode = result.tables.some((t) => t.conflicts > 0) ? 2 : result.unregistered.length > 0 ? 3 : 0;
  } finally {
    await database.close();
  }
}
