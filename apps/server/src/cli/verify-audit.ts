import { ConfigError, loadConfig, type Config } from '../config.ts';
import { openDatabase } from '../platform/db/database.ts';
import type { Db } from '../platform/db/database.ts';
import { verifyAuditChain } from '../platform/audit/audit.service.ts';

/**
 * Verifies the audit hash chain and prints the verdict; answers the process exit code
 * (0 intact, 1 broken). With the embedded PGlite database, stop the server first.
 */
export async function verifyAuditCommand(db: Db, print: (line: string) => void = console.log): Promise<number> {
  const verdict = await verifyAuditChain(db);
  if (verdict.ok) {
    print(`审计链完整 / audit chain intact: ${verdict.checked} records checked`);
    return 0;
  }
  const { seq, reason } = verdict.brokenAt!;
  const why = reason === 'hash_mismatch' ? 'its content does not match its hash (altered)' : 'it does not link to the record before it (deleted, inserted or reordered)';
  print(`审计链断裂 / audit chain BROKEN at seq ${seq}: ${why}; ${verdict.checked} records before it are intact`);
  return 1;
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
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, pgliteThread: config.pgliteThread });
  try {
    process.exitCode = await verifyAuditCommand(database.db);
  } finally {
    await database.close();
  }
}
