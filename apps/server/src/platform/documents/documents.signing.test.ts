import { createPrivateKey, createPublicKey, randomInt } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSigningKey as generateDocumentKey } from '../crypto/signing-keys.ts';
import { canonicalJson, newDocumentCode, normaliseDocumentCode, signStatement, verifyStatement, type DocumentStatement } from './documents.signing.ts';

const statement: DocumentStatement = {
  v: 1, code: 'FXD-7K2M-Q9PZ-4T8W', kind: 'approval_letter', title: '准予行政许可决定书', facts: [{ label: '事项', value: '食品经营许可' }],
  holder: '张*', issuer: '德阳市市场监督管理局', regionCode: '510600', issuedAt: '2026-12-07T02:00:00.000Z', validUntil: null, sha256: 'ab'.repeat(32), kid: 'k1',
};

describe('document signatures', () => {
  for (const algorithm of ['ed25519', 'sm2'] as const) {
    it(`${algorithm}: a signature verifies, and any change to the statement fails it`, () => {
      const key = generateDocumentKey(algorithm);
      const priv = createPrivateKey(key.privateKeyPem);
      const pub = createPublicKey(key.publicKeyPem);
      const sig = signStatement(statement, priv, algorithm);
      expect(verifyStatement(statement, sig, pub, algorithm)).toBe(true);
      expect(verifyStatement({ ...statement, sha256: 'cd'.repeat(32) }, sig, pub, algorithm)).toBe(false);
      expect(verifyStatement({ ...statement, holder: '李*' }, sig, pub, algorithm)).toBe(false);
      expect(verifyStatement({ ...statement, facts: [{ label: '事项', value: '食品经营许可（变更）' }] }, sig, pub, algorithm)).toBe(false);
      const other = generateDocumentKey(algorithm);
      expect(verifyStatement(statement, sig, createPublicKey(other.publicKeyPem), algorithm)).toBe(false);
      expect(verifyStatement(statement, 'not-a-signature', pub, algorithm)).toBe(false);
    });
  }

  it('canonical JSON does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });

  it('codes are printed in one form and typed back in many', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const code = newDocumentCode(randomInt);
        expect(code).toMatch(/^FXD-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
        expect(normaliseDocumentCode(code.toLowerCase().replaceAll('-', ' '))).toBe(code);
        expect(normaliseDocumentCode(code.slice(4))).toBe(code);
      }),
      { numRuns: 50 },
    );
    expect(normaliseDocumentCode('FXD-0000-1111-IIII')).toBeNull();
    expect(normaliseDocumentCode('hello')).toBeNull();
  });
});
