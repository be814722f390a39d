import { createHash } from 'node:crypto';
import { desc, eq, like, sql } from 'drizzle-orm';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import type { AppContext } from '../http/context.ts';
import { AppError, CommonErrors } from '../http/errors.ts';
import { appendAudit, recordAudit } from '../audit/audit.service.ts';
import type { Principal } from '../access/principal.ts';
import type { RequestMeta } from './request-meta.ts';
import type { DbOrTx } from '../db/database.ts';
import { staffAccounts, staffCommitmentTexts, staffCommitments } from './identity.tables.ts';
import { IdentityErrors } from './identity.errors.ts';

type Staff = Extract<Principal, { kind: 'staff' }>;

/**
 * The confidentiality commitment (保密承诺书) every staff account signs before it can do any staff
 * work (and so reach any personal data): at first sign-in, again whenever a new version is
 * published, and again a year after the last signature. This is the first version (seeded: it is
 * current while `staff_commitment_texts` holds no row); later versions are published from the
 * console through maker-checker (commitment-texts.ts).
 */
export const COMMITMENT = {
  version: 1,
  /** A signature is good for this many days. */
  validDays: 365,
  title: { zh: '疫情防控个人信息保密承诺书', en: 'Confidentiality commitment for epidemic-control personal data' },
  text: {
    zh: [
      '本人作为疫情防控信息平台的工作人员，郑重承诺：',
      '一、仅为履行本人职责、在授权范围内查询和使用个人信息，不超出工作需要查询、复制、下载个人信息；',
      '二、不以任何方式向无关人员泄露、出售、提供或公开在工作中获取的个人信息（包括姓名、身份证件号码、手机号码、住址、行程、健康状况等）；',
      '三、不截屏、拍照、转发或在工作以外的设备和渠道保存个人信息；',
      '四、妥善保管本人账号和密码，不转借他人使用，发现账号异常立即报告；',
      '五、知悉本人在平台中的每次查询和操作均被记录并可追溯；离岗、调岗后继续履行保密义务。',
      '如有违反，本人愿承担相应的纪律责任和《中华人民共和国个人信息保护法》《中华人民共和国传染病防治法》等法律法规规定的法律责任。',
    ].join('\n'),
    en: [
      'As a member of staff of the epidemic-control platform I solemnly undertake:',
      '1. to look up and use personal information only to perform my duties and within my authorisation, and not to look up, copy or download any beyond what my work needs;',
      '2. not to disclose, sell, provide or publish in any way to anyone not entitled to it personal information obtained in my work (names, identity document numbers, phone numbers, addresses, movements, health conditions and the like);',
      '3. not to take screenshots or photographs of personal information, forward it, or keep it on devices or channels outside my work;',
      '4. to keep my account and password safe, never let anyone else use them, and report anything unusual on my account at once;',
      '5. I know that every look-up and action of mine on the platform is recorded and traceable; my duty of confidentiality continues after I leave or change posts.',
      'If I breach this undertaking I accept the disciplinary consequences and the legal liability under the Personal Information Protection Law, the Law on the Prevention and Control of Infectious Diseases and other laws and regulations.',
    ].join('\n'),
  },
} as const;

/** One version of the commitment text. */
export interface CommitmentText {
  version: number;
  title: { zh: string; en: string };
  text: { zh: string; en: string };
}

/** SHA-256 (hex) of a version's text (the current code-seeded one by default), stored with each signature. */
export function commitmentTextHash(c: CommitmentText = COMMITMENT): string {
  return createHash('sha256').update(`${c.version}\n${c.text.zh}\n${c.text.en}`).digest('hex');
}

/** SQL for the current version number (the highest published, else the seeded first), read with every session. */
export const CURRENT_COMMITMENT_VERSION_SQL = `(select coalesce(max(version), ${COMMITMENT.version}) from staff_commitment_texts)`;

/** The current commitment text: the highest published version, or the seeded first. */
export async function currentCommitment(db: DbOrTx): Promise<CommitmentText & { publishedAt: string | null }> {
  const [row] = await db.select().from(staffCommitmentTexts).orderBy(desc(staffCommitmentTexts.version)).limit(1);
  if (!row) return { version: COMMITMENT.version, title: { ...COMMITMENT.title }, text: { ...COMMITMENT.text }, publishedAt: null };
  return { version: row.version, title: { zh: row.titleZh, en: row.titleEn }, text: { zh: row.textZh, en: row.textEn }, publishedAt: row.publishedAt.toISOString() };
}

/** The current version number alone. */
export async function currentCommitmentVersion(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ version: sql<number>`${sql.raw(CURRENT_COMMITMENT_VERSION_SQL)}` }).from(sql`(select 1) as one`);
  return Number(row.version);
}

/**
 * When an account's signature (version, time) stops being enough; null when it already is not (or
 * never was). `current` is the current version (the seeded first when not given).
 */
export function commitmentValidUntil(version: number | null | undefined, signedAt: Date | string | null | undefined, now = new Date(), current: number = COMMITMENT.version): Date | null {
  if (version !== current || !signedAt) return null;
  const until = new Date(new Date(signedAt).getTime() + COMMITMENT.validDays * 86_400_000);
  return until.getTime() > now.getTime() ? until : null;
}

/** True when the staff principal has signed the current commitment (read with its session) within the last year. */
export function hasCurrentCommitment(principal: Staff, now = new Date()): boolean {
  return commitmentValidUntil(principal.commitmentVersion, principal.commitmentSignedAt, now, principal.commitmentCurrent ?? COMMITMENT.version) !== null;
}

/** The commitment as the signing page shows it, with the account's state. */
export async function commitmentStatus(ctx: AppContext, staffId: string) {
  const [row] = await ctx.db
    .select({ version: staffAccounts.commitmentVersion, signedAt: staffAccounts.commitmentSignedAt })
    .from(staffAccounts)
    .where(eq(staffAccounts.id, staffId));
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  const current = await currentCommitment(ctx.db);
  const validUntil = commitmentValidUntil(row.version, row.signedAt, new Date(), current.version);
  return {
    version: current.version,
    title: current.title,
    text: current.text,
    required: validUntil === null,
    signedVersion: row.version ?? null,
    signedAt: row.signedAt ? row.signedAt.toISOString() : null,
    validUntil: validUntil ? validUntil.toISOString() : null,
  };
}

/**
 * Records the account's signature of the current text: the version it read must be the current one
 * (else IDENTITY_COMMITMENT_OUTDATED: the page reloads the new text). Audited as identity.commitment.sign.
 */
export async function signCommitment(ctx: AppContext, principal: Principal, version: number, meta: RequestMeta) {
  if (principal.kind !== 'staff') throw new AppError(IdentityErrors.IDENTITY_COMMITMENT_STAFF_ONLY);
  await ctx.db.transaction(async (tx) => {
    // The current version is read in the transaction that records the signature.
    const current = await currentCommitment(tx);
    if (version !== current.version) throw new AppError(IdentityErrors.IDENTITY_COMMITMENT_OUTDATED, { version: current.version });
    const textHash = commitmentTextHash(current);
    const now = new Date();
    const [signature] = await tx.insert(staffCommitments).values({ staffId: principal.staffId, version, textHash, signedAt: now, ip: meta.ip }).returning({ id: staffCommitments.id });
    // Changing the account row drops its cached sessions (change feed), so the next request sees the signature.
    await tx.update(staffAccounts).set({ commitmentVersion: version, commitmentSignedAt: now }).where(eq(staffAccounts.id, principal.staffId));
    await appendAudit(tx, {
      actor: principal,
      action: 'identity.commitment.sign',
      subjectType: 'staff',
      subjectId: principal.staffId,
      regionCode: principal.regionCode,
      detail: { version, textHash, signatureId: signature.id },
      ip: meta.ip,
      requestId: meta.requestId,
    });
  });
  return commitmentStatus(ctx, principal.staffId);
}

/**
 * Signatures of staff accounts in the administrator's region, newest first (console list). Audited as
 * identity.commitment.list (count, region).
 */
export async function listCommitments(ctx: AppContext, admin: Staff, meta: RequestMeta, limit = 500) {
  const rows = await ctx.db
    .select({
      id: staffCommitments.id,
      staffId: staffCommitments.staffId,
      version: staffCommitments.version,
      signedAt: staffCommitments.signedAt,
      username: staffAccounts.username,
      displayName: staffAccounts.displayName,
      regionCode: staffAccounts.regionCode,
    })
    .from(staffCommitments)
    .innerJoin(staffAccounts, eq(staffAccounts.id, staffCommitments.staffId))
    .where(like(staffAccounts.regionCode, `${divisionPrefix(admin.regionCode)}%`))
    .orderBy(desc(staffCommitments.signedAt))
    .limit(limit);
  const visible = rows;
  const currentVersion = await currentCommitmentVersion(ctx.db);
  await recordAudit(ctx.db, {
    actor: admin,
    action: 'identity.commitment.list',
    subjectType: 'staff',
    regionCode: admin.regionCode,
    detail: { count: visible.length },
    ip: meta.ip,
    requestId: meta.requestId,
  });
  return visible.map((r) => ({
    id: r.id,
    staffId: r.staffId,
    username: r.username,
    displayName: r.displayName,
    regionCode: r.regionCode,
    version: r.version,
    current: r.version === currentVersion,
    signedAt: r.signedAt.toISOString(),
  }));
}
