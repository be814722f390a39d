import { createHash, createPublicKey } from 'node:crypto';
import { divisionLevel } from '@fangxian/contracts/kernel';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { Principal } from '../../platform/access/principal.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { forgetTrustCache, signingKeyFor } from './health-code.signing.ts';
import { publicJwk, type SigningAlgorithm } from './health-code.tokens.ts';
import * as repo from './health-code.repository.ts';
import { HealthCodeErrors } from './health-code.errors.ts';
import { approvalStatus, decideApproval, listApprovals, proposeApproval, type ApprovalRow } from '../../platform/approvals/index.ts';

type Staff = Extract<Principal, { kind: 'staff' }>;

const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex');

/** This issuer's public keys, for other regions to verify our tokens offline. */
export async function publishedKeys(ctx: AppContext) {
  await signingKeyFor(ctx); // make sure a key exists on a fresh install
  const rows = await repo.findSigningKeys(ctx.db);
  return {
    issuer: ctx.config.codeIssuer,
    keys: rows.map((k) => ({
      kid: k.kid,
      alg: k.algorithm as SigningAlgorithm,
      publicKeyPem: k.publicKeyPem,
      jwk: publicJwk(k.publicKeyPem, k.algorithm as SigningAlgorithm, k.kid),
      createdAt: k.createdAt.toISOString(),
      retired: k.retiredAt !== null,
    })),
  };
}

/** Trusted other issuers: from the console (table) and from FX_TRUSTED_ISSUERS (read-only here). */
export async function listTrustedIssuers(ctx: AppContext) {
  const fromDb = (await repo.findTrustedIssuers(ctx.db)).map((t) => ({ id: t.id, issuer: t.issuer, kid: t.kid, algorithm: t.algorithm, name: t.name, publicKeyPem: t.publicKeyPem, source: 'console' as const, createdAt: t.createdAt.toISOString() }));
  const fromEnv = ctx.config.trustedIssuers.map((t) => ({ id: null, issuer: t.issuer, kid: t.kid, algorithm: t.algorithm, name: t.name, publicKeyPem: t.publicKeyPem, source: 'environment' as const, createdAt: null }));
  return [...fromEnv, ...fromDb];
}

/** The action maker-checker records for trusting (or re-trusting) another issuer's key. */
export const TRUST_ISSUER = 'health-code.issuer.trust';

/** SHA-256 of the key's SPKI DER, hex: what the audit chain and the approver see of a key. */
export function keyFingerprint(publicKeyPem: string): string {
  return createHash('sha256').update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' })).digest('hex');
}

/**
 * Trust decides which signatures every venue of the deployment accepts, so it is changed only by
 * officers whose region is a city or wider (a county officer could otherwise make the whole city
 * trust a forged signer).
 */
function assertCityScope(staff: Staff): void {
  if (staff.regionCode === '') return; // the whole country
  let level: string;
  try {
    level = divisionLevel(staff.regionCode);
  } catch {
    level = 'none';
  }
  if (level !== 'city' && level !== 'province') throw new AppError(HealthCodeErrors.HEALTH_CODE_ISSUER_SCOPE_TOO_NARROW);
}

type IssuerInput = { issuer: string; kid: string; algorithm: SigningAlgorithm; publicKeyPem: string; name: string };

/** A trust proposal as the console shows it. */
export function presentIssuerProposal(row: ApprovalRow) {
  const p = row.payload as IssuerInput;
  return {
    id: row.id,
    status: approvalStatus(row),
    issuer: p.issuer,
    kid: p.kid,
    algorithm: p.algorithm,
    name: p.name,
    publicKeyPem: p.publicKeyPem,
    fingerprint: String(row.summary.fingerprint ?? ''),
    regionCode: row.regionCode,
    proposedBy: row.proposedBy,
    proposedAt: row.proposedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
  };
}

/**
 * Proposes trusting (or re-trusting) another issuer's public key. Nothing is trusted until a second
 * officer of city-or-wider scope approves it (decideIssuerProposal); the proposal is audited with the
 * key's fingerprint.
 */
export async function proposeTrustedIssuer(ctx: AppContext, staff: Staff, input: IssuerInput, meta: RequestMeta) {
  assertCityScope(staff);
  if (input.issuer === ctx.config.codeIssuer) throw new AppError(HealthCodeErrors.HEALTH_CODE_ISSUER_KEY_INVALID, { reason: 'this is our own issuer id' });
  try {
    const key = createPublicKey(input.publicKeyPem);
    // Node does not name SM2 keys read from PEM; the curve's OID (1.2.156.10197.1.301) identifies them.
    const der = key.export({ type: 'spki', format: 'der' });
    const fits = input.algorithm === 'ed25519' ? key.asymmetricKeyType === 'ed25519' : der.includes(SM2_CURVE_OID);
    if (!fits) throw new Error('algorithm mismatch');
  } catch {
    throw new AppError(HealthCodeErrors.HEALTH_CODE_ISSUER_KEY_INVALID);
  }
  const fingerprint = keyFingerprint(input.publicKeyPem);
  const payload = { issuer: input.issuer, kid: input.kid, algorithm: input.algorithm, publicKeyPem: input.publicKeyPem, name: input.name };
  const row = await ctx.db.transaction((tx) =>
    proposeApproval(tx, { kind: TRUST_ISSUER, staff, payload, summary: { issuer: input.issuer, kid: input.kid, algorithm: input.algorithm, fingerprint }, meta }),
  );
  return presentIssuerProposal(row);
}

/** Trust proposals in the officer's scope, newest first. */
export async function listIssuerProposals(ctx: AppContext, staff: Staff) {
  return (await listApprovals(ctx.db, TRUST_ISSUER, staff)).map((row) => presentIssuerProposal(row));
}

/**
 * A second officer (city or wider, not the proposer) approves or rejects a trust proposal; on
 * approval the key is trusted in the same transaction, audited as health-code.issuer.trust with its
 * fingerprint, the proposer and the approver.
 */
export async function decideIssuerProposal(ctx: AppContext, staff: Staff, id: string, input: { decision: 'approve' | 'reject'; note?: string }, meta: RequestMeta) {
  assertCityScope(staff);
  const { row } = await ctx.db.transaction((tx) =>
    decideApproval(tx, {
      id,
      kind: TRUST_ISSUER,
      staff,
      decision: input.decision,
      note: input.note,
      meta,
      apply: async (proposal) => {
        const p = proposal.payload as IssuerInput;
        const saved = await repo.insertTrustedIssuer(tx, { ...p, createdBy: proposal.proposedBy });
        await appendAudit(tx, {
          actor: staff,
          action: TRUST_ISSUER,
          subjectType: 'trusted_issuer',
          subjectId: saved.id,
          detail: { issuer: p.issuer, kid: p.kid, algorithm: p.algorithm, fingerprint: keyFingerprint(p.publicKeyPem), approvalId: proposal.id, proposedBy: proposal.proposedBy },
          ip: meta.ip,
          requestId: meta.requestId,
        });
        return saved;
      },
    }),
  );
  if (input.decision === 'approve') forgetTrustCache(ctx);
  return presentIssuerProposal(row);
}

/** Stops trusting an issuer key. */
export async function removeTrustedIssuer(ctx: AppContext, staff: Staff, id: string, meta: RequestMeta): Promise<void> {
  assertCityScope(staff);
  await ctx.db.transaction(async (tx) => {
    const row = await repo.revokeTrustedIssuer(tx, id);
    if (!row) throw new AppError(CommonErrors.NOT_FOUND);
    await appendAudit(tx, { actor: staff, action: 'health-code.issuer.revoke', subjectType: 'trusted_issuer', subjectId: id, detail: { issuer: row.issuer, kid: row.kid, fingerprint: keyFingerprint(row.publicKeyPem) }, ip: meta.ip, requestId: meta.requestId });
  });
  forgetTrustCache(ctx);
}
