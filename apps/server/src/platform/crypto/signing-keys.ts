import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { and, desc, eq, getTableName, isNull, sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/database.ts';
import type { FieldCipher } from './field-cipher.ts';

/**
 * Stored signing keys, one kind of key per table (health-code tokens, electronic documents): one
 * current key per algorithm, generated on first use and stored with its private key encrypted by the
 * field cipher, so every instance signs with the same key; retired keys stay to verify what they
 * signed. Ed25519 by default; SM2 signs with the SM3 digest.
 */

export type SigningAlgorithm = 'ed25519' | 'sm2';

/** A short, stable key id: the first 16 characters of the SHA-256 of the public key (SPKI DER). */
export function keyIdOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url').slice(0, 16);
}

/** A new key pair as PEM with its key id. */
export function generateSigningKey(algorithm: SigningAlgorithm): { kid: string; publicKeyPem: string; privateKeyPem: string } {
  const pair = algorithm === 'sm2' ? generateKeyPairSync('ec', { namedCurve: 'SM2' }) : generateKeyPairSync('ed25519');
  const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { kid: keyIdOf(publicKeyPem), publicKeyPem, privateKeyPem };
}

/** A table of signing keys (the same shape for every kind of key). */
export function signingKeysTable<N extends string>(name: N) {
  return pgTable(
    name,
    {
      kid: text('kid').primaryKey(),
      algorithm: text('algorithm').notNull(), // ed25519 | sm2
      publicKeyPem: text('public_key_pem').notNull(),
      privateKeyCipher: text('private_key_cipher').notNull(),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
      retiredAt: timestamp('retired_at', { withTimezone: true }),
    },
    (t) => [uniqueIndex(`${name}_one_current_idx`).on(t.algorithm).where(sql`retired_at is null`)],
  );
}
export type SigningKeysTable = ReturnType<typeof signingKeysTable<string>>;
export type SigningKeyRow = SigningKeysTable['$inferSelect'];

export interface CurrentSigningKey {
  kid: string;
  algorithm: SigningAlgorithm;
  privateKey: KeyObject;
}
export interface PublicSigningKey {
  algorithm: SigningAlgorithm;
  publicKey: KeyObject;
}

/** What an app keeps in memory per key table: the current key and public keys by kid (they never change). */
export interface SigningKeyCache {
  current: Promise<CurrentSigningKey> | null;
  publicKeys: Map<string, PublicSigningKey>;
}
export const newSigningKeyCache = (): SigningKeyCache => ({ current: null, publicKeys: new Map() });

async function loadCurrent(db: DbOrTx, cipher: FieldCipher, table: SigningKeysTable, algorithm: SigningAlgorithm): Promise<CurrentSigningKey> {
  const current = () => db.select().from(table).where(and(eq(table.algorithm, algorithm), isNull(table.retiredAt)));
  let [row] = await current();
  if (!row) {
    const fresh = generateSigningKey(algorithm);
    // Another instance may generate one at the same time: the unique index keeps one, and both read it.
    await db.insert(table).values({ kid: fresh.kid, algorithm, publicKeyPem: fresh.publicKeyPem, privateKeyCipher: cipher.encrypt(fresh.privateKeyPem)! }).onConflictDoNothing();
    [row] = await current();
    if (!row) throw new Error(`could not store a signing key in ${getTableName(table)}`);
  }
  return { kid: row.kid, algorithm, privateKey: createPrivateKey(cipher.decrypt(row.privateKeyCipher)!) };
}

/** The key to sign with (generated and stored on first use; a failed load is retried on the next call). */
export function currentSigningKey(cache: SigningKeyCache, db: DbOrTx, cipher: FieldCipher, table: SigningKeysTable, algorithm: SigningAlgorithm): Promise<CurrentSigningKey> {
  if (!cache.current) {
    const key = loadCurrent(db, cipher, table, algorithm);
    key.catch(() => {
      if (cache.current === key) cache.current = null;
    });
    cache.current = key;
  }
  return cache.current;
}

/** The public key with this id, current or retired, or null when the table never had it. */
export async function publicSigningKey(cache: SigningKeyCache, db: DbOrTx, table: SigningKeysTable, kid: string): Promise<PublicSigningKey | null> {
  const held = cache.publicKeys.get(kid);
  if (held) return held;
  const [row] = await db.select().from(table).where(eq(table.kid, kid));
  if (!row) return null;
  const key = { algorithm: row.algorithm as SigningAlgorithm, publicKey: createPublicKey(row.publicKeyPem) };
  cache.publicKeys.set(kid, key);
  return key;
}

/** Every key of the table, newest first (to publish the public halves). */
export function allSigningKeys(db: DbOrTx, table: SigningKeysTable): Promise<SigningKeyRow[]> {
  return db.select().from(table).orderBy(desc(table.createdAt));
}
