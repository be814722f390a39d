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
