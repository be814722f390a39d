import { loadConfig, type Config } from '../config.ts';
import { exitOnBootFailure } from '../boot-failures.ts';
import { openDatabase } from '../platform/db/database.ts';
import type { Db } from '../platform/db/database.ts';
import { verifyAuditChain } from '../platform/audit/audit.service.ts';

/**
 * Verifies the audit hash chain and prints the verdict; answers the process exit code: 0 intact,
 * 1 broken. A check that could not run says why with its own code (boot-failures.ts): 75 the embedded
 * database is in use by the running server (stop it first), 78 configuration, 74 disk, 69 database
 * unreachable — never 1, so a script can tell "tampered" from "not checked".
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
    process.exitCode = await verifyAuditCommand(database.db);
  } finally {
    await database.close();
  }
}
