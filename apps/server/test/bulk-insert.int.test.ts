import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteral, bulkInsert, bulkInsertSql, bulkInsertText, inlineSql } from '../src/platform/db/bulk-insert.ts';
import type { Database } from '../src/platform/db/database.ts';
import { openTestDatabase } from './support.ts';

// bulkInsert writes rows through unnest(array parameters): every awkward value must arrive exactly
// as a plain drizzle insert would have stored it.
const probe = pgTable('bulk_probe', {
  id: uuid('id').primaryKey(),
  label: text('label'),
  at: timestamp('at', { withTimezone: true }),
  flag: boolean('flag'),
  n: integer('n'),
  x: doublePrecision('x'),
  detail: jsonb('detail').$type<Record<string, unknown>>(),
  uses: integer('uses').notNull().default(1),
});

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.execute(sql`create table bulk_probe (id uuid primary key, label text, at timestamptz, flag boolean, n integer, x double precision, detail jsonb, uses integer not null default 1)`);
});
afterAll(async () => database.close());

describe('bulkInsert', () => {
  const awkwardRows = (): (typeof probe.$inferInsert)[] => {
    const awkward = ['plain', 'with "quotes"', 'back\\slash', 'comma, {brace}', 'NULL', '', '张三 🏥', "it's", 'new\nline', "'{\"\\'}"];
    const rows: (typeof probe.$inferInsert)[] = awkward.map((label, i) => ({
      id: randomUUID(),
      label,
      at: new Date(Date.UTC(2026, 10, 23, 8, i, 30, 123)),
      flag: i % 2 === 0,
      n: i - 4,
      x: i / 3,
      detail: { label, i, nested: { q: '"', b: '\\' } },
    }));
    rows.push({ id: randomUUID(), label: null, at: null, flag: null, n: null, x: null, detail: null });
    return rows;
  };

  for (const rendering of ['parameters', 'text'] as const) {
  it(`stores awkward values exactly as a drizzle insert does (${rendering})`, async () => {
    const rows = awkwardRows();
    await database.db.execute(sql`truncate bulk_probe`);
    if (rendering === 'parameters') await bulkInsert(database.db, probe, rows);
    else await database.db.execute(sql.raw(bulkInsertText(probe, rows)));
    const stored = await database.db.select().from(probe);
    expect(stored).toHaveLength(rows.length);
    for (const row of rows) {
      const got = stored.find((s) => s.id === row.id)!;
      expect(got.label).toBe(row.label);
      expect(got.at?.getTime() ?? null).toBe(row.at ? (row.at as Date).getTime() : null);
      expect(got.flag).toBe(row.flag);
      expect(got.n).toBe(row.n);
      expect(got.x).toBe(row.x);
      expect(got.detail).toEqual(row.detail);
      expect(got.uses).toBe(1); // default applies to columns not given
    }
  });
  }

  it('renders as text the very statement inlineSql makes of the parameterised one', () => {
    const rows = awkwardRows();
    expect(bulkInsertText(probe, rows)).toBe(inlineSql(bulkInsertSql(probe, rows)).trimEnd());
    expect(bulkInsertText(probe, rows, 'on conflict (id) do nothing')).toBe(inlineSql(bulkInsertSql(probe, rows, sql`on conflict (id) do nothing`)));
  });

  it('takes an ON CONFLICT clause (an upsert)', async () => {
    const id = randomUUID();
    await bulkInsert(database.db, probe, [{ id, label: 'a', uses: 2 }]);
    await bulkInsert(database.db, probe, [{ id, label: 'a', uses: 3 }], sql`on conflict (id) do update set uses = ${probe.uses} + excluded.uses`);
    const [row] = await database.db.select().from(probe).where(sql`id = ${id}`);
    expect(row.uses).toBe(5);
  });

  it('refuses a key that is not a column, before touching the database', async () => {
    await expect(bulkInsert(database.db, probe, [{ id: randomUUID(), nope: 1 } as never])).rejects.toThrow(/no column for "nope"/);
  });

  it('quotes array literal elements', () => {
    expect(arrayLiteral(['a"b', 'c\\d', null, true, 3])).toBe('{"a\\"b","c\\\\d",NULL,"t","3"}');
  });
});

describe('inlineSql', () => {
  it('inlines parameters as literals outside quotes, and runs the same statement', async () => {
    const id = randomUUID();
    const text = inlineSql(sql`insert into bulk_probe (id, label, n) values (${id}, ${"it's $1 'x'"}, ${7})`);
    expect(text).toBe(`insert into bulk_probe (id, label, n) values ('${id}', 'it''s $1 ''x''', 7)`);
    await database.db.execute(sql.raw(text));
    const [row] = await database.db.select().from(probe).where(sql`id = ${id}`);
    expect(row).toMatchObject({ label: "it's $1 'x'", n: 7 });
    expect(inlineSql(sql`select '$1' as a, "$2" as b, ${'v'} as c`)).toBe(`select '$1' as a, "$2" as b, 'v' as c`);
    expect(() => inlineSql(sql`select ${{ a: 1 }}`)).toThrow(/cannot inline/);
  });
});
