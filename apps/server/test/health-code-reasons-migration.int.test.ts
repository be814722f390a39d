// The migration path of the reasons' encryption at rest, on a database that has codes and events
// stored the old way (reasons and holds in clear): the schema migrations add the clear reason codes
// and the ciphertext columns, and the first start seals the old rows; readers get the same reasons.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { createServerDatabase, createTestApp, onPostgresServer, type TestApp } from './support.ts';
import { cstDay, realNamedCitizen } from './health-code.support.ts';
import { MIGRATIONS_DIR, openDatabase, rows, type Database } from '../src/platform/db/database.ts';
import { openHolds, openReasons } from '../src/modules/health-code/health-code.reasons.ts';
import type { Hold, Reason } from '../src/modules/health-code/health-code.types.ts';

/** The committed migrations up to (not including) the one that added reasons_cipher. */
function migrationsBeforeReasonsCipher(dir: string): void {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag.endsWith('_health_reasons_cipher_columns'));
  expect(cut).toBeGreaterThan(0);
  const entries = journal.entries.slice(0, cut);
  mkdirSync(join(dir, 'meta'), { recursive: true });
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const e of entries) copyFileSync(join(MIGRATIONS_DIR, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
}

const today = cstDay();
const FEVER: Reason = {
  ruleId: 'fever',
  reasonCode: 'FEVER',
  colour: 'red',
  text: { zh: `${today} 申报发热（38.6℃）`, en: `Fever declared on ${today} (38.6 °C)` },
  evidence: [{ fact: 'fever', day: today, celsius: 38.6 }],
  state: 'active',
};
const TRAVEL: Reason = {
  ruleId: 'medium-risk-travel',
  reasonCode: 'MEDIUM_RISK_TRAVEL',
  colour: 'yellow',
  text: { zh: '14 日内到访中风险地区 四川省成都市锦江区', en: 'Visited the medium-risk area 四川省成都市锦江区' },
  evidence: [{ fact: 'visitedRiskArea', day: today, divisionCode: '510104', area: '四川省成都市锦江区', level: 'medium', source: 'trip' }],
  state: 'active',
};
const HOLDS: Hold[] = [
  { ruleId: 'fever', reasonCode: 'FEVER', colour: 'red', durationDays: 14, needsConfirmation: true, lastEvidenceDay: today, text: FEVER.text, confirmedAt: null },
];
const CLEAR = ['38.6', 'celsius', '发热', '510104', '锦江', 'evidence'];
/** A raw row as text without its timestamps (a time like 12:38.6… is not a temperature). */
const clearText = (row: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'since' && !k.endsWith('_at'))));


describe('health code: reasons stored in clear before 0006 are migrated', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fx-reasons-'));
  const red = randomUUID();
  const green = randomUUID();
  let database: Database;
  let t: TestApp;

  beforeAll(async () => {
    const partial = join(dir, 'migrations');
    migrationsBeforeReasonsCipher(partial);
    // A database as it was before: the earlier migrations, and rows with their reasons in clear.
    const legacyRows = async (exec: (query: ReturnType<typeof sql>) => Promise<unknown>) => {
      await exec(sql`insert into health_codes (citizen_id, colour, rule_set_version, since, reasons, holds, next_check_at, region_code)
        values (${red}, 'red', 1, now(), ${JSON.stringify([FEVER, TRAVEL])}::jsonb, ${JSON.stringify(HOLDS)}::jsonb, now() + interval '1 day', '510603'),
               (${green}, 'green', 1, now(), '[]'::jsonb, '[]'::jsonb, now() + interval '1 day', '510603')`);
      await exec(sql`insert into health_code_events (citizen_id, from_colour, to_colour, rule_set_version, reasons, cause_type, cause)
        values (${red}, null, 'yellow', 1, ${JSON.stringify([TRAVEL])}::jsonb, 'fact', '{"type":"fact","fact":"trip_declaration"}'::jsonb),
               (${red}, 'yellow', 'red', 1, ${JSON.stringify([FEVER, TRAVEL])}::jsonb, 'fact', '{"type":"fact","fact":"declaration"}'::jsonb),
               (${green}, null, 'green', 1, '[]'::jsonb, 'fact', '{"type":"fact","fact":"first_use"}'::jsonb)`);
    };
    if (onPostgresServer) {
      const url = await createServerDatabase();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const db = drizzlePg(client);
        await migratePg(db, { migrationsFolder: partial });
        await legacyRows((q) => db.execute(q));
      } finally {
        await client.end();
      }
      database = await openDatabase({ url, dataDir: '' });
    } else {
      const dataDir = join(dir, 'data');
      const client = await PGlite.create(dataDir);
      try {
        const db = drizzlePglite({ client });
        await migratePglite(db, { migrationsFolder: partial });
        await legacyRows((q) => db.execute(q));
      } finally {
        await client.close();
      }
      database = await openDatabase({ url: null, dataDir, pgliteThread: false });
    }
    // Opening applied the new migrations; starting the app seals the old rows.
    t = await createTestApp({}, database);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the reason codes in clear, seals reasons and holds, and clears the old columns', async () => {
    const codes = await rows<Record<string, unknown>>(t.database.db, sql`select * from health_codes where citizen_id in (${red}, ${green})`);
    const byId = new Map(codes.map((c) => [c.citizen_id, c]));
    const r = byId.get(red)!;
    expect(r.reason_codes).toEqual([
      { ruleId: 'fever', reasonCode: 'FEVER', colour: 'red', state: 'active' },
      { ruleId: 'medium-risk-travel', reasonCode: 'MEDIUM_RISK_TRAVEL', colour: 'yellow', state: 'active' },
    ]);
    expect(r.reasons).toBeNull();
    expect(r.holds).toBeNull();
    for (const plain of CLEAR) expect(clearText(r), plain).not.toContain(plain);
    expect(openReasons(t.app.ctx.cipher, String(r.reasons_cipher), null)).toEqual([FEVER, TRAVEL]);
    expect(openHolds(t.app.ctx.cipher, String(r.holds_cipher), null)).toEqual(HOLDS);
    const g = byId.get(green)!;
    expect(g).toMatchObject({ reason_codes: [], reasons: null, holds: null });
    expect(openReasons(t.app.ctx.cipher, String(g.reasons_cipher), null)).toEqual([]);

    const events = await rows<Record<string, unknown>>(t.database.db, sql`select * from health_code_events where citizen_id = ${red} order by id`);
    expect(events.map((e) => e.reason_codes)).toEqual([
      [{ ruleId: 'medium-risk-travel', reasonCode: 'MEDIUM_RISK_TRAVEL', colour: 'yellow', state: 'active' }],
      [
        { ruleId: 'fever', reasonCode: 'FEVER', colour: 'red', state: 'active' },
        { ruleId: 'medium-risk-travel', reasonCode: 'MEDIUM_RISK_TRAVEL', colour: 'yellow', state: 'active' },
      ],
    ]);
    for (const e of events) {
      expect(e.reasons).toBeNull();
      for (const plain of CLEAR) expect(clearText(e), plain).not.toContain(plain);
    }
    expect(openReasons(t.app.ctx.cipher, String(events[1].reasons_cipher), null)).toEqual([FEVER, TRAVEL]);

    // The check constraint now reads the clear reason codes.
    await expect(t.database.db.execute(sql`update health_codes set reason_codes = '[]'::jsonb where citizen_id = ${red}`)).rejects.toThrow();
  });

  it('answers the citizen with the same reasons as before', async () => {
    // Give the migrated rows a signed-in, real-named owner.
    const c = await realNamedCitizen(t, '510603', '钱十二');
    await t.database.db.execute(sql`update health_codes set citizen_id = ${c.id} where citizen_id = ${red}`);
    await t.database.db.execute(sql`update health_code_events set citizen_id = ${c.id} where citizen_id = ${red}`);
    const code = await t.app.inject({ url: '/api/health/code', headers: c.headers });
    expect(code.statusCode, code.body).toBe(200);
    expect(code.json()).toMatchObject({ colour: 'red', reasons: [FEVER, TRAVEL] });
    const history = (await t.app.inject({ url: '/api/health/code/history', headers: c.headers })).json();
    expect(history.map((e: { from: string | null; to: string; reasons: Reason[] }) => [e.from, e.to, e.reasons])).toEqual([
      ['yellow', 'red', [FEVER, TRAVEL]],
      [null, 'yellow', [TRAVEL]],
    ]);
  });
});
