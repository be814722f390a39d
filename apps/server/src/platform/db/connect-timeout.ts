/**
 * pg's own connect timeout (the pool's connectionTimeoutMillis), which carries no error code. Its own
 * file, without dependencies, so boot-failures.ts can read it before the database driver loads
 * (database.ts retries it at start; boot-failures.ts says it in one line if it still fails).
 */
export function isConnectTimeout(err: unknown): boolean {
  return /connection timeout|timeout exceeded when trying to connect/i.test(String((err as { message?: unknown } | null)?.message ?? ''));
}
