import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type CipherName = 'aes-256-gcm' | 'sm4-ctr-hmac-sm3';

/** A key for personal-field encryption; the id travels with every ciphertext so keys can rotate. */
export interface DataKey {
  id: string;
  key: Buffer;
}

const ALG_TAG: Record<CipherName, string> = { 'aes-256-gcm': 'a', 'sm4-ctr-hmac-sm3': 's' };

/**
 * Encrypts personal fields at rest. Ciphertext format: `<alg>.<keyId>.<iv>.<body>.<tag>` (base64url parts),
 * alg `a` = AES-256-GCM, `s` = SM4-CTR with an HMAC-SM3 tag over alg, key id, iv and body (encrypt-then-MAC).
 * The first key encrypts; any configured key decrypts, so old rows stay readable during rotation.
 */
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;
  readonly current: DataKey;
  readonly cipher: CipherName;

  constructor(keys: DataKey[], cipher: CipherName = 'aes-256-gcm') {
    if (keys.length === 0) throw new Error('at least one data key is required');
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    this.current = keys[0];
    this.cipher = cipher;
  }

  /** Encrypts a value; null stays null. */
  encrypt(plain: string): string;
  encrypt(plain: string | null | undefined): string | null;
  encrypt(plain: string | null | undefined): string | null {
    if (plain === null || plain === undefined) return null;
    const { id, key } = this.current;
    const data = Buffer.from(plain, 'utf8');
    if (this.cipher === 'aes-256-gcm') {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(`a.${id}`));
      const body = Buffer.concat([c.update(data), c.final()]);
      return ['a', id, b64(iv), b64(body), b64(c.getAuthTag())].join('.');
    }
    const { encKey, macKey } = sm4Keys(key);
    const iv = randomBytes(16);
    const c = createCipheriv('sm4-ctr', encKey, iv);
    const body = Buffer.concat([c.update(data), c.final()]);
    const tag = sm3Tag(macKey, id, iv, body);
    return ['s', id, b64(iv), b64(body), b64(tag)].join('.');
  }

  /** Decrypts a ciphertext made by any configured key; throws if it was altered. */
  decrypt(token: string): string;
  decrypt(token: string | null | undefined): string | null;
  decrypt(token: string | null | undefined): string | null {
    if (token === null || token === undefined) return null;
    const [alg, id, ivPart, bodyPart, tagPart] = token.split('.');
    const key = this.keys.get(id);
    if (!key || !tagPart) throw new Error(`cannot decrypt: unknown key id or malformed ciphertext`);
    const iv = unb64(ivPart);
    const body = unb64(bodyPart);
    const tag = unb64(tagPart);
    if (alg === 'a') {
      const d = createDecipheriv('aes-256-gcm', key, iv);
      d.setAAD(Buffer.from(`a.${id}`));
      d.setAuthTag(tag);
      return Buffer.concat([d.update(body), d.final()]).toString('utf8');
    }
    if (alg === 's') {
      const { encKey, macKey } = sm4Keys(key);
      const expected = sm3Tag(macKey, id, iv, body);
      if (expected.length !== tag.length || !timingSafeEqual(expected, tag)) throw new Error('cannot decrypt: authentication failed');
      const d = createDecipheriv('sm4-ctr', encKey, iv);
      return Buffer.concat([d.update(body), d.final()]).toString('utf8');
    }
    throw new Error('cannot decrypt: unknown algorithm');
  }

  /** The key id a ciphertext was made with. */
  static keyIdOf(token: string): string {
    return token.split('.')[1] ?? '';
  }

  /** True when a ciphertext is not under the current key and algorithm (the rotation command rewrites it). */
  isStale(token: string | null | undefined): boolean {
    if (!token) return false;
    const [alg, id] = token.split('.');
    return id !== this.current.id || alg !== ALG_TAG[this.cipher];
  }
}

function sm4Keys(key: Buffer): { encKey: Buffer; macKey: Buffer } {
  return {
    encKey: createHmac('sm3', key).update('fangxian-sm4-enc').digest().subarray(0, 16),
    macKey: createHmac('sm3', key).update('fangxian-sm3-mac').digest(),
  };
}

function sm3Tag(macKey: Buffer, id: string, iv: Buffer, body: Buffer): Buffer {
  return createHmac('sm3', macKey).update(`s.${id}.`).update(iv).update(body).digest();
}

const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url');

/**
 * Blind index: a keyed hash of a normalised value (ID number, phone) so records can be found by it
 * without storing or querying the plaintext. HMAC-SHA256 by default, HMAC-SM3 with the SM cipher.
 */
export class BlindIndex {
  private readonly key: Buffer;
  private readonly hash: 'sha256' | 'sm3';
  constructor(key: Buffer, cipher: CipherName = 'aes-256-gcm') {
    this.key = key;
    this.hash = cipher === 'sm4-ctr-hmac-sm3' ? 'sm3' : 'sha256';
  }

  /** The index value of `value` in namespace `kind` (e.g. 'id', 'phone'). */
  of(kind: string, value: string): string {
    const normalised = value.trim().toUpperCase().replace(/[\s-]/g, '');
    return createHmac(this.hash, this.key).update(`${kind}:${normalised}`).digest('base64url');
  }
}
