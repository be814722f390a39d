import { randomInt } from 'node:crypto';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import { and, desc, eq, like, type SQL } from 'drizzle-orm';
import { citizens } from '../identity/identity.tables.ts';
import { assertInScope, asStaff } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { appendAudit, recordAudit } from '../audit/audit.service.ts';
import { maskName } from '../crypto/masking.ts';
import { allSigningKeys, currentSigningKey, newSigningKeyCache, publicSigningKey, type SigningKeyCache } from '../crypto/signing-keys.ts';
import type { DbOrTx, Tx } from '../db/database.ts';
import { isDivisionCode } from '../divisions/index.ts';
import type { AppContext } from '../http/context.ts';
import { AppError, CommonErrors } from '../http/errors.ts';
import type { RequestMeta } from '../identity/request-meta.ts';
import { defineState } from '../modules/module.ts';
import { DocumentErrors } from './documents.errors.ts';
import { renderDocumentPdf } from './documents.pdf.ts';
import {
  newDocumentCode, normaliseDocumentCode, sha256Hex, signStatement, verifyStatement,
  type DocumentSigningAlgorithm, type DocumentStatement,
} from './documents.signing.ts';
import { documents, documentSigningKeys, type DocumentFact } from './documents.tables.ts';

export type DocumentRow = typeof documents.$inferSelect;
export type DocumentKind = 'certificate' | 'approval_letter' | 'refusal_letter';
type Staff = Extract<Principal, { kind: 'staff' }>;
type Citizen = Extract<Principal, { kind: 'citizen' }>;

/** Per-app signing state: the current key (loaded or generated on first use) and public keys by kid. */
export const DocumentKeysState = defineState<SigningKeyCache>('documents.keys');
export const createDocumentKeys = newSigningKeyCache;

const signingKey = (ctx: AppContext) =>
  currentSigningKey(DocumentKeysState.of(ctx), ctx.db, ctx.cipher, documentSigningKeys, ctx.config.codeSigningAlgorithm as DocumentSigningAlgorithm);
const publicKeyOf = (ctx: AppContext, kid: string) => publicSigningKey(DocumentKeysState.of(ctx), ctx.db, documentSigningKeys, kid);

/** The public keys documents are signed with (for verification elsewhere, offline). */
export async function documentPublicKeys(ctx: AppContext): Promise<{ kid: string; algorithm: string; publicKeyPem: string; retired: boolean }[]> {
  await signingKey(ctx);
  const rows = await allSigningKeys(ctx.db, documentSigningKeys);
  return rows.map((r) => ({ kid: r.kid, algorithm: r.algorithm, publicKeyPem: r.publicKeyPem, retired: r.retiredAt !== null }));
}

/** The address printed under a document's QR code: the citizen app's public verification page. */
export function verifyUrlOf(ctx: AppContext, code: string): string {
  return `${ctx.config.publicUrl.replace(/\/$/, '')}/m/verify?code=${encodeURIComponent(code)}`;
}

/** The statement a document's signature covers (documents.signing.ts). */
export function statementOf(row: Pick<DocumentRow, 'code' | 'kind' | 'title' | 'facts' | 'holderMasked' | 'issuerDepartment' | 'regionCode' | 'issuedAt' | 'validUntil' | 'sha256' | 'kid'>): DocumentStatement {
  return {
    v: 1, code: row.code, kind: row.kind, title: row.title, facts: row.facts, holder: row.holderMasked, issuer: row.issuerDepartment, regionCode: row.regionCode,
    issuedAt: row.issuedAt.toISOString(), validUntil: row.validUntil?.toISOString() ?? null, sha256: row.sha256, kid: row.kid,
  };
}

/** What a module (or an officer) asks to issue. */
export interface IssueDocumentInput {
  kind: DocumentKind;
  title: string;
  /** Public facts printed on the document: the item, the decision, the licence number — no ID numbers or phones. */
  facts: DocumentFact[];
  holderName: string;
  holderCitizenId?: string | null;
  issuerDepartment: string;
  regionCode: string;
  validUntil?: Date | null;
  sourceType?: string | null;
  sourceId?: string | null;
}

/** A PDF rendered and signed, not yet stored: render outside a transaction, store inside one. */
export interface PreparedDocument {
  values: typeof documents.$inferInsert;
}

/**
 * Renders and signs a document (CPU work: about a second with the CJK font). Call it before the
 * transaction that stores it (storeDocument), so the transaction stays short.
 */
export async function prepareDocument(ctx: AppContext, input: IssueDocumentInput, now: Date = new Date()): Promise<PreparedDocument> {
  if (!isDivisionCode(input.regionCode)) throw new AppError(DocumentErrors.DOCUMENTS_DIVISION_UNKNOWN, { regionCode: input.regionCode });
  const key = await signingKey(ctx);
  const code = newDocumentCode(randomInt);
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const holderMasked = maskName(input.holderName);
  const facts = input.facts.map((f) => ({ label: f.label.trim(), value: f.value.trim() }));
  const pdf = await renderDocumentPdf(
    { code, kind: input.kind, title: input.title.trim(), facts, holderMasked, issuerDepartment: input.issuerDepartment, issuedAt, validUntil: input.validUntil ?? null, verifyUrl: verifyUrlOf(ctx, code) },
    ctx.config.cjkFontPath,
  );
  const base = {
    code, kind: input.kind, title: input.title.trim(), facts, holderMasked, issuerDepartment: input.issuerDepartment, regionCode: input.regionCode,
    issuedAt, validUntil: input.validUntil ?? null, sha256: sha256Hex(pdf), kid: key.kid,
  };
  const signature = signStatement(statementOf(base), key.privateKey, key.algorithm);
  return {
    values: {
      ...base,
      holderCitizenId: input.holderCitizenId ?? null,
      holderNameCipher: ctx.cipher.encrypt(input.holderName.trim())!,
      sourceType: input.sourceType ?? null,
      sourceId: input.sourceId ?? null,
      pdfBase64: pdf.toString('base64'),
      algorithm: key.algorithm,
      signature,
    },
  };
}

/** Stores a prepared document in the caller's transaction and audits its issuance (`documents.document.issue`). */
export async function storeDocument(
  tx: Tx,
  prepared: PreparedDocument,
  by: { actor: Principal | { kind: 'system'; id: string }; meta?: RequestMeta },
): Promise<DocumentRow> {
  const issuedBy = by.actor.kind === 'staff' ? by.actor.staffId : null;
  const [row] = await tx.insert(documents).values({ ...prepared.values, issuedBy }).returning();
  await appendAudit(tx, {
    actor: by.actor, action: 'documents.document.issue', subjectType: 'document', subjectId: row.id, regionCode: row.regionCode,
    detail: { code: row.code, kind: row.kind, title: row.title, sourceType: row.sourceType, sourceId: row.sourceId, sha256: row.sha256 },
    ip: by.meta?.ip, requestId: by.meta?.requestId,
  });
  return row;
}

/** Issues a document in one go (render, sign, store, audit): what a module calls after a decision. */
export async function issueDocument(ctx: AppContext, input: IssueDocumentInput, by: { actor: Principal | { kind: 'system'; id: string }; meta?: RequestMeta }): Promise<DocumentRow> {
  if (input.holderCitizenId) {
    const [holder] = await ctx.db.select({ id: citizens.id }).from(citizens).where(eq(citizens.id, input.holderCitizenId));
    if (!holder) throw new AppError(DocumentErrors.DOCUMENTS_HOLDER_UNKNOWN);
  }
  const prepared = await prepareDocument(ctx, input);
  return ctx.db.transaction((tx) => storeDocument(tx, prepared, by));
}


/** An officer issues a document in their region (the route's action is documents.document.issue). */
export async function issueAsOfficer(ctx: AppContext, principal: Principal, input: Omit<IssueDocumentInput, 'issuerDepartment'>, meta: RequestMeta): Promise<DocumentRow> {
  const staff = asStaff(principal);
  assertInScope(staff, input.regionCode);
  return issueDocument(ctx, { ...input, issuerDepartment: staff.department }, { actor: staff, meta });
}

/** The outcome of a verification: what the document says (masked as printed) and whether it stands. */
export interface Verification {
  genuine: boolean;
  /** valid | revoked | expired; `tampered` when a file does not match the document its code names. */
  status: 'valid' | 'revoked' | 'expired' | 'tampered';
  row: DocumentRow;
}

async function signatureHolds(ctx: AppContext, row: DocumentRow): Promise<boolean> {
  const key = await publicKeyOf(ctx, row.kid);
  return key !== null && verifyStatement(statementOf(row), row.signature, key.publicKey, key.algorithm) && sha256Hex(Buffer.from(row.pdfBase64, 'base64')) === row.sha256;
}

function standing(row: DocumentRow, now: Date): Verification['status'] {
  if (row.revokedAt) return 'revoked';
  if (row.validUntil && row.validUntil.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

/** Public check by code: the stored record's signature is verified, and its standing told (DOCUMENTS_UNKNOWN_CODE otherwise). */
export async function verifyByCode(ctx: AppContext, input: string, now: Date = new Date()): Promise<Verification> {
  const code = normaliseDocumentCode(input);
  if (!code) throw new AppError(DocumentErrors.DOCUMENTS_UNKNOWN_CODE);
  const [row] = await ctx.db.select().from(documents).where(eq(documents.code, code));
  if (!row) throw new AppError(DocumentErrors.DOCUMENTS_UNKNOWN_CODE);
  const genuine = await signatureHolds(ctx, row);
  return { genuine, status: genuine ? standing(row, now) : 'tampered', row };
}

/**
 * Public check of a file: its SHA-256 must be the digest of a document we signed (and the signature
 * over that statement must hold). A changed byte gives another digest: `genuine: false`. With a code,
 * a file that is not that document's PDF is reported as tampered.
 */
export async function verifyFile(ctx: AppContext, bytes: Buffer, code: string | null, now: Date = new Date()): Promise<Verification | { genuine: false; status: 'unknown' }> {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError(DocumentErrors.DOCUMENTS_NOT_PDF);
  const digest = sha256Hex(bytes);
  if (code) {
    const byCode = await verifyByCode(ctx, code, now);
    if (byCode.row.sha256 !== digest) return { genuine: false, status: 'tampered', row: byCode.row };
    return byCode;
  }
  const [row] = await ctx.db.select().from(documents).where(eq(documents.sha256, digest)).limit(1);
  if (!row) return { genuine: false, status: 'unknown' };
  const genuine = await signatureHolds(ctx, row);
  return { genuine, status: genuine ? standing(row, now) : 'tampered', row };
}

/** Revokes a document of the officer's region with a reason (audited); a module may pass the system as actor. */
export async function revokeDocument(
  ctx: AppContext, principal: Principal | { kind: 'system'; id: string }, id: string, reason: string, meta?: RequestMeta, tx?: Tx,
): Promise<DocumentRow> {
  const run = async (t: Tx) => {
    const [row] = await t.select().from(documents).where(eq(documents.id, id)).for('update');
    if (!row) throw new AppError(CommonErrors.NOT_FOUND);
    if (principal.kind === 'staff') assertInScope(principal, row.regionCode);
    if (row.revokedAt) throw new AppError(DocumentErrors.DOCUMENTS_ALREADY_REVOKED);
    const [updated] = await t
      .update(documents)
      .set({ revokedAt: new Date(), revokedBy: principal.kind === 'staff' ? principal.staffId : null, revokeReason: reason.trim() })
      .where(eq(documents.id, id))
      .returning();
    await appendAudit(t, {
      actor: principal, action: 'documents.document.revoke', subjectType: 'document', subjectId: row.id, regionCode: row.regionCode,
      detail: { code: row.code, reason: reason.trim() }, ip: meta?.ip, requestId: meta?.requestId,
    });
    return updated;
  };
  return tx ? run(tx) : ctx.db.transaction(run);
}

/** A module's documents for one source (e.g. an application's results). */
export async function documentsOfSource(db: DbOrTx, sourceType: string, sourceId: string): Promise<DocumentRow[]> {
  return db.select().from(documents).where(and(eq(documents.sourceType, sourceType), eq(documents.sourceId, sourceId))).orderBy(desc(documents.issuedAt));
}

/** The citizen's own documents, newest first. */
export async function documentsOfHolder(ctx: AppContext, citizen: Citizen): Promise<DocumentRow[]> {
  return ctx.db.select().from(documents).where(eq(documents.holderCitizenId, citizen.citizenId)).orderBy(desc(documents.issuedAt)).limit(200);
}

/** One of the citizen's documents as PDF bytes (NOT_FOUND for anyone else's). */
export async function holderPdf(ctx: AppContext, citizen: Citizen, id: string): Promise<{ row: DocumentRow; pdf: Buffer }> {
  const [row] = await ctx.db.select().from(documents).where(eq(documents.id, id));
  if (!row || row.holderCitizenId !== citizen.citizenId) throw new AppError(CommonErrors.NOT_FOUND);
  return { row, pdf: Buffer.from(row.pdfBase64, 'base64') };
}

/** Documents issued in the officer's region, newest first (holders masked by the presenter; audited). */
export async function listIssued(ctx: AppContext, principal: Principal, meta: RequestMeta, limit = 100): Promise<DocumentRow[]> {
  const staff: Staff = asStaff(principal);
  const where: SQL | undefined = staff.regionCode ? like(documents.regionCode, `${divisionPrefix(staff.regionCode)}%`) : undefined;
  const scoped = await ctx.db.select().from(documents).where(where).orderBy(desc(documents.issuedAt)).limit(limit);
  await recordAudit(ctx.db, { actor: staff, action: 'documents.document.list', subjectType: 'document', regionCode: staff.regionCode || null, detail: { count: scoped.length }, ip: meta.ip, requestId: meta.requestId });
  return scoped;
}
