import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

export type CipherName = 'aes-256-gcm' | 'sm4-ctr-hmac-sm3';

/** A key for personal-field encryption; the id travels with every ciphertext so keys can rotate. */
export interface DataKey {
  id: string;
  key: Buffer;
}

/**
 * The keys of a FieldCipher and a BlindIndex as KeyObjects, to hand to a worker thread (workerData or
 * postMessage clone a KeyObject into the other thread; the key bytes are never turned into a string or
 * a plain message). Never log it.
 */
export interface CipherKeys {
  cipher: CipherName;
  /** The current key first. */
  dataKeys: { id: string; key: KeyObject }[];
  blindIndexKey: KeyObject;
}

const ALG_TAG: Record<CipherName, string> = { 'aes-256-gcm': 'a', 'sm4-ctr-hmac-sm3': 's' };
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
const SM4_IV_BYTES = 16;
/** IVs are cut from a buffer of this many CSPRNG bytes (randomBytes per IV cost more than the AES-GCM of a short field). */
const IV_POOL_BYTES = 4096;

/**
 * Encrypts personal fields at rest. Ciphertext format: `<alg>.<keyId>.<iv>.<body>.<tag>` (base64url parts),
 * alg `a` = AES-256-GCM, `s` = SM4-CTR with an HMAC-SM3 tag over alg, key id, iv and body (encrypt-then-MAC).
 * The first key encrypts; any configured key decrypts, so old rows stay readable during rotation.
 */
export class FieldCipher {
  // KeyObjects, not Buffers: Node would otherwise import the raw key on every encrypt/decrypt.
  private readonly keys: Map<string, KeyObject>;
  private readonly currentKey: KeyObject;
  /** The key that encrypts (its id travels with every ciphertext). */
  readonly current: { readonly id: string };
  readonly cipher: CipherName;
  // Pooled IV randomness: every IV is a fresh, never reused slice of crypto.randomBytes output (the
  // offset only moves forward, and a spent pool is replaced by a new buffer, never refilled in place,
  // so a slice handed out is never rewritten). Same source and entropy as randomBytes(12) per call.
  private ivPool: Buffer = Buffer.alloc(0);
  private ivOffset = 0;

  constructor(keys: DataKey[] | CipherKeys['dataKeys'], cipher: CipherName = 'aes-256-gcm') {
    if (keys.length === 0) throw new Error('at least one data key is required');
    for (const k of keys) {
      // The id is a field of the dot-separated ciphertext; the key length is fixed by both algorithms.
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(k.id)) throw new Error(`data key id "${k.id}" must be 1-16 letters, digits, - or _`);
      const length = Buffer.isBuffer(k.key) ? k.key.length : k.key.symmetricKeySize;
      if (length !== 32) throw new Error(`data key "${k.id}" must be 32 bytes`);
    }
    this.keys = new Map(keys.map((k) => [k.id, Buffer.isBuffer(k.key) ? createSecretKey(k.key) : k.key]));
    this.current = { id: keys[0].id };
    this.currentKey = this.keys.get(keys[0].id)!;
    this.cipher = cipher;
  }

  /** The keys as KeyObjects, the current one first (for a worker thread's own FieldCipher: CipherKeys). */
  keyObjects(): CipherKeys['dataKeys'] {
    return [{ id: this.current.id, key: this.currentKey }, ...[...this.keys].filter(([id]) => id !== this.current.id).map(([id, key]) => ({ id, key }))];
  }

  /** Encrypts a value; null stays null. */
  encrypt(plain: string): string;
  encrypt(plain: string | null | undefined): string | null;
  encrypt(plain: string | null | undefined): string | null {
    if (plain === null || plain === undefined) return null;
    const id = this.current.id;
    const key = this.currentKey;
    const data = Buffer.from(plain, 'utf8');
    if (this.cipher === 'aes-256-gcm') {
      const iv = this.freshIv(GCM_IV_BYTES);
      const c = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
      c.setAAD(Buffer.from(`a.${id}`));
      const body = Buffer.concat([c.update(data), c.final()]);
      return ['a', id, b64(iv), b64(body), b64(c.getAuthTag())].join('.');
    }
    const { encKey, macKey } = sm4Keys(key);
    const iv = this.freshIv(SM4_IV_BYTES);
    const c = createCipheriv('sm4-ctr', encKey, iv);
    const body = Buffer.concat([c.update(data), c.final()]);
    const tag = sm3Tag(macKey, id, iv, body);
    return ['s', id, b64(iv), b64(body), b64(tag)].join('.');
  }

  /** `bytes` CSPRNG bytes no other encryption has had (a slice of the pool; a new pool when it runs out). */
  private freshIv(bytes: number): Buffer {
    if (this.ivOffset + bytes > this.ivPool.length) {
      this.ivPool = randomBytes(IV_POOL_BYTES);
      this.ivOffset = 0;
    }
    const iv = this.ivPool.subarray(this.ivOffset, this.ivOffset + bytes);
    this.ivOffset += bytes;
    return iv;
  }

  /** Decrypts a ciphertext made by any configured key; throws if it was altered. */
  decrypt(token: string): string;
  decrypt(token: string | null | undefined): string | null;
  decrypt(token: string | null | undefined): string | null {
    if (token === null || token === undefined) return null;
    const parts = token.split('.');
    if (parts.length !== 5) throw new Error('cannot decrypt: malformed ciphertext');
    const [alg, id, ivPart, bodyPart, tagPart] = parts;
    const key = this.keys.get(id);
    if (!key) throw new Error(`cannot decrypt: unknown key id "${id}"`);
    const iv = unb64(ivPart);
    const body = unb64(bodyPart);
    const tag = unb64(tagPart);
    if (alg === 'a') {
      // Fixed IV and tag lengths: GCM would otherwise accept a truncated (forgeable) tag.
      if (iv.length !== GCM_IV_BYTES || tag.length !== GCM_TAG_BYTES) throw new Error('cannot decrypt: malformed ciphertext');
      const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
      d.setAAD(Buffer.from(`a.${id}`));
      d.setAuthTag(tag);
      try {
        return Buffer.concat([d.update(body), d.final()]).toString('utf8');
      } catch {
        throw new Error('cannot decrypt: authentication failed');
      }
    }
    if (alg === 's') {
      if (iv.length !== SM4_IV_BYTES) throw new Error('cannot decrypt: malformed ciphertext');
      const { encKey, macKey } = sm4Keys(key);
      const expected = sm3Tag(macKey, id, iv, body);
      if (expected.length !== tag.length || !timingSafeEqual(expected, tag)) throw new Error('cannot decrypt: authentication failed');
      const d = createDecipheriv('sm4-ctr', encKey, iv);
      return Buffer.concat([d.update(body), d.final()]).toString('utf8');
    }
    throw new Error('cannot decrypt: unknown algorithm');
  }

  /** Re-encrypts a ciphertext under the current key and algorithm (key rotation); current ones are returned as they are. */
  reencrypt(token: string): string;
  reencrypt(token: string | null | undefined): string | null;
  reencrypt(token: string | null | undefined): string | null {
    if (token === null || token === undefined) return null;
    return this.isStale(token) ? this.encrypt(this.decrypt(token)) : token;
  }

  /** The prefix every ciphertext under the current key and algorithm starts with (lets SQL find stale rows). */
  get currentPrefix(): string {
    return `${ALG_TAG[this.cipher]}.${this.current.id}.`;
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

// Derived SM4 keys per data key: derivation costs two HMACs, and every field of every row needs them.
const sm4KeyCache = new WeakMap<KeyObject, { encKey: KeyObject; macKey: KeyObject }>();

function sm4Keys(key: KeyObject): { encKey: KeyObject; macKey: KeyObject } {
  let derived = sm4KeyCache.get(key);
  if (!derived) {
    derived = {
      encKey: createSecretKey(createHmac('sm3', key).update('fangxian-sm4-enc').digest().subarray(0, 16)),
      macKey: createSecretKey(createHmac('sm3', key).update('fangxian-sm3-mac').digest()),
    };
    sm4KeyCache.set(key, derived);
  }
  return derived;
}

function sm3Tag(macKey: KeyObject, id: string, iv: Buffer, body: Buffer): Buffer {
  return createHmac('sm3', macKey).update(`s.${id}.`).update(iv).update(body).digest();
}

const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url');

/**
 * Blind index: a keyed hash of a normalised value (ID number, phone) so records can be found by it
 * without storing or querying the plaintext. HMAC-SHA256 by default, HMAC-SM3 with the SM cipher.
 */
export class BlindIndex {
  private readonly key: KeyObject;
  private readonly hash: 'sha256' | 'sm3';
  constructor(key: Buffer | KeyObject, cipher: CipherName = 'aes-256-gcm') {
    this.key = Buffer.isBuffer(key) ? createSecretKey(key) : key;
    this.hash = cipher === 'sm4-ctr-hmac-sm3' ? 'sm3' : 'sha256';
  }

  /** The key as a KeyObject (for a worker thread's own BlindIndex: CipherKeys). */
  keyObject(): KeyObject {
    return this.key;
  }

  /** The index value of `value` in namespace `kind` (e.g. 'id', 'phone'). */
  of(kind: string, value: string): string {
    const normalised = value.trim().toUpperCase().replace(/[\s-]/g, '');
    return createHmac(this.hash, this.key).update(`${kind}:${normalised}`).digest('base64url');
  }
}
