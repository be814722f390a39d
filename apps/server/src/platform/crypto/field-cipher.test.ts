import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BlindIndex, FieldCipher, type CipherName } from './field-cipher.ts';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const ALGS: CipherName[] = ['aes-256-gcm', 'sm4-ctr-hmac-sm3'];

/** Flips one bit of one base64url part of a ciphertext. */
function tamper(token: string, part: number): string {
  const parts = token.split('.');
  const bytes = Buffer.from(parts[part], 'base64url');
  bytes[0] ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe.each(ALGS)('FieldCipher %s', (alg) => {
  const cipher = new FieldCipher([k1], alg);

  it('round-trips any string, including Chinese and empty text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (plain) => cipher.decrypt(cipher.encrypt(plain)) === plain));
    expect(cipher.decrypt(cipher.encrypt('张三 510603199001011234'))).toBe('张三 510603199001011234');
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
  });

  it('keeps null as null', () => {
    expect(cipher.encrypt(null)).toBeNull();
    expect(cipher.decrypt(undefined)).toBeNull();
  });

  it('produces a different ciphertext each time (random IV) tagged with algorithm and key id', () => {
    const a = cipher.encrypt('13812345678');
    const b = cipher.encrypt('13812345678');
    expect(a).not.toBe(b);
    expect(a.startsWith(cipher.currentPrefix)).toBe(true);
    expect(FieldCipher.keyIdOf(a)).toBe('k1');
    expect(a).not.toContain('13812345678');
  });

  it.each(['aes-256-gcm', 'sm4-ctr-hmac-sm3'] as const)('never hands out the same IV twice, across refills of the pooled randomness (%s)', (alg) => {
    const c = new FieldCipher([k1], alg);
    const ivs = new Set<string>();
    // 4096-byte pools: 2 000 IVs of 12 or 16 bytes span several refills.
    for (let i = 0; i < 2000; i++) {
      const token = c.encrypt('x');
      const iv = token.split('.')[2];
      expect(Buffer.from(iv, 'base64url').length).toBe(alg === 'aes-256-gcm' ? 12 : 16);
      ivs.add(iv);
      expect(c.decrypt(token)).toBe('x');
    }
    expect(ivs.size).toBe(2000);
  });

  it.each([2, 3, 4])('rejects a ciphertext whose part %i was altered', (part) => {
    const token = cipher.encrypt('510603199001011234');
    expect(() => cipher.decrypt(tamper(token, part))).toThrow(/cannot decrypt/);
  });

  it('rejects a truncated tag, a swapped key id and malformed input', () => {
    const token = cipher.encrypt('secret');
    const parts = token.split('.');
    const shortTag = [...parts.slice(0, 4), Buffer.from(parts[4], 'base64url').subarray(0, 4).toString('base64url')].join('.');
    expect(() => cipher.decrypt(shortTag)).toThrow(/cannot decrypt/);
    const other = new FieldCipher([k2, { id: 'k1', key: k2.key }], alg);
    expect(() => other.decrypt(token)).toThrow(/cannot decrypt/);
    expect(() => cipher.decrypt(token.replace('.k1.', '.k9.'))).toThrow(/unknown key id/);
    expect(() => cipher.decrypt('not-a-ciphertext')).toThrow(/malformed/);
    expect(() => cipher.decrypt(`${token}.extra`)).toThrow(/malformed/);
  });
});

describe('FieldCipher key rotation', () => {
  it('decrypts old ciphertexts with the old key, encrypts new ones with the first key, and marks old ones stale', () => {
    const before = new FieldCipher([k1]);
    const old = before.encrypt('李四');
    const after = new FieldCipher([k2, k1]);
    expect(after.decrypt(old)).toBe('李四');
    expect(after.isStale(old)).toBe(true);
    const fresh = after.encrypt('李四');
    expect(FieldCipher.keyIdOf(fresh)).toBe('k2');
    expect(after.isStale(fresh)).toBe(false);
    expect(after.isStale(null)).toBe(false);
    const rewritten = after.reencrypt(old);
    expect(FieldCipher.keyIdOf(rewritten)).toBe('k2');
    expect(after.decrypt(rewritten)).toBe('李四');
    expect(after.reencrypt(fresh)).toBe(fresh);
    // Once k1 is retired, only rewritten values stay readable.
    expect(() => new FieldCipher([k2]).decrypt(old)).toThrow();
    expect(new FieldCipher([k2]).decrypt(rewritten)).toBe('李四');
  });

  it('treats a change of algorithm under the same key as stale and still decrypts the old one', () => {
    const aes = new FieldCipher([k1], 'aes-256-gcm');
    const sm4 = new FieldCipher([k1], 'sm4-ctr-hmac-sm3');
    const token = aes.encrypt('王五');
    expect(sm4.isStale(token)).toBe(true);
    expect(sm4.decrypt(token)).toBe('王五');
    expect(sm4.reencrypt(token).startsWith('s.k1.')).toBe(true);
  });

  it('refuses invalid keys', () => {
    expect(() => new FieldCipher([])).toThrow();
    expect(() => new FieldCipher([{ id: 'a.b', key: randomBytes(32) }])).toThrow(/key id/);
    expect(() => new FieldCipher([{ id: 'short', key: randomBytes(16) }])).toThrow(/32 bytes/);
  });
});

describe('BlindIndex', () => {
  const index = new BlindIndex(randomBytes(32));

  it('is deterministic and ignores case, spaces and dashes', () => {
    expect(index.of('id', '51060319900101123x')).toBe(index.of('id', ' 51060319900101123X '));
    expect(index.of('phone', '138-1234-5678')).toBe(index.of('phone', '138 1234 5678'));
  });

  it('separates namespaces and keys and never contains the value', () => {
    const value = '13812345678';
    expect(index.of('phone', value)).not.toBe(index.of('id', value));
    expect(new BlindIndex(randomBytes(32)).of('phone', value)).not.toBe(index.of('phone', value));
    expect(index.of('phone', value)).not.toContain(value);
  });

  it('differs for different values (no collisions over many IDs)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{17}[0-9X]$/), (id) => {
        seen.add(index.of('id', id));
      }),
    );
    expect(seen.size).toBeGreaterThan(90);
  });

  it('uses HMAC-SM3 with the SM cipher (a different index from HMAC-SHA256)', () => {
    const key = randomBytes(32);
    expect(new BlindIndex(key, 'sm4-ctr-hmac-sm3').of('id', 'x')).not.toBe(new BlindIndex(key).of('id', 'x'));
  });
});

describe('keys handed to a worker thread (CipherKeys)', () => {
  it.each(ALGS)('a FieldCipher and BlindIndex rebuilt from the KeyObjects, cloned into another thread, read and write the same data (%s)', async (alg) => {
    const { MessageChannel, receiveMessageOnPort } = await import('node:worker_threads');
    const cipher = new FieldCipher([k2, k1], alg);
    const index = new BlindIndex(k1.key, alg);
    // Through a real message port, as workerData travels: KeyObjects are cloned, never turned into text.
    const { port1, port2 } = new MessageChannel();
    port1.postMessage({ dataKeys: cipher.keyObjects(), blindIndexKey: index.keyObject() });
    const received = receiveMessageOnPort(port2)!.message as { dataKeys: ReturnType<FieldCipher['keyObjects']>; blindIndexKey: ReturnType<BlindIndex['keyObject']> };
    port1.close();
    expect(received.dataKeys.map((k) => k.id)).toEqual(['k2', 'k1']); // the current key first
    const copy = new FieldCipher(received.dataKeys, alg);
    expect(copy.current.id).toBe('k2');
    expect(copy.decrypt(cipher.encrypt('张三'))).toBe('张三');
    expect(cipher.decrypt(copy.encrypt('李四'))).toBe('李四');
    expect(copy.decrypt(new FieldCipher([k1], alg).encrypt('旧密钥'))).toBe('旧密钥');
    expect(new BlindIndex(received.blindIndexKey, alg).of('id', '510603200005052468')).toBe(index.of('id', '510603200005052468'));
  });
});
