import { and, eq, ne } from 'drizzle-orm';
import type { Me } from '@fangxian/contracts/identity';
import { checkPersonName } from '@fangxian/contracts/names';
import type { AppContext } from '../http/context.ts';
import { AppError, CommonErrors } from '../http/errors.ts';
import { maskIdNumber, maskName, maskPhone } from '../crypto/masking.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { Principal, StaffRole } from '../access/principal.ts';
import { isLeafDivision } from '../divisions/index.ts';
import { citizens, staffAccounts } from './identity.tables.ts';
import { validateDocument, type DocumentType } from './documents.ts';
import type { RequestMeta } from './request-meta.ts';
import type { PrincipalWithProfile } from './sessions.ts';
import { isUniqueViolation } from './db-errors.ts';
import { IdentityErrors } from './identity.errors.ts';
import { commitmentValidUntil, currentCommitmentVersion } from './commitment.ts';

type CitizenRow = Pick<
  typeof citizens.$inferSelect,
  'id' | 'phoneCipher' | 'nameCipher' | 'documentType' | 'documentNumberCipher' | 'birthDate' | 'sex' | 'householdDivision' | 'language' | 'realNameAt'
>;
type StaffRow = Pick<typeof staffAccounts.$inferSelect, 'id' | 'displayName' | 'language' | 'roles' | 'department' | 'regionCode' | 'venueId'> & {
  commitmentVersion: number | null;
  commitmentSignedAt: Date | string | null;
  /** The current commitment version (absent: the seeded first). */
  commitmentCurrent?: number;
};

/** The `me` object of a citizen: everything personal masked, and what the policy lets citizens do. */
export function presentCitizenMe(ctx: AppContext, row: CitizenRow): Me {
  // Decrypts only what is shown: name and document once registered, otherwise the phone.
  const name = row.realNameAt && row.documentType && row.householdDivision ? ctx.cipher.decrypt(row.nameCipher) : null;
  const realName =
    row.realNameAt && name && row.documentType && row.householdDivision
      ? {
          name: maskName(name),
          documentType: row.documentType as DocumentType,
          documentNumber: maskIdNumber(ctx.cipher.decrypt(row.documentNumberCipher)),
          birthDate: row.birthDate ?? null,
          sex: (row.sex as 'male' | 'female' | null) ?? null,
          householdDivision: row.householdDivision,
        }
      : null;
  return {
    kind: 'citizen',
    id: row.id,
    displayName: realName ? realName.name : maskPhone(ctx.cipher.decrypt(row.phoneCipher)),
    language: row.language === 'en' ? 'en' : 'zh-CN',
    roles: [],
    department: null,
    regionCode: row.householdDivision ?? null,
    venueId: null,
    realName,
    actions: [...ctx.policy.allowedActions({ kind: 'citizen', citizenId: row.id, sessionId: '' })],
  };
}

/** The `me` object of a staff member, with what the policy lets their roles do (the surfaces build menus from it). */
export function presentStaffMe(ctx: AppContext, row: StaffRow): Me {
  const roles = row.roles as StaffRole[];
  // The policy reads a principal's kind and roles only; the session fields play no part here.
  const principal = { kind: 'staff', staffId: row.id, sessionId: '', username: '', roles, department: row.department, regionCode: row.regionCode, venueId: row.venueId ?? null } as const;
  return {
    kind: 'staff',
    id: row.id,
    displayName: row.displayName,
    language: row.language === 'en' ? 'en' : 'zh-CN',
    roles,
    department: row.department,
    regionCode: row.regionCode,
    venueId: row.venueId ?? null,
    realName: null,
    actions: [...ctx.policy.allowedActions(principal)],
    commitmentRequired: commitmentValidUntil(row.commitmentVersion, row.commitmentSignedAt, new Date(), row.commitmentCurrent) === null,
  };
}

// The `me` object per profile object. The principal cache hands out the same profile object until a
// write to sessions, staff accounts or citizens invalidates it (then a new object is read), so the
// presented — masked — object can be reused instead of decrypting and masking on every request.
const presented = new WeakMap<PrincipalWithProfile, Me>();

/** The `me` object from a profile read together with the session (identity hook, config.withProfile); null without one. */
export function meOfProfile(ctx: AppContext, found: PrincipalWithProfile | null): Me | null {
  if (!found) return null;
  const held = presented.get(found);
  if (held) return held;
  const me = presentMe(ctx, found);
  presented.set(found, me);
  return me;
}

function presentMe(ctx: AppContext, found: PrincipalWithProfile): Me {
  if ('citizen' in found) return presentCitizenMe(ctx, found.citizen);
  const { principal, staff } = found;
  return presentStaffMe(ctx, {
    id: principal.staffId,
    displayName: staff.displayName,
    language: staff.language,
    roles: principal.roles,
    department: principal.department,
    regionCode: principal.regionCode,
    venueId: principal.venueId,
    commitmentVersion: principal.commitmentVersion ?? null,
    commitmentSignedAt: principal.commitmentSignedAt ?? null,
    commitmentCurrent: principal.commitmentCurrent,
  });
}

/** Loads the `me` object of a signed-in subject. */
export async function loadMe(ctx: AppContext, subject: { type: 'citizen' | 'staff'; id: string }): Promise<Me> {
  if (subject.type === 'citizen') {
    const [row] = await ctx.db.select().from(citizens).where(eq(citizens.id, subject.id));
    if (!row) throw new AppError(CommonErrors.UNAUTHENTICATED);
    return presentCitizenMe(ctx, row);
  }
  const [row] = await ctx.db.select().from(staffAccounts).where(eq(staffAccounts.id, subject.id));
  if (!row) throw new AppError(CommonErrors.UNAUTHENTICATED);
  return presentStaffMe(ctx, { ...row, commitmentCurrent: await currentCommitmentVersion(ctx.db) });
}

/** The subject of a citizen or staff principal (API clients have no `me`). */
export function subjectOf(principal: Principal): { type: 'citizen' | 'staff'; id: string } {
  if (principal.kind === 'citizen') return { type: 'citizen', id: principal.citizenId };
  if (principal.kind === 'staff') return { type: 'staff', id: principal.staffId };
  throw new AppError(CommonErrors.FORBIDDEN);
}

/** Changes the caller's interface language. */
export async function changeLanguage(ctx: AppContext, principal: Principal, language: 'zh-CN' | 'en'): Promise<Me> {
  const subject = subjectOf(principal);
  const table = subject.type === 'citizen' ? citizens : staffAccounts;
  await ctx.db.update(table).set({ language, updatedAt: new Date() }).where(eq(table.id, subject.id));
  return loadMe(ctx, subject);
}

export interface RealNameInput {
  name: string;
  documentType: DocumentType;
  documentNumber: string;
  householdDivision: string;
  address?: string;
}

/**
 * Real-name registration (实名认证): validates the document, stores name, number and address
 * encrypted, finds the document by its blind index (one account per document), and audits the
 * change. Once registered, a citizen can correct name and address but not switch to another document.
 */
export async function registerRealName(ctx: AppContext, citizenId: string, input: RealNameInput, meta: RequestMeta): Promise<Me> {
  // Public-security naming: Chinese characters (rare ones included) with the middle dot, or Latin letters (the shared rule of the web form).
  const checked = checkPersonName(input.name);
  if (!checked.ok) throw new AppError(IdentityErrors.IDENTITY_NAME_INVALID, { field: 'name', problem: checked.problem });
  const name = checked.value;
  const verdict = validateDocument(input.documentType, input.documentNumber);
  if (!verdict.ok) throw new AppError(IdentityErrors.IDENTITY_DOCUMENT_INVALID, { problem: verdict.problem });
  // A household is registered in a county-level division (or a city without counties), never a whole city.
  if (!isLeafDivision(input.householdDivision)) throw new AppError(IdentityErrors.IDENTITY_DIVISION_INVALID);
  const address = input.address?.normalize('NFKC').trim() || null;
  const documentIndex = ctx.blindIndex.of('id', verdict.number);
  const register = ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(citizens).where(eq(citizens.id, citizenId)).for('update');
    if (!current) throw new AppError(CommonErrors.UNAUTHENTICATED);
    if (current.realNameAt && (current.documentType !== verdict.type || current.documentIndex !== documentIndex)) {
      throw new AppError(IdentityErrors.IDENTITY_REAL_NAME_LOCKED);
    }
    const [other] = await tx
      .select({ id: citizens.id })
      .from(citizens)
      .where(and(eq(citizens.documentType, verdict.type), eq(citizens.documentIndex, documentIndex), ne(citizens.id, citizenId)));
    if (other) throw new AppError(IdentityErrors.IDENTITY_DOCUMENT_IN_USE);
    const [row] = await tx
      .update(citizens)
      .set({
        nameCipher: ctx.cipher.encrypt(name),
        documentType: verdict.type,
        documentNumberCipher: ctx.cipher.encrypt(verdict.number),
        documentIndex,
        birthDate: verdict.birthDate,
        sex: verdict.sex,
        nationality: verdict.type === 'resident_id' ? 'CHN' : null,
        householdDivision: input.householdDivision,
        addressCipher: ctx.cipher.encrypt(address),
        realNameAt: current.realNameAt ?? new Date(),
        updatedAt: new Date(),
      })
      .where(eq(citizens.id, citizenId))
      .returning();
    await appendAudit(tx, {
      actor: { kind: 'citizen', citizenId, sessionId: '' },
      action: current.realNameAt ? 'identity.real-name.update' : 'identity.real-name.register',
      subjectType: 'citizen',
      subjectId: citizenId,
      regionCode: input.householdDivision,
      detail: { documentType: verdict.type },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return presentCitizenMe(ctx, row);
  });
  // Two accounts racing for one document: the unique index decides, the loser hears IDENTITY_DOCUMENT_IN_USE.
  return register.catch((err: unknown) => {
    throw isUniqueViolation(err) ? new AppError(IdentityErrors.IDENTITY_DOCUMENT_IN_USE) : err;
  });
}
