import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { AppContext } from '../src/platform/http/context.ts';
import { citizens, staffAccounts } from '../src/platform/identity/identity.tables.ts';
import { COMMITMENT } from '../src/platform/identity/commitment.ts';
import { createSession, csrfFor } from '../src/platform/identity/sessions.ts';
import type { StaffRole } from '../src/platform/access/principal.ts';

/** Test factories: create records with sensible defaults, straight through the real tables. */

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export interface SignedIn {
  id: string;
  token: string;
  /** Headers for app.inject as a bearer-token caller. */
  headers: { authorization: string };
  /** Headers for a cookie-session caller (with the CSRF header). */
  cookieHeaders: { cookie: string; 'x-csrf-token': string };
}

function signedIn(id: string, token: string): SignedIn {
  return {
    id,
    token,
    headers: { authorization: `Bearer ${token}` },
    cookieHeaders: { cookie: `fx_session=${token}; fx_csrf=${csrfFor(token)}`, 'x-csrf-token': csrfFor(token) },
  };
}

/** A random valid-looking mainland mobile number. */
export function randomPhone(): string {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/** Creates a citizen (optionally with real-name data) and a session for them. */
export async function createCitizen(
  ctx: AppContext,
  fields: { phone?: string; name?: string; idNumber?: string; householdDivision?: string } = {},
): Promise<SignedIn & { phone: string }> {
  const phone = fields.phone ?? randomPhone();
  const [row] = await ctx.db
    .insert(citizens)
    .values({
      phoneCipher: ctx.cipher.encrypt(phone),
      phoneIndex: ctx.blindIndex.of('phone', phone),
      nameCipher: ctx.cipher.encrypt(fields.name ?? null),
      documentType: fields.idNumber ? 'resident_id' : null,
      documentNumberCipher: ctx.cipher.encrypt(fields.idNumber ?? null),
      documentIndex: fields.idNumber ? ctx.blindIndex.of('id', fields.idNumber) : null,
      householdDivision: fields.householdDivision ?? null,
      realNameAt: fields.name ? new Date() : null,
    })
    .returning({ id: citizens.id });
  const { token } = await createSession(ctx.db, { type: 'citizen', id: row.id }, 1);
  return { ...signedIn(row.id, token), phone };
}

/** Creates a staff account with the given roles and region scope, and a session for it. */
export async function createStaff(
  ctx: AppContext,
  fields: {
    roles: StaffRole[];
    regionCode?: string;
    department?: string;
    username?: string;
    password?: string;
    venueId?: string | null;
    /** Whether the account has signed the current confidentiality commitment (default true; false to test the gate). */
    commitment?: boolean;
  },
): Promise<SignedIn & { username: string; password: string }> {
  const username = fields.username ?? `officer_${next()}`;
  const password = fields.password ?? `Pw-${randomBytes(6).toString('hex')}`;
  const [row] = await ctx.db
    .insert(staffAccounts)
    .values({
      username,
      passwordHash: await hash(password),
      displayName: username,
      department: fields.department ?? fields.roles[0],
      roles: fields.roles,
      regionCode: fields.regionCode ?? '510600',
      venueId: fields.venueId ?? null,
      ...(fields.commitment === false ? {} : { commitmentVersion: COMMITMENT.version, commitmentSignedAt: new Date() }),
    })
    .returning({ id: staffAccounts.id });
  const { token } = await createSession(ctx.db, { type: 'staff', id: row.id }, 1);
  return { ...signedIn(row.id, token), username, password };
}

/**
 * Signs the current confidentiality commitment through the API, as a new account does at its first
 * sign-in (accounts made by createStaff have signed already; ones created through the API have not).
 */
export async function signCommitment(app: { inject: (o: { method: 'POST'; url: string; headers: Record<string, string>; payload: unknown }) => PromiseLike<{ statusCode: number; body: string }> }, headers: Record<string, string>): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/api/me/commitment', headers, payload: { version: COMMITMENT.version } });
  if (res.statusCode !== 200) throw new Error(`signing the commitment failed: ${res.statusCode} ${res.body}`);
}
