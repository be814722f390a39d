/**
 * Whether the database accepts writes. A write that fails for lack of space (SQLSTATE 53100, or the
 * file system's ENOSPC/EDQUOT) is answered 503 with a retryable code instead of 500, and /readyz says
 * "not ready" from then on, so a load balancer sends traffic elsewhere, until a probe write (one row of
 * `settings`) succeeds again. Nothing acknowledged is lost either way: a failed write was never
 * acknowledged. docs/operations.md, "Disk full".
 */
import { sql } from 'drizzle-orm';
import type { Db } from './database.ts';

/** The error and its causes (drizzle wraps the driver's error), outermost first. */
function chain(err: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let e = err; e && typeof e === 'object' && out.length < 8; e = (e as { cause?: unknown }).cause) out.push(e as Record<string, unknown>);
  return out;
}

/** True when the database (or its disk) refused a write for lack of space. */
export function isStorageFull(err: unknown): boolean {
  return chain(err).some((e) => e.code === '53100' || e.code === 'ENOSPC' || e.code === 'EDQUOT' || /No space left on device/.test(String(e.message ?? '')));
}

/** True when the database server cannot be reached or refuses connections for now (class 08, admin shutdown, too many connections). */
export function isDatabaseUnavailable(err: unknown): boolean {
  return chain(err).some((e) => {
    const code = typeof e.code === 'string' ? e.code : '';
    return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300' || code === 'ECONNREFUSED' || code === 'ECONNRESET';
  });
}

const PROBE_KEY = 'platform.write-probe';

/** The write state of one database, shared by the error handler and /readyz. */
export class WriteHealth {
  #failingSince: Date | null = null;

  /** When writes started failing for lack of space, or null while they succeed. */
  get failingSince(): Date | null {
    return this.#failingSince;
  }

  /** Notes a failed write; true when it was a lack of space (the caller answers 503). */
  report(err: unknown): boolean {
    if (!isStorageFull(err)) return false;
    this.#failingSince ??= new Date();
    return true;
  }

  /** While failing, tries one small write; clears the state when it succeeds. Answers whether writes work. */
  async probe(db: Db): Promise<boolean> {
    if (!this.#failingSince) return true;
    try {
      await db.execute(sql`insert into settings (key, value, updated_at) values (${PROBE_KEY}, ${JSON.stringify({ at: new Date().toISOString() })}::jsonb, now())
        on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`);
      this.#failingSince = null;
      return true;
    } catch {
      return false;
    }
  }
}
