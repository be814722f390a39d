import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/database.ts';
import type { FieldCipher } from '../crypto/field-cipher.ts';
import { maskName, maskPhone } from '../crypto/masking.ts';
import { citizens, staffAccounts } from '../identity/identity.tables.ts';

/** Who an id in the trail is, as a person reading the trail may see it. */
export interface PartyNames {
  staff: Map<string, string>;
  citizens: Map<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Names the staff and citizens a page of the trail mentions (as actor or subject): a staff account as
 * "display name (username)" — a work identity — and a citizen only masked (张*, or 138****0000 before
 * real-name registration), never in clear.
 */
export async function namePartiesOf(
  db: DbOrTx,
  cipher: FieldCipher,
  rows: readonly { actorType: string; actorId: string; subjectType: string | null; subjectId: string | null }[],
): Promise<PartyNames> {
  const staffIds = new Set<string>();
  const citizenIds = new Set<string>();
  for (const row of rows) {
    if (row.actorType === 'staff' && UUID.test(row.actorId)) staffIds.add(row.actorId);
    if (row.actorType === 'citizen' && UUID.test(row.actorId)) citizenIds.add(row.actorId);
    if (row.subjectType === 'staff' && row.subjectId && UUID.test(row.subjectId)) staffIds.add(row.subjectId);
    if (row.subjectType === 'citizen' && row.subjectId && UUID.test(row.subjectId)) citizenIds.add(row.subjectId);
  }
  const [staffRows, citizenRows] = await Promise.all([
    staffIds.size
      ? db.select({ id: staffAccounts.id, displayName: staffAccounts.displayName, username: staffAccounts.username }).from(staffAccounts).where(inArray(staffAccounts.id, [...staffIds]))
      : [],
    citizenIds.size
      ? db.select({ id: citizens.id, nameCipher: citizens.nameCipher, phoneCipher: citizens.phoneCipher }).from(citizens).where(inArray(citizens.id, [...citizenIds]))
      : [],
  ]);
  return {
    staff: new Map(staffRows.map((s) => [s.id, `${s.displayName} (${s.username})`])),
    citizens: new Map(
      citizenRows.map((c) => {
        const name = cipher.decrypt(c.nameCipher);
        return [c.id, name ? maskName(name) : maskPhone(cipher.decrypt(c.phoneCipher))];
      }),
    ),
  };
}

/** The name of one party of a row, or null. */
export function partyName(names: PartyNames, type: string | null, id: string | null): string | null {
  if (!type || !id) return null;
  if (type === 'staff') return names.staff.get(id) ?? null;
  if (type === 'citizen') return names.citizens.get(id) ?? null;
  return null;
}
