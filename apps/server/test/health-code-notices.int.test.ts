import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';
import { cstDay, officer, realNamedCitizen } from './health-code.support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(async () => {
  await t.close();
});

type Item = { kind: string; title: { zh: string; en: string }; link: string | null };
const inbox = async (headers: Record<string, string>) => (await t.app.inject({ method: 'GET', url: '/api/notifications', headers })).json().items as Item[];
const kinds = async (headers: Record<string, string>) => (await inbox(headers)).map((i) => i.kind).sort();
const declareNormal = (headers: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: '/api/health/declarations', headers, payload: { residenceDivision: '510603', temperature: 36.5, symptoms: [], contactWithCase: false } });

describe('the health code\'s messages go through the notification centre', { timeout: 180_000 }, () => {
  it('tells the citizen of an override decision and the colour change it causes; the first issue of a code is silent', async () => {
    const c = await realNamedCitizen(t, '510603', '王五');
    await declareNormal(c.headers);
    expect(await kinds(c.headers)).toEqual([]);
    const a = await officer(t, ['health'], '510603');
    const b = await officer(t, ['county_command'], '510603');
    const proposed = await t.app.inject({
      method: 'POST',
      url: '/api/health/overrides',
      headers: a.headers,
      payload: { documentType: 'resident_id', documentNumber: c.idNumber, colour: 'yellow', reason: '同住人为密接，居家观察', expiresAt: new Date(Date.now() + 3 * 86_400_000).toISOString() },
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const ok = await t.app.inject({ method: 'POST', url: `/api/health/overrides/${proposed.json().id}/decision`, headers: b.headers, payload: { decision: 'approve' } });
    expect(ok.statusCode, ok.body).toBe(200);
    const items = await inbox(c.headers);
    expect(items.map((i) => i.kind).sort()).toEqual(['health-code.colour-changed', 'health-code.override-decided']);
    expect(items.find((i) => i.kind === 'health-code.colour-changed')).toMatchObject({ title: { zh: '您的健康码已变为黄码', en: 'Your health code is now yellow' }, link: '/m/health' });
    // The message carries no reason text (it may name people or places): the code page shows it.
    expect(JSON.stringify(items)).not.toContain('密接');
  });

  it('tells the citizen the outcome of a correction request', async () => {
    const c = await realNamedCitizen(t, '510603', '赵六');
    await declareNormal(c.headers);
    const health = await officer(t, ['health'], '510603');
    await t.app.inject({
      method: 'POST',
      url: '/api/epidemic/person-statuses',
      headers: health.headers,
      payload: { documentType: 'resident_id', documentNumber: c.idNumber, status: 'close_contact', date: cstDay(), source: '同航班', regionCode: '510603' },
    });
    const facts = (await t.app.inject({ method: 'GET', url: '/api/health/facts', headers: c.headers })).json();
    const status = facts.find((f: { type: string }) => f.type === 'person_status');
    const filed = await t.app.inject({ method: 'POST', url: '/api/health/corrections', headers: c.headers, payload: { factType: 'person_status', factId: status.id, reason: '当日我不在该航班上' } });
    expect(filed.statusCode, filed.body).toBe(201);
    const decided = await t.app.inject({ method: 'POST', url: `/api/health/corrections/${filed.json().id}/decision`, headers: health.headers, payload: { decision: 'accept', note: '予以更正' } });
    expect(decided.statusCode, decided.body).toBe(200);
    const items = await inbox(c.headers);
    expect(items.filter((i) => i.kind === 'health-code.correction-decided')).toHaveLength(1);
    // green → yellow (the registry), then yellow → green (the correction): two colour messages.
    expect(items.filter((i) => i.kind === 'health-code.colour-changed').map((i) => i.title.en)).toEqual(['Your health code is now green', 'Your health code is now yellow']);
  });
});
