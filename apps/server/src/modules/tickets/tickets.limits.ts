/**
 * Rate limits of the tickets' public surface, on the platform's shared counters
 * (platform/identity/rate-limit.ts: one upsert per hit, the same count on every instance; 429
 * RATE_LIMITED with Retry-After). Subjects are keyed hashes (blind index of the IP, the ticket
 * number): the counters table never holds an address or a number.
 *
 * - filing: an anonymous report per IP, a signed-in citizen per account;
 * - the progress query (number + follow-up code): every attempt per IP, and failures per ticket number
 *   (a code of 8 characters from 31 is guessed only by brute force: these make it impractical, also
 *   from many addresses);
 * - duplicate suggestions (jieba tokenising on every call) per IP;
 * - Open311 calls with a missing or unknown api_key, per IP (keys are long random secrets; this only
 *   keeps a scanner from hammering the key lookup).
 */
import { assertUnderRate, consumeRate, recordRateHit, type RateRule } from '../../platform/identity/rate-limit.ts';
import type { AppContext } from '../../platform/http/context.ts';

export const TICKET_RATE_RULES = {
  anonymousFilingPerIp: { name: 'tickets:file:anon-ip:1h', max: 10, windowSeconds: 3600 },
  citizenFilingPerAccount: { name: 'tickets:file:citizen:1h', max: 20, windowSeconds: 3600 },
  followUpPerIp: { name: 'tickets:follow-up:ip:15m', max: 30, windowSeconds: 900 },
  followUpFailuresPerNumber: { name: 'tickets:follow-up-miss:number:1h', max: 10, windowSeconds: 3600 },
  similarPerIp: { name: 'tickets:similar:ip:10m', max: 120, windowSeconds: 600 },
  open311BadKeyPerIp: { name: 'tickets:open311-bad-key:ip:15m', max: 20, windowSeconds: 900 },
} as const satisfies Record<string, RateRule>;

const ipKey = (ctx: AppContext, ip: string) => ctx.blindIndex.of('rate-ip', ip);
const numberKey = (ctx: AppContext, number: string) => ctx.blindIndex.of('rate-ticket', number.trim().toUpperCase());

/** Counts a filing: per IP when anonymous, per citizen when signed in (429 over the limit). */
export async function limitFiling(ctx: AppContext, ip: string, citizenId: string | null): Promise<void> {
  await consumeRate(ctx.db, citizenId ? [[TICKET_RATE_RULES.citizenFilingPerAccount, citizenId]] : [[TICKET_RATE_RULES.anonymousFilingPerIp, ipKey(ctx, ip)]]);
}

/** Before checking a follow-up code: counts the attempt per IP and refuses while the number has had too many failures. */
export async function limitFollowUp(ctx: AppContext, ip: string, number: string): Promise<void> {
  await assertUnderRate(ctx.db, [[TICKET_RATE_RULES.followUpFailuresPerNumber, numberKey(ctx, number)]]);
  await consumeRate(ctx.db, [[TICKET_RATE_RULES.followUpPerIp, ipKey(ctx, ip)]]);
}

/** A wrong number / code pair: counted against the number. */
export async function recordFollowUpFailure(ctx: AppContext, number: string): Promise<void> {
  await recordRateHit(ctx.db, [[TICKET_RATE_RULES.followUpFailuresPerNumber, numberKey(ctx, number)]]);
}

export async function limitSimilar(ctx: AppContext, ip: string): Promise<void> {
  await consumeRate(ctx.db, [[TICKET_RATE_RULES.similarPerIp, ipKey(ctx, ip)]]);
}

/**
 * Addresses found under the bad-key limit, remembered for OPEN311_CLEAR_MS per app so an Open311
 * client's every request does not read the counter first (the filing's hot path: bench/RESULTS.md).
 * A bad key recorded through this process forgets its address at once, so the limit applies here on
 * the very next request; bad keys recorded by another server process are counted in the database
 * all the same, and refused here at most OPEN311_CLEAR_MS later.
 */
const OPEN311_CLEAR_MS = 2_000;
const OPEN311_CLEAR_MAX = 10_000;
const clearAddresses = new WeakMap<object, { until: Map<string, number>; badKeys: number }>();
function clearOf(ctx: AppContext): { until: Map<string, number>; badKeys: number } {
  let state = clearAddresses.get(ctx.db);
  if (!state) clearAddresses.set(ctx.db, (state = { until: new Map(), badKeys: 0 }));
  return state;
}

/** Open311: refuse an address that has sent too many bad keys (checked before the key lookup; counts nothing). */
export async function assertOpen311KeyAttempts(ctx: AppContext, ip: string, nowMs = Date.now()): Promise<void> {
  const key = ipKey(ctx, ip);
  const state = clearOf(ctx);
  const until = state.until.get(key);
  if (until !== undefined && until > nowMs) return;
  // A bad key recorded while this read was in flight: its answer may predate it, so it is not kept.
  const badKeysBefore = state.badKeys;
  await assertUnderRate(ctx.db, [[TICKET_RATE_RULES.open311BadKeyPerIp, key]]);
  if (state.badKeys !== badKeysBefore) return;
  state.until.delete(key);
  if (state.until.size >= OPEN311_CLEAR_MAX) state.until.delete(state.until.keys().next().value!);
  state.until.set(key, nowMs + OPEN311_CLEAR_MS);
}

export async function recordOpen311BadKey(ctx: AppContext, ip: string): Promise<void> {
  const key = ipKey(ctx, ip);
  const state = clearOf(ctx);
  state.badKeys++;
  state.until.delete(key);
  await recordRateHit(ctx.db, [[TICKET_RATE_RULES.open311BadKeyPerIp, key]]);
  state.badKeys++;
  state.until.delete(key);
}
