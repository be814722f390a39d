import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen } from './factories.ts';
import { rows } from '../src/platform/db/database.ts';
import { FieldCipher } from '../src/platform/crypto/field-cipher.ts';
import { registerEncryptedColumns } from '../src/platform/crypto/encrypted-columns.ts';
import { rotateEncryptedColumns, rotationTargets } from '../src/platform/crypto/key-rotation.ts';
import { citizens } from '../src/platform/identity/identity.tables.ts';
import { rotateKeys } from '../src/cli/rotate-keys.ts';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

// The citizens table's personal columns (the identity module registers the same; registering twice merges).
registerEncryptedColumns(citizens, [citizens.phoneCipher, citizens.nameCipher, citizens.documentNumberCipher, citizens.addressCipher]);

interface CitizenCiphers {
  id: string;
  phone_cipher: string;
  name_cipher: string | null;
  document_number_cipher: string | null;
  address_cipher: string | null;
}

describe('key rotation', { timeout: 60_000 }, () => {
  let t: TestApp;
  const people: { id: string; phone: string; name: string | null; idNumber: string | null }[] = [];
  beforeAll(async () => {
    t = await createTestApp({ dataKeys: [k1] });
    for (let i = 0; i < 11; i++) {
      const name = i % 3 === 0 ? null : `市民${i}`;
      const idNumber = i % 3 === 0 ? null : `5106031990010${String(1000 + i).padStart(5, '0')}`;
      const c = await createCitizen(t.app.ctx, { name: name ?? undefined, idNumber: idNumber ?? undefined });
      people.push({ id: c.id, phone: c.phone, name, idNumber });
    }
  }, 60_000);
  afterAll(async () => t.close());

  const ciphertexts = () => rows<CitizenCiphers>(t.database.db, sql`select id, phone_cipher, name_cipher, document_number_cipher, address_cipher from citizens order by id`);
  const values = (r: CitizenCiphers) => [r.phone_cipher, r.name_cipher, r.document_number_cipher, r.address_cipher].filter((v): v is string => v !== null);

  it('re-encrypts every row under the new key in resumable batches, and the rows decrypt with the new key alone', async () => {
    expect((await ciphertexts()).flatMap(values).every((v) => v.startsWith('a.k1.'))).toBe(true);
    const rotated = new FieldCipher([k2, k1]);
    const table = (await rotationTargets(t.database.db)).targets.filter((e) => e.table === 'citizens');
    expect(table[0].columns.sort()).toEqual(['address_cipher', 'document_number_cipher', 'name_cipher', 'phone_cipher']);

    // Interrupted after the first batch of 4 …
    await expect(
      rotateEncryptedColumns(t.database.db, rotated, {
        batchSize: 4,
        targets: table,
        onProgress: () => {
          throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    const mixed = (await ciphertexts()).flatMap(values);
    expect(mixed.some((v) => v.startsWith('a.k2.'))).toBe(true);
    expect(mixed.some((v) => v.startsWith('a.k1.'))).toBe(true);

    // … and resumed: only what is left is rewritten.
    const progress: number[] = [];
    const resumed = await rotateEncryptedColumns(t.database.db, rotated, { batchSize: 4, targets: table, onProgress: (p) => progress.push(p.rewritten) });
    expect(resumed.rewritten).toBe(11 - 4);
    expect(progress).toEqual([4, 7]);

    const after = await ciphertexts();
    expect(after.flatMap(values).every((v) => v.startsWith('a.k2.'))).toBe(true);
    const onlyK2 = new FieldCipher([k2]);
    for (const p of people) {
      const row = after.find((r) => r.id === p.id)!;
      expect(onlyK2.decrypt(row.phone_cipher)).toBe(p.phone);
      expect(onlyK2.decrypt(row.name_cipher)).toBe(p.name);
      expect(onlyK2.decrypt(row.document_number_cipher)).toBe(p.idNumber);
      expect(row.address_cipher).toBeNull();
    }

    // Idempotent: a further run rewrites nothing and changes nothing.
    expect((await rotateEncryptedColumns(t.database.db, rotated, { targets: table })).rewritten).toBe(0);
    expect(await ciphertexts()).toEqual(after);
  });

  it('runs as the keys:rotate command (also switching algorithm), covering unregistered *_cipher columns and naming the ones it cannot page', async () => {
    const db = t.database.db;
    const old = new FieldCipher([k2, k1]);
    // A module that forgot to register: found by the *_cipher naming convention.
    await db.execute(sql`create table probe_notes (id serial primary key, note_cipher text)`);
    await db.execute(sql`insert into probe_notes (note_cipher) values (${old.encrypt('备注一')}), (${old.encrypt('备注二')}), (null)`);
    // No single-column key: cannot be paged, so it must be reported.
    await db.execute(sql`create table probe_pairs (a int, b int, memo_cipher text, primary key (a, b))`);

    const lines: string[] = [];
    const config = { ...t.config, dataKeys: [k2, k1], cipher: 'sm4-ctr-hmac-sm3' as const };
    const result = await rotateKeys(t.database, config, (l) => lines.push(l));
    expect(result.tables.find((r) => r.table === 'citizens')).toEqual({ table: 'citizens', rewritten: 11, conflicts: 0 });
    expect(result.tables.find((r) => r.table === 'probe_notes')).toEqual({ table: 'probe_notes', rewritten: 2, conflicts: 0 });
    expect(lines.join('\n')).toMatch(/citizens: 11 rows rewritten/);
    expect(result.unregistered).toEqual(['probe_pairs.memo_cipher']);
    expect(lines.join('\n')).toContain('probe_pairs.memo_cipher');

    expect((await ciphertexts()).flatMap(values).every((v) => v.startsWith('s.k2.'))).toBe(true);
    const sm4 = new FieldCipher([k2], 'sm4-ctr-hmac-sm3');
    const row = (await ciphertexts()).find((r) => r.id === people[1].id)!;
    expect(sm4.decrypt(row.name_cipher)).toBe(people[1].name);
    const notes = await rows<{ note_cipher: string | null }>(db, sql`select note_cipher from probe_notes order by id`);
    expect(notes.map((n) => sm4.decrypt(n.note_cipher))).toEqual(['备注一', '备注二', null]);
  });
});
