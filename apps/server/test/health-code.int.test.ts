import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support.ts';
import { cstDay, officer, realNamedCitizen } from './health-code.support.ts';
import { createCitizen } from './factories.ts';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { JobRunner } from '../src/platform/jobs/index.ts';

describe('health code: declare, see the code, risk areas', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  it('gives a citizen who declares a normal health declaration a green code with a signed token and masked identity', async () => {
    const c = await realNamedCitizen(t, '510603', '张三');
    const declared = await t.app.inject({
      method: 'POST',
      url: '/api/health/declarations',
      headers: c.headers,
      payload: { residenceDivision: '510603', temperature: 36.5, symptoms: [], contactWithCase: false },
    });
    expect(declared.statusCode, declared.body).toBe(201);
    expect(declared.json().colour).toBe('green');
    const code = await t.app.inject({ url: '/api/health/code', headers: c.headers });
    expect(code.statusCode, code.body).toBe(200);
    const body = code.json();
    expect(body).toMatchObject({ colour: 'green', maskedName: '张*', reasons: [], nextChange: null, override: null });
    expect(body.maskedId).toBe(`5106${'*'.repeat(10)}${c.idNumber.slice(-4)}`);
    expect(body.token).toMatch(/^HC1\.[\w-]+\.[\w-]+$/);
    const payload = JSON.parse(Buffer.from(body.token.split('.')[1], 'base64url').toString());
    expect(JSON.stringify(payload)).not.toContain(c.idNumber.slice(-4));
    expect(Object.keys(payload).sort()).toEqual(['c', 'cid', 'exp', 'iat', 'iss', 'kid', 'v']);
    const lifetime = new Date(body.tokenExpiresAt).getTime() - new Date(body.serverTime).getTime();
    expect(lifetime).toBeGreaterThan(179_000);
    expect(lifetime).toBeLessThanOrEqual(180_000);
    expect(body.borderHue).toBeGreaterThanOrEqual(0);
    const refreshed = await t.app.inject({ method: 'POST', url: '/api/health/code/refresh', headers: c.cookieHeaders });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().token).not.toBe(body.token);
  });

  it('asks for real-name registration before showing a code', async () => {
    const c = await createCitizen(t.app.ctx);
    const res = await t.app.inject({ url: '/api/health/code', headers: c.headers });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('HEALTH_CODE_REAL_NAME_REQUIRED');
  });

  it('refuses bad declarations with clear errors and stores nothing', async () => {
    const c = await realNamedCitizen(t);
    const bad = [
      { residenceDivision: '999999', temperature: 36.5, symptoms: [], contactWithCase: false },
      { residenceDivision: '510603', temperature: 50, symptoms: [], contactWithCase: false },
      { residenceDivision: '510603', temperature: 36.5, symptoms: ['sneezing'], contactWithCase: false },
    ];
    for (const payload of bad) {
      const res = await t.app.inject({ method: 'POST', url: '/api/health/declarations', headers: c.headers, payload });
      expect(res.statusCode).toBe(400);
      expect(['HEALTH_CODE_DIVISION_UNKNOWN', 'VALIDATION_FAILED']).toContain(res.json().code);
    }
    const future = await t.app.inject({ method: 'POST', url: '/api/health/trips', headers: c.headers, payload: { trips: [{ divisionCode: '510107', from: cstDay(2), to: cstDay(3) }] } }); // two days ahead: future even if the China midnight passes meanwhile
    expect(future.json().code).toBe('HEALTH_CODE_DATES_INVALID');
    const impossible = await t.app.inject({ method: 'POST', url: '/api/health/trips', headers: c.headers, payload: { trips: [{ divisionCode: '510107', from: '2026-02-30', to: '2026-02-30' }] } });
    expect(impossible.json().code).toBe('HEALTH_CODE_DATES_INVALID');
    const list = await t.app.inject({ url: '/api/health/declarations', headers: c.headers });
    expect(list.json()).toEqual([]);
  });

  it('turns a resident yellow when a health officer makes their district a high-risk area, with the reason shown, and only in the officer\'s region', async () => {
    const c = await realNamedCitizen(t, '510603');
    await t.app.inject({ method: 'POST', url: '/api/health/declarations', headers: c.headers, payload: { residenceDivision: '510603', temperature: 36.6, symptoms: [], contactWithCase: false } });
    const outsider = await officer(t, ['health'], '510100');
    const refused = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: outsider.headers, payload: { divisionCode: '510603', level: 'high', startDate: cstDay(), reason: '聚集性疫情' } });
    expect(refused.statusCode).toBe(404);
    const health = await officer(t, ['health'], '510600');
    const created = await t.app.inject({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510603', level: 'high', startDate: cstDay(), reason: '聚集性疫情' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ divisionName: '四川省德阳市旌阳区', level: 'high', endDate: null });
    const code = (await t.app.inject({ url: '/api/health/code', headers: c.headers })).json();
    expect(code.colour).toBe('yellow');
    expect(code.reasons[0]).toMatchObject({ reasonCode: 'RESIDENCE_IN_RISK_AREA', state: 'active' });
    expect(code.reasons[0].text.zh).toBe('现居住地 四川省德阳市旌阳区 为高风险地区，居家观察');
    expect(code.nextChange.condition.zh).toContain('连续 7 天正常打卡后转绿码');
    const history = (await t.app.inject({ url: '/api/health/code/history', headers: c.headers })).json();
    expect(history[0]).toMatchObject({ from: 'green', to: 'yellow', causeType: 'actor', ruleSetVersion: 1 });
    const list = await t.app.inject({ url: '/api/epidemic/risk-areas', headers: c.headers });
    expect(list.json().map((a: { id: string }) => a.id)).toContain(created.json().id);
    const area = created.json().id;
    const bad = await t.app.inject({ method: 'PATCH', url: `/api/epidemic/risk-areas/${area}`, headers: health.headers, payload: { endDate: cstDay(-5) } });
    expect(bad.json().code).toBe('EPIDEMIC_DATES_INVALID');
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/epidemic/risk-areas/${area}`, headers: health.headers });
    // Removing answers the recomputation job of the people the area touched, as adding and changing do.
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ id: area, recomputeJobId: expect.any(String) });
    const job = await t.app.inject({ url: `/api/jobs/${removed.json().recomputeJobId}`, headers: health.headers });
    expect(job.statusCode, job.body).toBe(200);
    expect(job.json()).toMatchObject({ type: 'health-code.area-recompute' });
    const runner = new JobRunner(t.app.ctx, { workerId: 'risk-area-removed', leaseMs: 60_000 });
    while (await runner.runOnce()) {
      // the recomputations queued by the changes above
    }
    const done = (await t.app.inject({ url: `/api/jobs/${removed.json().recomputeJobId}`, headers: health.headers })).json();
    expect(done).toMatchObject({ status: 'succeeded', result: { areaId: area, failed: 0 } });
    expect(done.result.affected).toBeGreaterThanOrEqual(1);
    const gone = await t.app.inject({ method: 'DELETE', url: `/api/epidemic/risk-areas/${area}`, headers: health.headers });
    expect(gone.statusCode).toBe(404);
  });

  it('documents its routes and return codes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json();
    for (const path of ['/api/health/code', '/api/health/verify', '/api/open/health-code/verify', '/api/epidemic/risk-areas', '/api/health/rule-sets/{version}/dry-run']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(JSON.stringify(doc.paths['/api/open/health-code/verify'])).toContain('1004');
    expect(doc.info.description).toContain('HEALTH_CODE_TOKEN_REPLAYED');
  });

  it('lets an officer of the region look a person\'s code up by ID number, audited, and answers 404 elsewhere', async () => {
    const c = await realNamedCitizen(t, '510603', '陈三');
    await t.app.inject({ method: 'POST', url: '/api/health/declarations', headers: c.headers, payload: { residenceDivision: '510603', temperature: 36.6, symptoms: [], contactWithCase: false } });
    const county = await officer(t, ['county_command'], '510603');
    const res = await t.app.inject({ method: 'POST', url: '/api/health/lookup', headers: county.headers, payload: { documentType: 'resident_id', documentNumber: c.idNumber } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().code).toMatchObject({ maskedName: '陈*', regionCode: '510603' });
    expect(res.json().history.length).toBeGreaterThanOrEqual(1);
    const far = await officer(t, ['county_command'], '510681');
    expect((await t.app.inject({ method: 'POST', url: '/api/health/lookup', headers: far.headers, payload: { documentType: 'resident_id', documentNumber: c.idNumber } })).statusCode).toBe(404);
    const audit = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'health-code.code.read'), eq(auditLog.subjectId, c.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBe(county.id);
  });
});
