import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { preparedJsonRow } from '../src/platform/db/prepared-json.ts';
import { isUniqueViolation } from '../src/platform/identity/db-errors.ts';

// The embedded database behaves the same on its own thread (pglite-proxy.ts, the default) and in
// the server's thread (FX_PGLITE_THREAD=false): transactions, errors with their SQLSTATE, the change
// feed heard before the writer's promise settles, prepared reads, and refusal after close.
describe.each([true, false])('embedded database, own thread: %s', { timeout: 120_000 }, (pgliteThread) => {
  it('commits, rolls back, reports constraint violations, feeds changes in order and closes cleanly', async () => {
    const database: Database = await openDatabase({ url: null, dataDir: 'memory', pgliteThread });
    try {
      await database.db.execute(sql`create table probe (id integer primary key, note text not null)`);
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into probe values (1, 'one')`);
        await tx.execute(sql`insert into probe values (2, 'two')`);
      });
      await expect(
        database.db.transaction(async (tx) => {
          await tx.execute(sql`insert into probe values (3, 'three')`);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      // Nested transaction (savepoint) rolled back alone.
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into probe values (4, 'four')`);
        await tx.transaction(async (sp) => {
          await sp.execute(sql`insert into probe values (5, 'five')`);
          sp.rollback();
        }).catch(() => {});
      });
      const rows = (await database.db.execute(sql`select id from probe order by id`)) as unknown as { rows: { id: number }[] };
      expect(rows.rows.map((r) => r.id)).toEqual([1, 2, 4]);

      let caught: unknown = null;
      await database.db.execute(sql`insert into probe values (1, 'again')`).catch((err) => (caught = err));
      expect(isUniqueViolation(caught)).toBe(true);

      // A change is heard before the committing statement's promise settles.
      const heard: string[] = [];
      database.changes.on('fx_citizen', (key) => heard.push(key));
      await database.db.execute(
        sql`insert into risk_areas (division_code, division_name, level, start_date, reason, created_by, updated_by)
            values ('510603', '旌阳区', 'high', '2026-11-01', 'test', gen_random_uuid(), gen_random_uuid())`,
      );
      expect(heard).toEqual(['*']);

      const read = preparedJsonRow<{ n: number }>(database.db, 'probe_json', `select json_build_object('n', count(*))::text from probe where id > $1`);
      expect(read).not.toBeNull();
      expect(await read!(['1'])).toEqual({ n: 2 });
      expect(await read!(['4'])).toEqual({ n: 0 });
    } finally {
      await database.close();
    }
    await expect(database.db.execute(sql`select 1`)).rejects.toThrow();
  });
});

// FX_PGLITE_SETTINGS reach PGlite's PostgreSQL on its own thread; the directory opens again without them.
describe('embedded database on a new data directory, with memory settings', { timeout: 120_000 }, () => {
  it('creates the directory, applies the settings, and opens it again with its data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fx-pglite-new-'));
    try {
      const first = await openDatabase({ url: null, dataDir: dir, pgliteSettings: ['shared_buffers=16MB', 'work_mem=2MB'] });
      try {
        expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
        const shown = (await first.db.execute(sql`select current_setting('shared_buffers') as sb, current_setting('work_mem') as wm`)) as unknown as { rows: { sb: string; wm: string }[] };
        expect(shown.rows[0]).toEqual({ sb: '16MB', wm: '2MB' });
        await first.db.execute(sql`create table kept (n integer)`);
        await first.db.execute(sql`insert into kept values (7)`);
      } finally {
        await first.close();
      }
      const again = await openDatabase({ url: null, dataDir: dir });
      try {
        const shown = (await again.db.execute(sql`select current_setting('shared_buffers') as sb, (select n from kept) as n`)) as unknown as { rows: { sb: string; n: number }[] };
        expect(shown.rows[0]).toEqual({ sb: '128MB', n: 7 });
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
