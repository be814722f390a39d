import { createPublicKey } from 'node:crypto';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { Principal } from '../../platform/access/principal.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { forgetTrustCache, signingKeyFor } from './health-code.signing.ts';
import { publicJwk, type SigningAlgorithm } from './health-code.tokens.ts';
import * as repo from './health-code.repository.ts';
import { HealthCodeErrors } from './health-code.errors.ts';

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

/** Adds (or re-trusts) another issuer's public key. */
export async function addTrustedIssuer(
  ctx: AppContext,
  staff: Extract<Principal, { kind: 'staff' }>,
  input: { issuer: string; kid: string; algorithm: SigningAlgorithm; publicKeyPem: string; name: string },
  meta: RequestMeta,
): Promise<repo.TrustedIssuerRow> {
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
  const row = await ctx.db.transaction(async (tx) => {
    const saved = await repo.insertTrustedIssuer(tx, { ...input, createdBy: staff.staffId });
    await appendAudit(tx, { actor: staff, action: 'health-code.issuer.trust', subjectType: 'trusted_issuer', subjectId: saved.id, detail: { issuer: input.issuer, kid: input.kid, algorithm: input.algorithm }, ip: meta.ip, requestId: meta.requestId });
    return saved;
  });
  forgetTrustCache(ctx);
  return row;
}

/** Stops trusting an issuer key. */
export async function removeTrustedIssuer(ctx: AppContext, staff: Extract<Principal, { kind: 'staff' }>, id: string, meta: RequestMeta): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await repo.revokeTrustedIssuer(tx, id);
    if (!row) throw new AppError(CommonErrors.NOT_FOUND);
    await appendAudit(tx, { actor: staff, action: 'health-code.issuer.revoke', subjectType: 'trusted_issuer', subjectId: id, detail: { issuer: row.issuer, kid: row.kid }, ip: meta.ip, requestId: meta.requestId });
  });
  forgetTrustCache(ctx);
}
