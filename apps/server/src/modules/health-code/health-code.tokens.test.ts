import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { borderHueOf, generateSigningKey, keyIdOf, newCodeId, parseToken, publicJwk, signToken, verifySignature, verifySignatureAsync, type TokenPayload } from './health-code.tokens.ts';

const payload = (over: Partial<TokenPayload> = {}): TokenPayload => ({ v: 1, iss: 'fangxian-test', kid: 'k', cid: newCodeId(), c: 'green', iat: 1_770_000_000, exp: 1_770_000_180, ...over });

describe.each(['ed25519', 'sm2'] as const)('%s tokens', (alg) => {
  const key = generateSigningKey(alg);

  it('signs and verifies, and the payload holds no personal data', () => {
    const token = signToken(payload({ kid: key.kid }), key.privateKeyPem, alg);
    const parsed = parseToken(token)!;
    expect(parsed).not.toBeNull();
    expect(Object.keys(parsed.payload).sort()).toEqual(['c', 'cid', 'exp', 'iat', 'iss', 'kid', 'v']);
    expect(verifySignature(parsed, key.publicKeyPem, alg)).toBe(true);
  });

  it('refuses a token whose payload was changed after signing (red → green)', () => {
    const token = signToken(payload({ kid: key.kid, c: 'red' }), key.privateKeyPem, alg);
    const [prefix, , sig] = token.split('.');
    const forgedBody = Buffer.from(JSON.stringify(payload({ kid: key.kid, c: 'green' }))).toString('base64url');
    const forged = parseToken(`${prefix}.${forgedBody}.${sig}`)!;
    expect(verifySignature(forged, key.publicKeyPem, alg)).toBe(false);
  });

  it('refuses a token signed by another key', () => {
    const other = generateSigningKey(alg);
    const token = signToken(payload({ kid: key.kid }), other.privateKeyPem, alg);
    expect(verifySignature(parseToken(token)!, key.publicKeyPem, alg)).toBe(false);
  });

  it('answers the same off the event loop (thread pool): valid, tampered, other key', async () => {
    const publicKey = createPublicKey(key.publicKeyPem);
    const good = parseToken(signToken(payload({ kid: key.kid, c: 'red' }), key.privateKeyPem, alg))!;
    const [prefix, , sig] = signToken(payload({ kid: key.kid, c: 'red' }), key.privateKeyPem, alg).split('.');
    const tampered = parseToken(`${prefix}.${Buffer.from(JSON.stringify(payload({ kid: key.kid, c: 'green' }))).toString('base64url')}.${sig}`)!;
    const other = parseToken(signToken(payload({ kid: key.kid }), generateSigningKey(alg).privateKeyPem, alg))!;
    expect(await Promise.all([good, tampered, other].map((t) => verifySignatureAsync(t, publicKey, alg)))).toEqual([true, false, false]);
  });

  it('derives a stable key id from the public key', () => {
    expect(keyIdOf(key.publicKeyPem)).toBe(key.kid);
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});

describe('token parsing', () => {
  it.each([
    ['', 'empty'],
    ['HC1.abc', 'two parts'],
    ['XX1.e30.abc', 'wrong prefix'],
    [`HC1.${Buffer.from('not json').toString('base64url')}.abc`, 'not JSON'],
    [`HC1.${Buffer.from(JSON.stringify({ v: 1 })).toString('base64url')}.abc`, 'missing fields'],
    [`HC1.${Buffer.from(JSON.stringify({ ...payload(), c: 'purple' })).toString('base64url')}.abc`, 'unknown colour'],
    [`HC1.${Buffer.from(JSON.stringify({ ...payload(), exp: 1 })).toString('base64url')}.abc`, 'expires before issue'],
    [`HC1.${Buffer.from(JSON.stringify({ ...payload(), exp: 1_770_000_000 + 2 * 86400 })).toString('base64url')}.abc`, 'lifetime over a day'],
    [`HC1.${'a'.repeat(2000)}.abc`, 'too long'],
    ['HC1.e30.ab+c', 'not base64url'],
  ])('refuses %s (%s)', (token) => {
    expect(parseToken(token)).toBeNull();
  });

  it('publishes Ed25519 keys as JWK and SM2 keys as PEM only', () => {
    const ed = generateSigningKey('ed25519');
    expect(publicJwk(ed.publicKeyPem, 'ed25519', ed.kid)).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: ed.kid, alg: 'EdDSA' });
    const sm2 = generateSigningKey('sm2');
    expect(publicJwk(sm2.publicKeyPem, 'sm2', sm2.kid)).toBeNull();
  });

  it('gives a border hue that is the same all day and changes from day to day', () => {
    expect(borderHueOf('2026-03-16', 'x')).toBe(borderHueOf('2026-03-16', 'x'));
    const hues = new Set(['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19'].map((d) => borderHueOf(d, 'x')));
    expect(hues.size).toBeGreaterThan(1);
  });
});
