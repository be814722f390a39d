import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { cstDay, officer, realNamedCitizen } from './health-code.support.ts';
import { approvedVenue } from './venues.support.ts';
import { generateSigningKey, newCodeId, signToken } from '../src/modules/health-code/health-code.tokens.ts';
import { hcCodeTokens, hcSigningKeys, hcTokenUses } from '../src/modules/health-code/health-code.tables.ts';
import { recomputeCode, verifyCodeToken } from '../src/modules/health-code/index.ts';
import { scans } from '../src/modules/venues/venues.tables.ts';

async function codeToken(t: TestApp, headers: Record<string, string>): Promise<string> {
  const res = await t.app.inject({ url: '/api/health/code', headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token;
}

/** Signs a token with this issuer's stored private key (what a leaked-but-expired QR would carry). */
async function ownSigned(t: TestApp, over: { c?: 'green' | 'red'; iat: number; exp: number; cid?: string }): Promise<string> {
  const [key] = await t.app.ctx.db.select().from(hcSigningKeys).where(eq(hcSigningKeys.algorithm, t.config.codeSigningAlgorithm));
  const pem = t.app.ctx.cipher.decrypt(key.privateKeyCipher);
  return signToken({ v: 1, iss: t.config.codeIssuer, kid: key.kid, cid: over.cid ?? newCodeId(), c: over.c ?? 'green', iat: over.iat, exp: over.exp }, pem, key.algorithm as 'ed25519');
}

describe('health code: signed tokens, verification and the open API', { timeout: 180_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ codeIssuer: 'fx-deyang' });
  }, 120_000);
  afterAll(async () => t.close());

  const verify = (headers: Record<string, string>, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/health/verify', headers, payload });

  it('lets venue staff verify a citizen\'s code: colour, masked identity, pass, and the check recorded as a scan at the venue', async () => {
    const venue = await approvedVenue(t);
    const c = await realNamedCitizen(t, '510603', '周八');
    const token = await codeToken(t, c.headers);
    const res = await verify(venue.manager.headers, { token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ valid: true, decision: 'pass', colour: 'green', maskedName: '周*', reason: null, scanRecorded: true, mutualRecognition: false });
    expect(res.json().maskedId).toMatch(/^5106\*{10}\d{3}[\dX]$/);
    const rows = await t.app.ctx.db.select().from(scans).where(and(eq(scans.citizenId, c.id), eq(scans.venueId, venue.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ method: 'venue_scan_citizen', colour: 'green', presenceProven: true });
    const other = await verify(venue.manager.headers, { token, venueId: '00000000-0000-4000-8000-000000000000' });
    expect(other.json().code).toBe('HEALTH_CODE_VENUE_MISMATCH');
    const citizenTries = await verify(c.headers, { token });
    expect(citizenTries.statusCode).toBe(403);
  });

  it('stores a token\'s first use once, however often it is checked, and still tells a replay after expiry', async () => {
    const venue = await approvedVenue(t);
    const c = await realNamedCitizen(t, '510603');
    const token = await codeToken(t, c.headers);
    const checks = await Promise.all([1, 2, 3].map(() => verify(venue.manager.headers, { token })));
    for (const res of checks) expect(res.json()).toMatchObject({ valid: true });
    // One of them records the visit; the others at the same venue are repeats (issue 11).
    expect(checks.filter((res) => res.json().scanRecorded)).toHaveLength(1);
    // Once its first use is committed, a check at another venue writes only its scan (one row, not two).
    const second = await approvedVenue(t);
    const rowsBefore = t.app.ctx.database.writes.stats.rows;
    expect((await verify(second.manager.headers, { token })).json()).toMatchObject({ valid: true, scanRecorded: true });
    expect(t.app.ctx.database.writes.stats.rows - rowsBefore).toBe(1);
    const [issued] = await t.app.ctx.db.select().from(hcCodeTokens).where(eq(hcCodeTokens.citizenId, c.id));
    const uses = await t.app.ctx.db.select().from(hcTokenUses).where(eq(hcTokenUses.codeId, issued.codeId));
    expect(uses).toHaveLength(1);
    // One visit at each venue.
    expect(await t.app.ctx.db.select().from(scans).where(and(eq(scans.citizenId, c.id), eq(scans.venueId, venue.id)))).toHaveLength(1);
    expect(await t.app.ctx.db.select().from(scans).where(and(eq(scans.citizenId, c.id), eq(scans.venueId, second.id)))).toHaveLength(1);
    const later = new Date(issued.expiresAt.getTime() + 60_000);
    expect(await verifyCodeToken(t.app.ctx, token, later)).toEqual({ ok: false, reason: 'HEALTH_CODE_TOKEN_REPLAYED' });
  });

  it('answers stop for a red code', async () => {
    const c = await realNamedCitizen(t, '510603');
    await t.app.inject({ method: 'POST', url: '/api/health/declarations', headers: c.headers, payload: { residenceDivision: '510603', temperature: 38.6, symptoms: ['fever'], contactWithCase: false } });
    const health = await officer(t, ['health'], '510603');
    const res = await verify(health.headers, { token: await codeToken(t, c.headers) });
    expect(res.json()).toMatchObject({ valid: true, decision: 'stop', colour: 'red', scanRecorded: false });
  });

  it('refuses malformed, forged, expired, replayed-after-expiry and untrusted-issuer tokens with distinct reasons', async () => {
    const health = await officer(t, ['health'], '510603');
    const c = await realNamedCitizen(t, '510603');
    const good = await codeToken(t, c.headers);
    const reasonOf = async (token: string) => (await verify(health.headers, { token })).json();

    const malformed = await reasonOf('not-a-token');
    expect(malformed).toMatchObject({ valid: false, decision: 'stop', reason: 'HEALTH_CODE_TOKEN_MALFORMED', colour: null, maskedName: '' });
    expect(malformed.message).toBe('健康码格式不正确');

    const [prefix, body, sig] = good.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const altered = `${prefix}.${Buffer.from(JSON.stringify({ ...payload, c: 'green', exp: payload.exp + 3600 })).toString('base64url')}.${sig}`;
    expect((await reasonOf(altered)).reason).toBe('HEALTH_CODE_TOKEN_FORGED');
    const stranger = generateSigningKey('ed25519');
    const forgedOwn = signToken({ ...payload, kid: stranger.kid }, stranger.privateKeyPem, 'ed25519');
    expect((await reasonOf(forgedOwn)).reason).toBe('HEALTH_CODE_TOKEN_FORGED');
    // Only the signature changed (one character): not the token that was issued.
    const flipped = `${prefix}.${body}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    expect((await reasonOf(flipped)).reason).toBe('HEALTH_CODE_TOKEN_FORGED');
    // Even a valid signature of our own key over the issued code id is refused when the token is not
    // byte for byte the one issued for it (the issuance record's digest).
    const resigned = await ownSigned(t, { cid: payload.cid, iat: payload.iat, exp: payload.exp + 60 });
    expect((await reasonOf(resigned)).reason).toBe('HEALTH_CODE_TOKEN_FORGED');
    // A token recorded without a digest (issued before the column existed) is checked by its signature.
    const legacyCid = newCodeId();
    const legacy = await ownSigned(t, { cid: legacyCid, iat: payload.iat, exp: payload.exp });
    await t.app.ctx.db.insert(hcCodeTokens).values({ codeId: legacyCid, citizenId: c.id, issuedAt: new Date(payload.iat * 1000), expiresAt: new Date(payload.exp * 1000) });
    expect(await reasonOf(legacy)).toMatchObject({ valid: true, colour: 'green' });
    const [lp, lb, ls] = legacy.split('.');
    const legacyTampered = `${lp}.${lb}.${ls[0] === 'A' ? 'B' : 'A'}${ls.slice(1)}`;
    expect((await reasonOf(legacyTampered)).reason).toBe('HEALTH_CODE_TOKEN_FORGED');

    const now = Math.floor(Date.now() / 1000);
    const expired = await ownSigned(t, { iat: now - 600, exp: now - 300 });
    expect((await reasonOf(expired)).reason).toBe('HEALTH_CODE_TOKEN_EXPIRED');

    // Replay: a token verified while valid, shown again after it expired (a screenshot).
    const first = await verifyCodeToken(t.app.ctx, good);
    expect(first.ok).toBe(true);
    const later = new Date((payload.exp + 60) * 1000);
    expect(await verifyCodeToken(t.app.ctx, good, later)).toEqual({ ok: false, reason: 'HEALTH_CODE_TOKEN_REPLAYED' });
    const unused = await codeToken(t, c.headers);
    const unusedExp = JSON.parse(Buffer.from(unused.split('.')[1], 'base64url').toString()).exp;
    expect(await verifyCodeToken(t.app.ctx, unused, new Date((unusedExp + 60) * 1000))).toEqual({ ok: false, reason: 'HEALTH_CODE_TOKEN_EXPIRED' });

    const elsewhere = generateSigningKey('ed25519');
    const foreign = signToken({ v: 1, iss: 'fx-chengdu', kid: elsewhere.kid, cid: newCodeId(), c: 'green', iat: now, exp: now + 180 }, elsewhere.privateKeyPem, 'ed25519');
    expect((await reasonOf(foreign)).reason).toBe('HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER');

    const reasons = new Set([malformed.reason, 'HEALTH_CODE_TOKEN_FORGED', 'HEALTH_CODE_TOKEN_EXPIRED', 'HEALTH_CODE_TOKEN_REPLAYED', 'HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER']);
    expect(reasons.size).toBe(5);
  });

  it('accepts a trusted other issuer\'s token offline once its public key is configured (mutual recognition)', async () => {
    const admin = await officer(t, ['sys_admin'], '');
    const elsewhere = generateSigningKey('sm2');
    const now = Math.floor(Date.now() / 1000);
    const foreign = signToken({ v: 1, iss: 'fx-chengdu', kid: elsewhere.kid, cid: newCodeId(), c: 'yellow', iat: now, exp: now + 180 }, elsewhere.privateKeyPem, 'sm2');
    const health = await officer(t, ['health'], '510603');
    expect((await verify(health.headers, { token: foreign })).json().reason).toBe('HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER');
    const badKey = await t.app.inject({ method: 'POST', url: '/api/admin/health-code/trusted-issuers', headers: admin.headers, payload: { issuer: 'fx-chengdu', kid: elsewhere.kid, algorithm: 'ed25519', publicKeyPem: elsewhere.publicKeyPem, name: '成都市' } });
    expect(badKey.json().code).toBe('HEALTH_CODE_ISSUER_KEY_INVALID');
    const added = await t.app.inject({ method: 'POST', url: '/api/admin/health-code/trusted-issuers', headers: admin.headers, payload: { issuer: 'fx-chengdu', kid: elsewhere.kid, algorithm: 'sm2', publicKeyPem: elsewhere.publicKeyPem, name: '成都市' } });
    expect(added.statusCode, added.body).toBe(202);
    const checker = await officer(t, ['sys_admin'], '');
    const approved = await t.app.inject({ method: 'POST', url: `/api/admin/health-code/trusted-issuers/proposals/${added.json().id}/decision`, headers: checker.headers, payload: { decision: 'approve' } });
    expect(approved.statusCode, approved.body).toBe(200);
    const ok = (await verify(health.headers, { token: foreign })).json();
    expect(ok).toMatchObject({ valid: true, colour: 'yellow', decision: 'stop', mutualRecognition: true, issuer: '成都市', maskedName: '', scanRecorded: false });
    const list = (await t.app.inject({ url: '/api/admin/health-code/trusted-issuers', headers: admin.headers })).json();
    expect(list.map((i: { issuer: string }) => i.issuer)).toContain('fx-chengdu');
    const trustedId = list.find((i: { issuer: string }) => i.issuer === 'fx-chengdu').id;
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/admin/health-code/trusted-issuers/${trustedId}`, headers: admin.headers });
    expect(removed.statusCode).toBe(204);
    const fresh = signToken({ v: 1, iss: 'fx-chengdu', kid: elsewhere.kid, cid: newCodeId(), c: 'green', iat: now, exp: now + 180 }, elsewhere.privateKeyPem, 'sm2');
    expect((await verify(health.headers, { token: fresh })).json().reason).toBe('HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER');
  });

  it('publishes the public keys, and an offline verifier elsewhere can check our token with them', async () => {
    const res = await t.app.inject({ url: '/api/open/health-code/keys' });
    expect(res.statusCode).toBe(200);
    const { issuer, keys } = res.json();
    expect(issuer).toBe('fx-deyang');
    expect(keys[0]).toMatchObject({ alg: 'ed25519', retired: false, jwk: { kty: 'OKP', crv: 'Ed25519', kid: keys[0].kid } });
    expect(JSON.stringify(res.json())).not.toContain('PRIVATE');
    // Another deployment trusts us through FX_TRUSTED_ISSUERS and verifies our token offline.
    const c = await realNamedCitizen(t, '510603');
    const token = await codeToken(t, c.headers);
    const other = await createTestApp({
      codeIssuer: 'fx-chengdu',
      trustedIssuers: [{ issuer: 'fx-deyang', kid: keys[0].kid, algorithm: 'ed25519', publicKeyPem: keys[0].publicKeyPem, name: '德阳市' }],
    });
    try {
      const result = await verifyCodeToken(other.app.ctx, token);
      expect(result).toMatchObject({ ok: true, colour: 'green', mutualRecognition: true, issuer: '德阳市' });
    } finally {
      await other.close();
    }
  });

  it('serves the open API to approved third parties: generate and verify with return codes and BizExtData passthrough', async () => {
    const admin = await officer(t, ['sys_admin'], '');
    const client = await t.app.inject({ method: 'POST', url: '/api/admin/api-clients', headers: admin.headers, payload: { name: '地铁闸机', permissions: ['healthcode.generate', 'healthcode.verify'] } });
    expect(client.statusCode, client.body).toBe(201);
    const key = { 'x-api-key': client.json().key };
    const c = await realNamedCitizen(t, '510603', '吴九');
    const gen = await t.app.inject({ method: 'POST', url: '/api/open/health-code/generate', headers: key, payload: { documentType: 'resident_id', documentNumber: c.idNumber, bizExtData: { gate: 'A3' } } });
    expect(gen.statusCode, gen.body).toBe(200);
    expect(gen.json()).toMatchObject({ code: '0000', message: '成功', bizExtData: { gate: 'A3' }, data: { colour: 'green', maskedName: '吴*' } });
    const ver = await t.app.inject({ method: 'POST', url: '/api/open/health-code/verify', headers: { ...key, 'accept-language': 'en' }, payload: { token: gen.json().data.token, bizExtData: { gate: 'A3', seq: 7 } } });
    expect(ver.json()).toMatchObject({ code: '0000', message: 'Success', data: { valid: true, colour: 'green', maskedName: '吴*', mutualRecognition: false }, bizExtData: { gate: 'A3', seq: 7 } });
    const now = Math.floor(Date.now() / 1000);
    const expired = await ownSigned(t, { iat: now - 600, exp: now - 300 });
    expect((await t.app.inject({ method: 'POST', url: '/api/open/health-code/verify', headers: key, payload: { token: expired } })).json()).toMatchObject({ code: '1003', data: null });
    expect((await t.app.inject({ method: 'POST', url: '/api/open/health-code/verify', headers: key, payload: { token: 'x' } })).json().code).toBe('1001');
    const nobody = await t.app.inject({ method: 'POST', url: '/api/open/health-code/generate', headers: key, payload: { documentType: 'resident_id', documentNumber: '11010519491231002X' } });
    expect(nobody.json()).toMatchObject({ code: '2001', data: null });
    const badNumber = await t.app.inject({ method: 'POST', url: '/api/open/health-code/generate', headers: key, payload: { documentType: 'resident_id', documentNumber: '110105194912310021' } });
    expect(badNumber.json().code).toBe('2002');
    const verifyOnly = await t.app.inject({ method: 'POST', url: '/api/admin/api-clients', headers: admin.headers, payload: { name: '只验码', permissions: ['healthcode.verify'] } });
    const denied = await t.app.inject({ method: 'POST', url: '/api/open/health-code/generate', headers: { 'x-api-key': verifyOnly.json().key }, payload: { documentType: 'resident_id', documentNumber: c.idNumber } });
    expect(denied.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/open/health-code/verify', payload: { token: 'x' } });
    expect(anonymous.statusCode).toBe(401);
  });

  // Last in this suite: it makes 510603 a risk area.
  it('turns a citizen yellow for a presence-proving venue scan in an area declared medium-risk afterwards', async () => {
    const venue = await approvedVenue(t);
    const c = await realNamedCitizen(t, '510681', '郑一');
    const checked = await verify(venue.manager.headers, { token: await codeToken(t, c.headers) });
    expect(checked.json()).toMatchObject({ colour: 'green', scanRecorded: true });
    const health = await officer(t, ['health'], '510600');
    const area = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510603', level: 'medium', startDate: cstDay(-1), reason: '场所关联病例' } });
    expect(area.statusCode, area.body).toBe(201);
    const code = (await t.app.inject({ url: '/api/health/code', headers: c.headers })).json();
    expect(code.colour).toBe('yellow');
    expect(code.reasons[0]).toMatchObject({ reasonCode: 'MEDIUM_RISK_TRAVEL' });
    expect(code.reasons[0].evidence[0]).toMatchObject({ source: 'scan', divisionCode: '510603' });
    const facts = (await t.app.inject({ url: '/api/health/facts', headers: c.headers })).json();
    expect(facts.find((f: { type: string }) => f.type === 'scan').summary.zh).toContain('场所扫码');
    // A scan of the printed poster does not prove presence (it may be a forwarded picture): it does not count.
    const poster = await realNamedCitizen(t, '510681', '冯二');
    const scanned = await t.app.inject({ method: 'POST', url: '/api/scans', headers: poster.headers, payload: { placeToken: venue.staticToken } });
    expect(scanned.statusCode, scanned.body).toBeLessThan(300);
    const recomputed = await recomputeCode(t.app.ctx, poster.id, { type: 'fact', fact: 'test' });
    expect(recomputed.colour).toBe('green');
    const posterFacts = (await t.app.inject({ url: '/api/health/facts', headers: poster.headers })).json();
    expect(posterFacts.filter((f: { type: string }) => f.type === 'scan')).toEqual([]);
  });
});

describe('health code: SM2 signing', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ codeSigningAlgorithm: 'sm2' });
  }, 120_000);
  afterAll(async () => t.close());

  it('signs with SM2 (SM3 digest) when configured, publishes the key as PEM, and verifies', async () => {
    const c = await realNamedCitizen(t, '510603');
    const token = await codeToken(t, c.headers);
    const keys = (await t.app.inject({ url: '/api/open/health-code/keys' })).json().keys;
    expect(keys[0]).toMatchObject({ alg: 'sm2', jwk: null });
    expect(keys[0].publicKeyPem).toContain('BEGIN PUBLIC KEY');
    const health = await officer(t, ['health'], '510603');
    const res = await t.app.inject({ method: 'POST', url: '/api/health/verify', headers: health.headers, payload: { token } });
    expect(res.json()).toMatchObject({ valid: true, colour: 'green' });
    const [prefix, body, sig] = token.split('.');
    const tampered = `${prefix}.${body}.${Buffer.from(sig, 'base64url').reverse().toString('base64url')}`;
    const refused = await t.app.inject({ method: 'POST', url: '/api/health/verify', headers: health.headers, payload: { token: tampered } });
    expect(refused.json().reason).toBe('HEALTH_CODE_TOKEN_FORGED');
  });
});
