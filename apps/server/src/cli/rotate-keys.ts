// The app imports every module, and modules register their encrypted columns beside their tables.
import '../app.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { openDatabase, type Database } from '../platform/db/database.ts';
import { FieldCipher } from '../platform/crypto/field-cipher.ts';
import { encryptedTables, unregisteredCipherColumns } from '../platform/crypto/encrypted-columns.ts';
import { rotateEncryptedColumns, type RotationResult } from '../platform/crypto/key-rotation.ts';

/**
 * Re-encrypts every registered personal-data column under the first key of FX_DATA_KEYS (and the
 * configured FX_CIPHER). Safe to interrupt and rerun: rows already under the current key are skipped.
 * With the embedded PGlite database, stop the server first (PGlite allows one process at a time).
 */
export async function rotateKeys(database: Database, config: Config, print: (line: string) => void = console.log): Promise<RotationResult & { unregistered: string[] }> {
  const cipher = new FieldCipher(config.dataKeys, config.cipher);
  const tables = encryptedTables();
  print(`轮换密钥 / rotating personal-data keys → ${config.cipher} key "${cipher.current.id}" (${tables.length} tables: ${tables.map((t) => t.name).join(', ') || 'none'})`);
  const result = await rotateEncryptedColumns(database.db, cipher, {
    onProgress: (p) => print(`  ${p.table}: ${p.rewritten} rows rewritten, ${p.scanned} stale rows scanned`),
  });
  for (const t of result.tables) print(`  ${t.table}: done, ${t.rewritten} rewritten${t.conflicts ? `, ${t.conflicts} changed meanwhile (rerun to finish)` : ''}`);
  print(`完成 / done: ${result.rewritten} rows rewritten`);
  const unregistered = await unregisteredCipherColumns(database.db);
  if (unregistered.length > 0) {
    print(`警告 / WARNING: these *_cipher columns are not registered with registerEncryptedColumns and were NOT rotated: ${unregistered.join(', ')}`);
    print('  Do not retire the old key until their modules register them and the rotation is run again.');
  }
  return { ...result, unregistered };
}

if (import.meta.main) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`配置错误 / configuration error: ${err.message}`);
      process.exit(78);
    }
    throw err;
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const result = await rotateKeys(database, config);
    // 2: some rows changed while rotating (rerun); 3: unregistered cipher columns were left behind.
    process.exitCode = result.tables.some((t) => t.conflicts > 0) ? 2 : result.unregistered.length > 0 ? 3 : 0;
  } finally {
    await database.close();
  }
}
