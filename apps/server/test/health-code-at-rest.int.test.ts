// Issue 3: declared health data (temperature, symptoms, contact with cases, underlying illness) is
// sensitive personal data — stored only as field-cipher ciphertext, yet the rules still read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { officer, realNamedCitizen } from './health-code.support.ts';
import { rows } from '../src/platform/db/database.ts';
import { rotationTargets } from '../src/platform/crypto/key-rotation.ts';
import { openHealthFields } from '../src/modules/health-code/health-code.declarations.ts';

/**
 * What a stored row holds in clear: every value but its timestamps (a created_at of …:38.630 holds
 * "38.6") and its field-cipher ciphertexts (checked by decrypting them).
 */
function clearText(row: Record<string, unknown>): string {
  const clear = Object.entries(row).filter(
    ([, v]) => !(v instanceof Date) && !(typeof v === 'string' && (/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d/.test(v) || /^a\.[\w-]+\.[\w-]+\.[\w-]*\.[\w-]+$/.test(v))),
  );
  return JSON.stringify(Object.fromEntries(clear));
}

describe('health code: health data encrypted at rest', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  it('stores a health declaration without plaintext health fields, and the rules, the citizen and the reviewing officer still read them', async () => {
    const c = await realNamedCitizen(t, '510603', '吴九');
    const declared = await t.app.inject({
      method: 'POST',
      url: '/api/health/declarations',
      headers: c.headers,
      payload: { residenceDivision: '510603', temperature: 38.6, symptoms: ['cough', 'loss_of_smell'], contactWithCase: true, underlyingIllness: '二型糖尿病' },
    });
    expect(declared.statusCode, declared.body).toBe(201);
    // Evaluation saw the temperature: fever → red, with the value in the reason.
    expect(declared.json().colour).toBe('red');
    expect(declared.json().reasons.map((r: { reasonCode: string }) => r.reasonCode)).toEqual(expect.arrayContaining(['FEVER', 'DECLARED_CONTACT', 'SYMPTOMS']));
    expect(declared.json().declaration).toMatchObject({ temperature: 38.6, symptoms: ['cough', 'loss_of_smell'], contactWithCase: true });
    expect(declared.json().declaration).not.toHaveProperty('underlyingIllness');

    // The raw row: one ciphertext, none of the values.
    const [raw] = await rows<Record<string, unknown>>(t.app.ctx.db, sql`select * from hc_declarations where citizen_id = ${c.id}`);
    expect(Object.keys(raw).sort()).toEqual(['citizen_id', 'created_at', 'declared_on', 'health_cipher', 'id', 'kind', 'residence_division', 'trips']);
    const text = clearText(raw);
    for (const plain of ['38.6', 'cough', 'loss_of_smell', 'contact', '糖尿病', 'true']) expect(text).not.toContain(plain);
    expect(String(raw.health_cipher)).toMatch(/^a\.[\w-]+\./);
    expect(openHealthFields(t.app.ctx.cipher, String(raw.health_cipher))).toEqual({ temperature: 38.6, symptoms: ['cough', 'loss_of_smell'], contactWithCase: true, underlyingIllness: '二型糖尿病' });

    // The citizen reads their own declarations and facts decrypted.
    const mine = (await t.app.inject({ url: '/api/health/declarations', headers: c.headers })).json();
    expect(mine[0]).toMatchObject({ kind: 'health', temperature: 38.6, symptoms: ['cough', 'loss_of_smell'], contactWithCase: true });
    const facts = (await t.app.inject({ url: '/api/health/facts', headers: c.headers })).json();
    const fact = facts.find((f: { type: string }) => f.type === 'declaration');
    expect(fact.summary.zh).toContain('体温 38.6℃');
    expect(fact.summary.zh).toContain('咳嗽');

    // A correction carries the fact's summary: stored encrypted as well, shown decrypted.
    const filed = await t.app.inject({ method: 'POST', url: '/api/health/corrections', headers: c.headers, payload: { factType: 'declaration', factId: fact.id, reason: '体温计故障，复测 36.6℃' } });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json().factSummary.zh).toContain('体温 38.6℃');
    const [rawCorrection] = await rows<Record<string, unknown>>(t.app.ctx.db, sql`select * from hc_corrections where citizen_id = ${c.id}`);
    const correctionText = clearText(rawCorrection);
    for (const plain of ['38.6', '36.6', '咳嗽', 'cough', '体温']) expect(correctionText).not.toContain(plain);
    const reviewer = await officer(t, ['health'], '510603');
    const review = (await t.app.inject({ url: '/api/health/corrections/review', headers: reviewer.headers })).json();
    expect(review.find((r: { id: string }) => r.id === filed.json().id)).toMatchObject({ factSummary: { zh: expect.stringContaining('体温 38.6℃') }, reason: '体温计故障，复测 36.6℃' });
    const listed = (await t.app.inject({ url: '/api/health/corrections', headers: c.headers })).json();
    expect(listed[0].factSummary.en).toContain('38.6 °C');
  });

  it('covers the new ciphertext columns in key rotation', async () => {
    const { targets, uncovered } = await rotationTargets(t.database.db);
    expect(targets).toContainEqual({ table: 'hc_declarations', key: 'id', columns: ['health_cipher'] });
    expect(targets).toContainEqual({ table: 'hc_corrections', key: 'id', columns: expect.arrayContaining(['fact_summary_cipher', 'reason_cipher']) });
    expect(uncovered.filter((c) => c.startsWith('hc_'))).toEqual([]);
  });
});
