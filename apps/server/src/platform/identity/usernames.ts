import { sql, type SQL } from 'drizzle-orm';
import { staffAccounts } from './identity.tables.ts';

/**
 * The stored form of a staff username: trimmed and lower-cased, so `Venue01` and `venue01` are one
 * account. Every path that creates or looks up staff_accounts by username goes through it; the
 * unique index on lower(username) backs it up for rows written any other way.
 */
export function normaliseUsername(input: string): string {
  return input.trim().toLowerCase();
}

/** SQL condition matching the account with this username whatever its case (uses the lower(username) index). */
export function usernameMatches(input: string): SQL {
  return sql`lower(${staffAccounts.username}) = ${normaliseUsername(input)}`;
}
