import { createHash, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { officer } from './health-code.support.ts';
import { generateSigningKey, newCodeId, signToken } from '../src/modules/health-code/health-code.tokens.ts';
import { verifyCodeToken } from '../src/modules/health-code/index.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';

/**
 * Issue 10, item 2: one officer cannot make the city trust a forged signer. Trust changes need a
 * city-or-wider officer and a second one's approval (maker-checker), take effect only then, are
 * audited with the key fingerprint; other issuers' tokens live no longer than ours.
 */
describe('trusted issuers: city scope, maker-checker, fingerprint, token lifetime', { timeout: 180_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ codeIssuer: 'fx-deyang', codeTokenTtlMinutes: 3, trustedTokenMaxMinutes: 3 });
  }, 120_000);
  afterAll(async () => t.close());

  const propose = (headers: Record<string, string>, key: { kid: string; publicKeyPem: string }, issuer = 'fx-rogue') =>
    t.app.inject({ method: 'POST', url: '/api/admin/health-code/trusted-issuers', headers, payload: { issuer, kid: key.kid, algorithm: 'ed25519', publicKeyPem: key.publicKeyPem, name: '某市' } });
  const decide = (headers: Record<string, string>, id: string, decision: 'approve' | 'reject', note?: string) =>
    t.app.inject({ method: 'POST', url: `/api/admin/health-code/trusted-issuers/proposals/${id}/decision`, headers, payload: { decision, ...(note ? { note } : {}) } });
  const tokenOf = (key: { kid: string; privateKeyPem: string }, lifetimeSeconds: number, issuer = 'fx-rogue') => {
    const now = Math.floor(Date.now() / 1000);
    return signToken({ v: 1, iss: issuer, kid: key.kid, cid: newCodeId(), c: 'green', iat: now, exp: now + lifetimeSeconds }, key.privateKeyPem, 'ed25519');
  };

  it('refuses a county-scoped officer, and trusts nothing until a different city officer approves', async () => {
    const key = generateSigningKey('ed25519');
    const county = await officer(t, ['health', 'sys_admin'], '510603');
    const refused = await propose(county.headers, key);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('HEALTH_CODE_ISSUER_SCOPE_TOO_NARROW');

    const maker = await officer(t, ['health'], '510600');
    const proposed = await propose(maker.headers, key);
    expect(proposed.statusCode, proposed.body).toBe(202);
    const fingerprint = createHash('sha256').update(createPublicKey(key.publicKeyPem).export({ type: 'spki', format: 'der' })).digest('hex');
    expect(proposed.json()).toMatchObject({ status: 'proposed', issuer: 'fx-rogue', fingerprint, regionCode: '510600' });
    // Not trusted yet: a token signed with the key is refused.
    expect(await verifyCodeToken(t.app.ctx, tokenOf(key, 120))).toMatchObject({ ok: false, reason: 'HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER' });

    const id = proposed.json().id;
    expect((await decide(maker.headers, id, 'approve')).json().code).toBe('APPROVALS_SAME_OFFICER');
    expect((await decide(county.headers, id, 'approve')).json().code).toBe('HEALTH_CODE_ISSUER_SCOPE_TOO_NARROW');
    const otherCity = await officer(t, ['health'], '510700');
    expect((await decide(otherCity.headers, id, 'approve')).statusCode).toBe(404);
    const list = (await t.app.inject({ url: '/api/admin/health-code/trusted-issuers/proposals', headers: maker.headers })).json();
    expect(list.map((p: { id: string }) => p.id)).toContain(id);

    const checker = await officer(t, ['sys_admin'], '510600');
    const approved = await decide(checker.headers, id, 'approve');
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: checker.id });
    expect(await verifyCodeToken(t.app.ctx, tokenOf(key, 120))).toMatchObject({ ok: true, mutualRecognition: true });
    expect((await decide(checker.headers, id, 'approve')).json().code).toBe('APPROVALS_NOT_PENDING');

    // Audited with the fingerprint: the proposal, the approval and the trust itself.
    const audits = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.subjectId, id)));
    expect(audits.map((a) => a.action).sort()).toEqual(['health-code.issuer.trust.approve', 'health-code.issuer.trust.propose']);
    for (const a of audits) expect(a.detail).toMatchObject({ fingerprint });
    const [trust] = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'health-code.issuer.trust'));
    expect(trust.detail).toMatchObject({ fingerprint, approvalId: id, proposedBy: maker.id });
  });

  it('re-trusting a revoked key needs approval again; a rejected proposal trusts nothing', async () => {
    const key = generateSigningKey('ed25519');
    const maker = await officer(t, ['health'], '510600');
    const checker = await officer(t, ['health'], '510600');
    const first = await propose(maker.headers, key, 'fx-again');
    expect((await decide(checker.headers, first.json().id, 'approve')).statusCode).toBe(200);
    const trusted = (await t.app.inject({ url: '/api/admin/health-code/trusted-issuers', headers: maker.headers })).json().find((i: { issuer: string }) => i.issuer === 'fx-again');
    const county = await officer(t, ['health'], '510603');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/health-code/trusted-issuers/${trusted.id}`, headers: county.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/health-code/trusted-issuers/${trusted.id}`, headers: maker.headers })).statusCode).toBe(204);
    expect(await verifyCodeToken(t.app.ctx, tokenOf(key, 120, 'fx-again'))).toMatchObject({ ok: false, reason: 'HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER' });

    const again = await propose(maker.headers, key, 'fx-again');
    expect(again.statusCode).toBe(202);
    expect(await verifyCodeToken(t.app.ctx, tokenOf(key, 120, 'fx-again'))).toMatchObject({ ok: false });
    expect((await decide(checker.headers, again.json().id, 'reject')).json().code).toBe('APPROVALS_REASON_REQUIRED');
    expect((await decide(checker.headers, again.json().id, 'reject', '密钥来源未核实')).json().status).toBe('rejected');
    expect(await verifyCodeToken(t.app.ctx, tokenOf(key, 120, 'fx-again'))).toMatchObject({ ok: false, reason: 'HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER' });
  });

  it('accepts another issuer\'s token only up to the configured lifetime (default: ours)', async () => {
    expect(t.config.trustedTokenMaxMinutes).toBe(t.config.codeTokenTtlMinutes);
    const key = generateSigningKey('ed25519');
    const maker = await officer(t, ['health'], '510600');
    const checker = await officer(t, ['health'], '510600');
    const proposed = await propose(maker.headers, key, 'fx-longlived');
    expect((await decide(checker.headers, proposed.json().id, 'approve')).statusCode).toBe(200);
    expect(await verifyCodeToken(t.app.ctx, tokenOf(key, 3 * 60, 'fx-longlived'))).toMatchObject({ ok: true });
    expect(await verifyCodeToken(t.app.ctx, tokenOf(key, 24 * 3600, 'fx-longlived'))).toMatchObject({ ok: false, reason: 'HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER' });
  });
});
