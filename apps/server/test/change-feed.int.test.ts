import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeCache } from '../src/platform/db/change-cache.ts';
import type { Database } from '../src/platform/db/database.ts';
import { onPostgresServer, openTestDatabase } from './support.ts';

// The change feed on the real database: triggers announce on COMMIT which person changed (or '*'),
// and a ChangeCache fed by it never serves a value read before a commit after that commit.

let database: Database;
const heard: string[] = [];

/** Waits until the feed has delivered what it will (synchronous on PGlite, a moment later on a server). */
async function settle(): Promise<void> {
  for (let i = 0; i < (onPostgresServer ? 20 : 1); i++) await new Promise((r) => setTimeout(r, onPostgresServer ? 25 : 0));
}

async function insertCitizen(id: string): Promise<void> {
  await database.db.execute(sql`insert into citizens (id, phone_cipher, phone_index) values (${id}, 'x', ${'idx-' + id})`);
}

beforeAll(async () => {
  database = await openTestDatabase();
  database.changes.on('fx_citizen', (key) => heard.push(key));
});

afterAll(async () => {
  await database.close();
});

describe('change feed', () => {
  it('is live once the database is open', () => {
    expect(database.changes.live).toBe(true);
  });

  it('announces the citizen whose row changed, after COMMIT', async () => {
    const id = randomUUID();
    heard.length = 0;
    await insertCitizen(id);
    await settle();
    expect(heard).toContain(id);

    heard.length = 0;
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`update citizens set language = 'en' where id = ${id}`);
      await settle();
      expect(heard).toEqual([]); // nothing before the commit
    });
    await settle();
    expect(heard).toEqual([id]);
  });

  it('announces nothing for a rolled-back change', async () => {
    const id = randomUUID();
    await insertCitizen(id);
    await settle();
    heard.length = 0;
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`update citizens set language = 'en' where id = ${id}`);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await settle();
    expect(heard).toEqual([]);
  });

  it('announces on fx_identity the session, staff account or citizen that changed (not a new row)', async () => {
    const identity: string[] = [];
    const stop = database.changes.on('fx_identity', (key) => identity.push(key));
    const citizen = randomUUID();
    const staff = randomUUID();
    const session = `session-${randomUUID()}`;
    await insertCitizen(citizen);
    await database.db.execute(
      sql`insert into staff_accounts (id, username, password_hash, display_name, department, roles, region_code)
          values (${staff}, ${'u-' + staff}, 'x', 'x', 'health', '{health}', '510603')`,
    );
    await database.db.execute(sql`insert into sessions (id, subject_type, subject_id, expires_at) values (${session}, 'staff', ${staff}, now() + interval '1 hour')`);
    await settle();
    expect(identity).toEqual([]); // nothing can hold a row that did not exist

    await database.db.execute(sql`update sessions set revoked_at = now() where id = ${session}`);
    await database.db.execute(sql`update staff_accounts set roles = '{sys_admin}' where id = ${staff}`);
    await database.db.execute(sql`update citizens set language = 'en' where id = ${citizen}`);
    await database.db.execute(sql`delete from sessions where id = ${session}`);
    await settle();
    expect(identity).toEqual([session, staff, citizen, session]);
    stop();
  });

  it('does not announce a due mark (only next_check_at moved): only a code write, or a statement that marks a few on purpose', async () => {
    const id = randomUUID();
    await insertCitizen(id);
    await database.db.execute(sql`insert into health_codes (citizen_id, colour, rule_set_version, since, reason_codes, region_code)
      values (${id}, 'green', 1, now(), '[]'::jsonb, '510603')`);
    await settle();
    expect(heard).toContain(id);

    // A risk-area collection's mark (repo.markTargetsDue) and a postponed check move next_check_at alone: silent.
    heard.length = 0;
    await database.db.execute(sql`update health_codes set next_check_at = now() - interval '1 minute' where citizen_id = ${id}`);
    await database.db.execute(sql`update health_codes set next_check_at = now() + interval '1 hour' where citizen_id = ${id}`);
    await settle();
    expect(heard).toEqual([]);

    // A recomputation writes the code (updated_at moves with it): announced, whether or not the check moved too.
    await database.db.execute(sql`update health_codes set next_check_at = null, updated_at = now() where citizen_id = ${id}`);
    await settle();
    expect(heard).toEqual([id]);
    heard.length = 0;
    await database.db.execute(sql`update health_codes set pending_confirmation = true where citizen_id = ${id}`);
    await settle();
    expect(heard).toEqual([id]);

    // The few marks made on purpose announce themselves (a person-registry change, a failed recomputation).
    const repo = await import('../src/modules/health-code/health-code.repository.ts');
    heard.length = 0;
    await repo.markDue(database.db, [id]);
    await settle();
    expect(heard).toEqual([id]);
    heard.length = 0;
    const marked = await repo.markDueWhere(database.db, sql`select ${id}::uuid`, 5);
    expect(marked).toEqual({ marked: 1, first: [id] });
    await settle();
    expect(heard).toEqual([id]);
  });

  it('announces everybody when the risk-area registry changes', async () => {
    heard.length = 0;
    await database.db.execute(
      sql`insert into risk_areas (division_code, division_name, level, start_date, reason, created_by, updated_by)
          values ('510603', '旌阳区', 'high', '2026-11-01', 'test', ${randomUUID()}, ${randomUUID()})`,
    );
    await settle();
    expect(heard).toContain('*');
  });

  it('keeps a cache exact: a value read before a commit is not served after it', async () => {
    const id = randomUUID();
    await insertCitizen(id);
    await settle();
    const cache = new ChangeCache<string>(database.changes, 'fx_citizen');
    const read = async () => {
      const result = (await database.db.execute(sql`select language from citizens where id = ${id}`)) as unknown as { rows: { language: string }[] };
      return result.rows[0]?.language ?? null;
    };
    expect(cache.peek(id)).toBeUndefined(); // nothing held yet
    expect(await cache.get(id, read)).toBe('zh-CN');
    expect(await cache.get(id, read)).toBe('zh-CN');
    expect(cache.stats.hits).toBe(1);
    // Held: answered without waiting, unless the caller finds it no longer usable.
    expect(cache.peek(id)).toBe('zh-CN');
    expect(cache.peek(id, (v) => v !== 'zh-CN')).toBeUndefined();

    await database.db.execute(sql`update citizens set language = 'en' where id = ${id}`);
    await settle();
    expect(cache.peek(id)).toBeUndefined(); // dropped by the change
    expect(await cache.get(id, read)).toBe('en');

    // A read in flight while the change commits is answered but not remembered.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = cache.get(id, async () => {
      const before = await read();
      await gate;
      return before;
    });
    cache.changed(id); // drop the 'en' entry so the slow read is the one in flight
    const inFlight = cache.get(id, async () => {
      const before = await read();
      await gate;
      return before;
    });
    await database.db.execute(sql`update citizens set language = 'zh-CN' where id = ${id}`);
    await settle();
    release();
    await Promise.all([slow, inFlight]);
    expect(await cache.get(id, read)).toBe('zh-CN');
    cache.unsubscribe();
  });
});
