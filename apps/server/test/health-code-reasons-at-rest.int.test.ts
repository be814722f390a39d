// The reasons of a colour (and the holds behind it) name a fever's temperature, the symptoms declared
// and the places visited: health data derived from encrypted declarations. They are stored only as
// field-cipher ciphertext; only rule ids and reason codes stay in clear. Every reader still gets them.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { cstDay, officer, realNamedCitizen } from './health-code.support.ts';
import { rows } from '../src/platform/db/database.ts';
import { rotateEncryptedColumns, rotationTargets } from '../src/platform/crypto/key-rotation.ts';
import { FieldCipher } from '../src/platform/crypto/field-cipher.ts';
import { openHolds, openReasons, sealLegacyReasons } from '../src/modules/health-code/health-code.reasons.ts';
import { recomputeCode } from '../src/modules/health-code/index.ts';

/** A raw row as text without its timestamps (a time like 12:38.6… is not a temperature). */
const clearText = (row: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'since' && !k.endsWith('_at'))));

describe('health code: reasons encrypted at rest', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  const rawCode = async (citizenId: string) => (await rows<Record<string, unknown>>(t.app.ctx.db, sql`select * from health_codes where citizen_id = ${citizenId}`))[0];
  const rawEvents = (citizenId: string) => rows<Record<string, unknown>>(t.app.ctx.db, sql`select * from health_code_events where citizen_id = ${citizenId} order by id`);
  // What must never be readable in a stored code or event: values and the places visited.
  const CLEAR = ['38.6', 'celsius', 'cough', 'loss_of_smell', '咳嗽', '发热', 'Fever', '510107', '武侯', 'evidence', '"text"'];

  /** A citizen with a fever, symptoms and a trip to a high-risk area: red, three reasons. */
  async function feverishTraveller() {
    const health = await officer(t, ['health'], '');
    const area = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510107', level: 'high', startDate: cstDay(-10), reason: '疫情' } });
    expect(area.statusCode, area.body).toBe(201);
    const c = await realNamedCitizen(t, '510603', '郑十一');
    const declared = await t.app.inject({
      method: 'POST',
      url: '/api/health/declarations',
      headers: c.headers,
      payload: { residenceDivision: '510603', temperature: 38.6, symptoms: ['cough', 'loss_of_smell'], contactWithCase: false },
    });
    expect(declared.statusCode, declared.body).toBe(201);
    const trip = await t.app.inject({ method: 'POST', url: '/api/health/trips', headers: c.headers, payload: { trips: [{ divisionCode: '510107', from: cstDay(-3), to: cstDay(-2) }] } });
    expect(trip.statusCode, trip.body).toBe(201);
    expect(trip.json().colour).toBe('red');
    return { c, declared: declared.json(), trip: trip.json() };
  }

  it('stores reasons, holds and events without their text or evidence, and every reader gets them decrypted', async () => {
    const { c, declared, trip } = await feverishTraveller();
    // The answers of the declarations carry the reasons with their evidence, as before.
    expect(declared.reasons.find((r: { reasonCode: string }) => r.reasonCode === 'FEVER')).toMatchObject({ text: { zh: expect.stringContaining('38.6') }, evidence: [expect.objectContaining({ celsius: 38.6 })] });
    const reasons = trip.reasons as { ruleId: string; reasonCode: string; colour: string; state: string; text: { zh: string }; evidence: unknown[] }[];
    expect(reasons.map((r) => r.reasonCode)).toEqual(expect.arrayContaining(['FEVER', 'SYMPTOMS', 'HIGH_RISK_TRAVEL']));
    expect(reasons.find((r) => r.reasonCode === 'HIGH_RISK_TRAVEL')!.text.zh).toContain('四川省成都市武侯区');

    // The raw code row: reason codes in clear (no values), reasons and holds as ciphertexts only.
    const raw = await rawCode(c.id);
    expect(raw.reasons).toBeNull();
    expect(raw.holds).toBeNull();
    expect(raw.reason_codes).toEqual(reasons.map((r) => ({ ruleId: r.ruleId, reasonCode: r.reasonCode, colour: r.colour, state: r.state })));
    for (const r of raw.reason_codes as Record<string, unknown>[]) expect(Object.keys(r).sort()).toEqual(['colour', 'reasonCode', 'ruleId', 'state']);
    expect(String(raw.reasons_cipher)).toMatch(/^a\.[\w-]+\./);
    expect(String(raw.holds_cipher)).toMatch(/^a\.[\w-]+\./);
    const text = clearText(raw);
    for (const plain of CLEAR) expect(text, plain).not.toContain(plain);
    expect(openReasons(t.app.ctx.cipher, String(raw.reasons_cipher), null)).toEqual(reasons);
    const holds = openHolds(t.app.ctx.cipher, String(raw.holds_cipher), null);
    expect(holds.find((h) => h.ruleId === 'fever')!.text.zh).toContain('38.6'); // why holds are sealed too

    // The raw events: the same.
    const events = await rawEvents(c.id);
    expect(events.length).toBeGreaterThanOrEqual(1);
    for (const e of events) {
      expect(e.reasons).toBeNull();
      expect(String(e.reasons_cipher)).toMatch(/^a\.[\w-]+\./);
      const eventText = clearText(e);
      for (const plain of CLEAR) expect(eventText, plain).not.toContain(plain);
    }

    // The citizen's "why this colour" and history, the officer's lookup: the same reasons, decrypted.
    const code = (await t.app.inject({ url: '/api/health/code', headers: c.headers })).json();
    expect(code.colour).toBe('red');
    expect(code.reasons).toEqual(reasons);
    const history = (await t.app.inject({ url: '/api/health/code/history', headers: c.headers })).json();
    expect(history[0]).toMatchObject({ from: null, to: 'red' }); // first computed on the fever declaration
    expect(history[0].reasons.find((r: { reasonCode: string }) => r.reasonCode === 'FEVER').evidence[0]).toMatchObject({ celsius: 38.6 });
    const health = await officer(t, ['health'], '510603');
    const lookup = await t.app.inject({ method: 'POST', url: '/api/health/lookup', headers: health.headers, payload: { documentType: 'resident_id', documentNumber: c.idNumber } });
    expect(lookup.statusCode, lookup.body).toBe(200);
    expect(lookup.json().code.reasons).toEqual(reasons);
    expect(lookup.json().history).toEqual(history);
  });

  it('does not decrypt reasons or holds at the door', async () => {
    const { c } = await feverishTraveller();
    const token = (await t.app.inject({ url: '/api/health/code', headers: c.headers })).json().token as string;
    const raw = await rawCode(c.id);
    const sealed = [String(raw.reasons_cipher), String(raw.holds_cipher)];
    const police = await officer(t, ['police'], '510603');
    const decrypt = vi.spyOn(t.app.ctx.cipher, 'decrypt');
    try {
      const res = await t.app.inject({ method: 'POST', url: '/api/health/verify', headers: police.headers, payload: { token } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ valid: true, colour: 'red', decision: 'stop', maskedName: '郑**' });
      expect(decrypt).toHaveBeenCalled(); // the masked identity is read
      expect(decrypt.mock.calls.filter(([value]) => sealed.includes(String(value)))).toEqual([]);
    } finally {
      decrypt.mockRestore();
    }
  });

  it('reads rows stored before the reasons were encrypted, and seals them at start', async () => {
    const { c } = await feverishTraveller();
    const before = (await t.app.inject({ url: '/api/health/code', headers: c.headers })).json();
    const historyBefore = (await t.app.inject({ url: '/api/health/code/history', headers: c.headers })).json();
    // Put the row and its events back the way they were stored before migration 0006: reasons and holds in clear.
    const raw = await rawCode(c.id);
    const reasons = openReasons(t.app.ctx.cipher, String(raw.reasons_cipher), null);
    const holds = openHolds(t.app.ctx.cipher, String(raw.holds_cipher), null);
    await t.app.ctx.db.execute(
      sql`update health_codes set reasons = ${JSON.stringify(reasons)}::jsonb, holds = ${JSON.stringify(holds)}::jsonb, reasons_cipher = null, holds_cipher = null where citizen_id = ${c.id}`,
    );
    for (const e of await rawEvents(c.id)) {
      const eventReasons = openReasons(t.app.ctx.cipher, String(e.reasons_cipher), null);
      await t.app.ctx.db.execute(sql`update health_code_events set reasons = ${JSON.stringify(eventReasons)}::jsonb, reasons_cipher = null where id = ${e.id}`);
    }
    expect(clearText(await rawCode(c.id))).toContain('38.6');

    // Not yet sealed: read from the clear columns, the same answers.
    expect((await t.app.inject({ url: '/api/health/code', headers: c.headers })).json().reasons).toEqual(before.reasons);
    expect((await t.app.inject({ url: '/api/health/code/history', headers: c.headers })).json()).toEqual(historyBefore);

    // An instance starting on the database seals them (and does nothing more the next time).
    const second = await createTestApp({}, t.database);
    try {
      const sealed = await rawCode(c.id);
      expect(sealed.reasons).toBeNull();
      expect(sealed.holds).toBeNull();
      for (const plain of CLEAR) expect(clearText(sealed), plain).not.toContain(plain);
      expect(openReasons(t.app.ctx.cipher, String(sealed.reasons_cipher), null)).toEqual(reasons);
      expect(openHolds(t.app.ctx.cipher, String(sealed.holds_cipher), null)).toEqual(holds);
      for (const e of await rawEvents(c.id)) {
        expect(e.reasons).toBeNull();
        for (const plain of CLEAR) expect(clearText(e), plain).not.toContain(plain);
      }
      expect(await sealLegacyReasons(t.app.ctx.db, t.app.ctx.cipher)).toEqual({ codes: 0, events: 0 });
      expect((await second.app.inject({ url: '/api/health/code', headers: c.headers })).json().reasons).toEqual(before.reasons);
      expect((await second.app.inject({ url: '/api/health/code/history', headers: c.headers })).json()).toEqual(historyBefore);
      // A recomputation reads the holds from the sealed column and stores the same state again.
      const again = await recomputeCode(t.app.ctx, c.id, { type: 'timer' });
      expect(again.holds).toEqual(holds);
      expect(again.reasons).toEqual(reasons);
      expect(openHolds(t.app.ctx.cipher, String((await rawCode(c.id)).holds_cipher), null)).toEqual(holds);
    } finally {
      await second.close();
    }
  });

  it('covers the ciphertext columns in key rotation', async () => {
    const { targets, uncovered } = await rotationTargets(t.database.db);
    expect(targets).toContainEqual({ table: 'health_codes', key: 'citizen_id', columns: ['holds_cipher', 'override_cipher', 'reasons_cipher'] });
    expect(targets).toContainEqual({ table: 'health_code_events', key: 'id', columns: ['reasons_cipher'] });
    expect(uncovered.filter((c) => c.startsWith('health_'))).toEqual([]);

    // Rotating them (paged by citizen id and by the events' bigint id) keeps every reason readable under the new key.
    const before = await rows<{ id: string; reasons_cipher: string }>(t.database.db, sql`select id::text as id, reasons_cipher from health_code_events order by id`);
    expect(before.length).toBeGreaterThanOrEqual(3); // more than one page of 2
    const rotated = new FieldCipher([{ id: 'k-next', key: randomBytes(32) }, ...t.config.dataKeys]);
    const mine = targets.filter((x) => x.table.startsWith('health_code'));
    const result = await rotateEncryptedColumns(t.database.db, rotated, { targets: mine, batchSize: 2 });
    expect(result.tables.find((x) => x.table === 'health_code_events')).toEqual({ table: 'health_code_events', rewritten: before.length, conflicts: 0 });
    const after = await rows<{ id: string; reasons_cipher: string }>(t.database.db, sql`select id::text as id, reasons_cipher from health_code_events order by id`);
    expect(after.every((e) => e.reasons_cipher.startsWith('a.k-next.'))).toBe(true);
    expect(after.map((e) => openReasons(rotated, e.reasons_cipher, null))).toEqual(before.map((e) => openReasons(t.app.ctx.cipher, e.reasons_cipher, null)));
  });
});
