import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '../../config.ts';

const pem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('health-code configuration', () => {
  it('has safe defaults: Ed25519, 3-minute tokens, no trusted issuers, no sweep timer in tests', () => {
    const c = loadConfig({ NODE_ENV: 'test' });
    expect(c).toMatchObject({ codeSigningAlgorithm: 'ed25519', codeIssuer: 'fangxian', codeTokenTtlMinutes: 3, trustedIssuers: [], healthCodeSweepSeconds: 0 });
    expect(loadConfig({ NODE_ENV: 'development' }).healthCodeSweepSeconds).toBe(60);
  });

  it('reads trusted issuers from FX_TRUSTED_ISSUERS', () => {
    const c = loadConfig({ NODE_ENV: 'test', FX_TRUSTED_ISSUERS: JSON.stringify([{ issuer: 'fx-chengdu', kid: 'k1', algorithm: 'ed25519', publicKeyPem: pem }]) });
    expect(c.trustedIssuers).toEqual([{ issuer: 'fx-chengdu', kid: 'k1', algorithm: 'ed25519', publicKeyPem: pem, name: 'fx-chengdu' }]);
  });

  it.each([
    ['not json', /JSON list/],
    ['{}', /JSON list/],
    [JSON.stringify([{ issuer: 'x', kid: 'k', algorithm: 'rsa', publicKeyPem: pem }]), /FX_TRUSTED_ISSUERS\[0\]/],
    [JSON.stringify([{ issuer: 'x', algorithm: 'sm2', publicKeyPem: pem }]), /FX_TRUSTED_ISSUERS\[0\]/],
  ])('refuses FX_TRUSTED_ISSUERS=%s naming the variable', (raw, message) => {
    expect(() => loadConfig({ NODE_ENV: 'test', FX_TRUSTED_ISSUERS: raw })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', FX_TRUSTED_ISSUERS: raw })).toThrow(message);
  });

  it('bounds the token lifetime and the sweep interval', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', FX_CODE_TOKEN_TTL_MINUTES: '0' })).toThrow(/FX_CODE_TOKEN_TTL_MINUTES/);
    expect(() => loadConfig({ NODE_ENV: 'test', FX_HEALTH_CODE_SWEEP_SECONDS: '-1' })).toThrow(/FX_HEALTH_CODE_SWEEP_SECONDS/);
  });
});
