import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { cstDay, officer, realNamedCitizen } from './health-code.support.ts';
import { hcDeclarations, healthCodes } from '../src/modules/health-code/health-code.tables.ts';
import { assertColourJustified, recomputeCode, sweepDueCodes } from '../src/modules/health-code/health-code.service.ts';
import { sealHealthFields } from '../src/modules/health-code/health-code.declarations.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { JobRunner, enqueueJob } from '../src/platform/jobs/index.ts';
import { jobs } from '../src/platform/jobs/jobs.tables.ts';


describe('health code: registries, overrides, corrections, confirmation, rule sets', { timeout: 180_000 }, () => {
  let t: TestApp;
  const call = async (opts: InjectOptions) => t.app.inject(opts);
  const declareNormal = (headers: Record<string, string>, division = '510603') =>
    call({ method: 'POST', url: '/api/health/declarations', headers, payload: { residenceDivision: division, temperature: 36.5, symptoms: [], contactWithCase: false } });
  const codeOf = async (headers: Record<string, string>) => (await call({ url: '/api/health/code', headers })).json();

  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  it('turns a person registered as confirmed red (by ID number, through the blind index) and lets officers look them up', async () => {
    const c = await realNamedCitizen(t, '510603', '李四');
    await declareNormal(c.headers);
    const police = await officer(t, ['police'], '510603');
    const res = await call({
      method: 'POST',
      url: '/api/epidemic/person-statuses',
      headers: police.headers,
      payload: { documentType: 'resident_id', documentNumber: c.idNumber, status: 'confirmed', date: cstDay(), source: '疾控中心流调', regionCode: '510603' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().documentNumber).toBe(`5106${'*'.repeat(10)}${c.idNumber.slice(-4)}`);
    const code = await codeOf(c.headers);
    expect(code.colour).toBe('red');
    expect(code.reasons[0]).toMatchObject({ reasonCode: 'CASE' });
    expect(code.reasons[0].text.zh).toContain('确诊病例');
    const lookup = await call({ method: 'POST', url: '/api/epidemic/persons/lookup', headers: police.headers, payload: { documentType: 'resident_id', documentNumber: c.idNumber } });
    expect(lookup.json().statuses).toHaveLength(1);
    const elsewhere = await officer(t, ['police'], '510681');
    const hidden = await call({ method: 'POST', url: '/api/epidemic/persons/lookup', headers: elsewhere.headers, payload: { documentType: 'resident_id', documentNumber: c.idNumber } });
    expect(hidden.json().statuses).toHaveLength(0);
    const audits = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'epidemic.person.lookup'));
    expect(audits.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audits)).not.toContain(c.idNumber);
    const venueStaff = await officer(t, ['venue_staff'], '510603');
    const forbidden = await call({ method: 'POST', url: '/api/epidemic/person-statuses', headers: venueStaff.headers, payload: {} });
    expect(forbidden.statusCode).toBe(403);
  });

  it('turns a person in home quarantine yellow until the period is voided, listing it masked to officers of the region', async () => {
    const c = await realNamedCitizen(t, '510603', '钱十');
    await declareNormal(c.headers);
    const county = await officer(t, ['county_command'], '510603');
    const bad = await call({
      method: 'POST',
      url: '/api/epidemic/quarantines',
      headers: county.headers,
      payload: { documentType: 'resident_id', documentNumber: c.idNumber, kind: 'home', from: cstDay(2), to: cstDay(-1), regionCode: '510603' },
    });
    expect(bad.json().code).toBe('EPIDEMIC_DATES_INVALID');
    const wrongId = await call({
      method: 'POST',
      url: '/api/epidemic/quarantines',
      headers: county.headers,
      payload: { documentType: 'resident_id', documentNumber: '510603199001011230', kind: 'home', from: cstDay(-1), to: cstDay(5), regionCode: '510603' },
    });
    expect(wrongId.json()).toMatchObject({ code: 'EPIDEMIC_DOCUMENT_INVALID', details: { problem: 'check_character' } });
    const res = await call({
      method: 'POST',
      url: '/api/epidemic/quarantines',
      headers: county.headers,
      payload: { documentType: 'resident_id', documentNumber: c.idNumber, kind: 'home', from: cstDay(-1), to: cstDay(5), regionCode: '510603' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const code = await codeOf(c.headers);
    expect(code.colour).toBe('yellow');
    expect(code.reasons[0].reasonCode).toBe('HOME_QUARANTINE');
    expect(code.nextChange).toMatchObject({ to: 'green' });
    const list = (await call({ url: '/api/epidemic/quarantines', headers: county.headers })).json();
    const entry = list.find((q: { id: string }) => q.id === res.json().id);
    expect(entry.documentNumber).not.toContain(c.idNumber.slice(4, 14));
    const other = await officer(t, ['county_command'], '510681');
    expect((await call({ url: '/api/epidemic/quarantines', headers: other.headers })).json().find((q: { id: string }) => q.id === res.json().id)).toBeUndefined();
    expect((await call({ method: 'POST', url: `/api/epidemic/quarantines/${res.json().id}/void`, headers: other.headers, payload: { reason: '录入错误' } })).statusCode).toBe(404);
    const voided = await call({ method: 'POST', url: `/api/epidemic/quarantines/${res.json().id}/void`, headers: county.headers, payload: { reason: '录入错误' } });
    expect(voided.statusCode).toBe(204);
    expect((await codeOf(c.headers)).colour).toBe('green');
    const again = await call({ method: 'POST', url: `/api/epidemic/quarantines/${res.json().id}/void`, headers: county.headers, payload: { reason: '录入错误' } });
    expect(again.json().code).toBe('EPIDEMIC_ALREADY_VOIDED');
  });

  it('turns a traveller to a high-risk area red and to a medium-risk area yellow', async () => {
    const health = await officer(t, ['health'], '');
    await call({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510107', level: 'high', startDate: cstDay(-10), reason: '疫情' } });
    await call({ method: 'POST', url: '/api/epidemic/risk-areas', headers: health.headers, payload: { divisionCode: '510104', level: 'medium', startDate: cstDay(-10), reason: '疫情' } });
    const a = await realNamedCitizen(t, '510681');
    const trip = await call({ method: 'POST', url: '/api/health/trips', headers: a.headers, payload: { trips: [{ divisionCode: '510107', from: cstDay(-3), to: cstDay(-2), transport: 'train', number: 'G8501' }] } });
    expect(trip.statusCode, trip.body).toBe(201);
    expect(trip.json().colour).toBe('red');
    expect(trip.json().reasons[0].text.zh).toContain('14 日内到访高风险地区 四川省成都市武侯区');
    const b = await realNamedCitizen(t, '510681');
    const trip2 = await call({ method: 'POST', url: '/api/health/trips', headers: b.headers, payload: { trips: [{ divisionCode: '510104', from: cstDay(-1), to: cstDay(-1) }] } });
    expect(trip2.json().colour).toBe('yellow');
    expect(trip2.json().reasons[0].reasonCode).toBe('MEDIUM_RISK_TRAVEL');
  });

  it('applies a manual override only after a different officer of the region approves it, and shows it to the citizen', async () => {
    const c = await realNamedCitizen(t, '510603', '王五');
    await declareNormal(c.headers);
    const a = await officer(t, ['health'], '510603');
    const b = await officer(t, ['county_command'], '510603');
    const outsider = await officer(t, ['health'], '510681');
    const expiresAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const proposed = await call({
      method: 'POST',
      url: '/api/health/overrides',
      headers: a.headers,
      payload: { documentType: 'resident_id', documentNumber: c.idNumber, colour: 'yellow', reason: '同住人为密接，居家观察', expiresAt },
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const id = proposed.json().id;
    expect((await codeOf(c.headers)).colour).toBe('green');
    const self = await call({ method: 'POST', url: `/api/health/overrides/${id}/decision`, headers: a.headers, payload: { decision: 'approve' } });
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('HEALTH_CODE_OVERRIDE_SAME_OFFICER');
    const far = await call({ method: 'POST', url: `/api/health/overrides/${id}/decision`, headers: outsider.headers, payload: { decision: 'approve' } });
    expect(far.statusCode).toBe(404);
    expect((await codeOf(c.headers)).colour).toBe('green');
    const ok = await call({ method: 'POST', url: `/api/health/overrides/${id}/decision`, headers: b.headers, payload: { decision: 'approve', note: '核实' } });
    expect(ok.statusCode, ok.body).toBe(200);
    const code = await codeOf(c.headers);
    expect(code.colour).toBe('yellow');
    expect(code.override).toMatchObject({ colour: 'yellow', reason: '同住人为密接，居家观察' });
    expect(code.reasons[0]).toMatchObject({ reasonCode: 'MANUAL_OVERRIDE', state: 'override' });
    expect(code.nextChange).toMatchObject({ to: 'green', at: new Date(expiresAt).toISOString() });
    // Stored typed and sealed, with its approver; a code stored before that (the override only in its
    // reason's evidence) reads the same.
    const [stored] = await t.app.ctx.db.select().from(healthCodes).where(eq(healthCodes.citizenId, c.id));
    const sealed = JSON.parse(t.app.ctx.cipher.decrypt(stored.overrideCipher)!);
    expect(sealed).toEqual({ id, colour: 'yellow', reason: '同住人为密接，居家观察', expiresAt: new Date(expiresAt).toISOString(), approvedBy: b.id });
    await t.app.ctx.db.update(healthCodes).set({ overrideCipher: null }).where(eq(healthCodes.citizenId, c.id));
    const oldShape = await codeOf(c.headers);
    expect({ override: oldShape.override, reasons: oldShape.reasons, nextChange: oldShape.nextChange }).toEqual({ override: code.override, reasons: code.reasons, nextChange: code.nextChange });
    const again = await call({ method: 'POST', url: `/api/health/overrides/${id}/decision`, headers: b.headers, payload: { decision: 'reject' } });
    expect(again.json().code).toBe('HEALTH_CODE_OVERRIDE_NOT_PENDING');
    const tooLong = await call({
      method: 'POST',
      url: '/api/health/overrides',
      headers: a.headers,
      payload: { documentType: 'resident_id', documentNumber: c.idNumber, colour: 'red', reason: '测试到期时间', expiresAt: new Date(Date.now() + 40 * 86_400_000).toISOString() },
    });
    expect(tooLong.json().code).toBe('HEALTH_CODE_OVERRIDE_EXPIRY_INVALID');
    const revoked = await call({ method: 'POST', url: `/api/health/overrides/${id}/revoke`, headers: a.headers, payload: { note: '隔离提前解除' } });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().status).toBe('revoked');
    const back = await codeOf(c.headers);
    expect(back).toMatchObject({ colour: 'green', override: null });
    expect((await call({ method: 'POST', url: `/api/health/overrides/${id}/revoke`, headers: a.headers, payload: { note: '再次' } })).json().code).toBe('HEALTH_CODE_OVERRIDE_NOT_PENDING');
  });

  it('lists a proposal whose approval lapsed undecided as expired (not pending) and an override past its expiry as ended', async () => {
    const c = await realNamedCitizen(t, '510603', '赵六');
    await declareNormal(c.headers);
    const a = await officer(t, ['health'], '510603');
    const b = await officer(t, ['county_command'], '510603');
    const propose = async (reason: string) => {
      const res = await call({
        method: 'POST',
        url: '/api/health/overrides',
        headers: a.headers,
        payload: { documentType: 'resident_id', documentNumber: c.idNumber, colour: 'yellow', reason, expiresAt: new Date(Date.now() + 2 * 86_400_000).toISOString() },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; status: string };
    };
    const lapsing = await propose('审核过期的调整');
    const inForce = await propose('到期结束的调整');
    expect((await call({ method: 'POST', url: `/api/health/overrides/${inForce.id}/decision`, headers: b.headers, payload: { decision: 'approve' } })).statusCode).toBe(200);
    const past = new Date(Date.now() - 60_000);
    await t.app.ctx.db.execute(sql`update approvals set expires_at = ${past} where id = (select approval_id from hc_overrides where id = ${lapsing.id})`);
    await t.app.ctx.db.execute(sql`update hc_overrides set expires_at = ${past} where id = ${inForce.id}`);
    const statusIn = async (filter?: string) => {
      const res = await call({ url: `/api/health/overrides${filter ? `?status=${filter}` : ''}`, headers: b.headers });
      expect(res.statusCode, res.body).toBe(200);
      return new Map((res.json() as { id: string; status: string }[]).map((o) => [o.id, o.status]));
    };
    const all = await statusIn();
    expect(all.get(lapsing.id)).toBe('expired');
    expect(all.get(inForce.id)).toBe('ended');
    expect((await statusIn('proposed')).has(lapsing.id)).toBe(false);
    expect((await statusIn('expired')).get(lapsing.id)).toBe('expired');
    expect((await statusIn('approved')).has(inForce.id)).toBe(false);
    expect((await statusIn('ended')).get(inForce.id)).toBe('ended');
    // A lapsed proposal cannot be approved any more.
    const late = await call({ method: 'POST', url: `/api/health/overrides/${lapsing.id}/decision`, headers: b.headers, payload: { decision: 'approve' } });
    expect(late.statusCode).toBe(409);

    // 重新提议: the lapsed proposal and the ended override are proposed again without the ID number;
    // the new proposal waits for a second officer like any other, the lapsed one leaves the 审核已过期 list.
    const until = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const outsider = await officer(t, ['health'], '510681');
    expect((await call({ method: 'POST', url: `/api/health/overrides/${lapsing.id}/again`, headers: outsider.headers, payload: { expiresAt: until } })).statusCode).toBe(404);
    const tooLate = await call({ method: 'POST', url: `/api/health/overrides/${lapsing.id}/again`, headers: a.headers, payload: { expiresAt: new Date(Date.now() + 40 * 86_400_000).toISOString() } });
    expect(tooLate.json().code).toBe('HEALTH_CODE_OVERRIDE_EXPIRY_INVALID');
    const renewed = await call({ method: 'POST', url: `/api/health/overrides/${lapsing.id}/again`, headers: a.headers, payload: { expiresAt: until } });
    expect(renewed.statusCode, renewed.body).toBe(201);
    expect(renewed.json()).toMatchObject({ status: 'proposed', colour: 'yellow', reason: '审核过期的调整', expiresAt: until });
    expect(renewed.json().id).not.toBe(lapsing.id);
    expect((await statusIn('expired')).has(lapsing.id)).toBe(false);
    expect((await statusIn('proposed')).get(renewed.json().id)).toBe('proposed');
    // Only a lapsed or ended one: the new proposal, pending, cannot be "proposed again"; nor can the revoked one.
    for (const id of [renewed.json().id, lapsing.id]) {
      const refused = await call({ method: 'POST', url: `/api/health/overrides/${id}/again`, headers: a.headers, payload: { expiresAt: until } });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('HEALTH_CODE_OVERRIDE_NOT_RENEWABLE');
    }
    const blank = await call({ method: 'POST', url: `/api/health/overrides/${inForce.id}/again`, headers: a.headers, payload: { expiresAt: until, reason: '    ' } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const extended = await call({ method: 'POST', url: `/api/health/overrides/${inForce.id}/again`, headers: a.headers, payload: { expiresAt: until, reason: '  复查后仍需隔离观察  ' } });
    expect(extended.statusCode, extended.body).toBe(201);
    expect(extended.json()).toMatchObject({ status: 'proposed', reason: '复查后仍需隔离观察' });
    expect((await statusIn('ended')).get(inForce.id)).toBe('ended');
    expect((await call({ method: 'POST', url: `/api/health/overrides/${extended.json().id}/decision`, headers: a.headers, payload: { decision: 'approve' } })).json().code).toBe('HEALTH_CODE_OVERRIDE_SAME_OFFICER');
    expect((await call({ method: 'POST', url: `/api/health/overrides/${extended.json().id}/decision`, headers: b.headers, payload: { decision: 'approve' } })).statusCode).toBe(200);
    expect((await codeOf(c.headers)).colour).toBe('yellow');
  });

  it('never stores a colour without a rule or an approved override (service guard and database constraint)', async () => {
    expect(() => assertColourJustified({ colour: 'red', reasons: [] })).toThrow(/without a rule/);
    expect(() =>
      assertColourJustified({ colour: 'red', reasons: [{ ruleId: 'x', reasonCode: 'X', colour: 'yellow', text: { zh: '', en: '' }, evidence: [], state: 'active' }] }),
    ).toThrow(/without a rule/);
    const c = await realNamedCitizen(t);
    await declareNormal(c.headers);
    await expect(t.app.ctx.db.update(healthCodes).set({ colour: 'red', reasonCodes: [] }).where(eq(healthCodes.citizenId, c.id))).rejects.toThrow();
    // No route sets a colour directly: the only writes are declarations, registries, overrides (two officers) and rules.
    const routes = (t.app as unknown as { actionRoutes: { method: string; url: string }[] }).actionRoutes;
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => /colou?r/i.test(r.url))).toEqual([]);
  });

  it('lets a citizen dispute a fact; an officer accepts it, the fact is set aside and the new colour is shown', async () => {
    const c = await realNamedCitizen(t, '510603', '赵六');
    await declareNormal(c.headers);
    const health = await officer(t, ['health'], '510603');
    await call({
      method: 'POST',
      url: '/api/epidemic/person-statuses',
      headers: health.headers,
      payload: { documentType: 'resident_id', documentNumber: c.idNumber, status: 'close_contact', date: cstDay(), source: '同航班', regionCode: '510603' },
    });
    expect((await codeOf(c.headers)).colour).toBe('yellow');
    const facts = (await call({ url: '/api/health/facts', headers: c.headers })).json();
    const status = facts.find((f: { type: string }) => f.type === 'person_status');
    expect(status.summary.zh).toContain('密切接触者');
    const filed = await call({ method: 'POST', url: '/api/health/corrections', headers: c.headers, payload: { factType: 'person_status', factId: status.id, reason: '当日我不在该航班上，有车票为证' } });
    expect(filed.statusCode, filed.body).toBe(201);
    const dup = await call({ method: 'POST', url: '/api/health/corrections', headers: c.headers, payload: { factType: 'person_status', factId: status.id, reason: '再次申请' } });
    expect(dup.json().code).toBe('HEALTH_CODE_CORRECTION_DUPLICATE');
    const unknown = await call({ method: 'POST', url: '/api/health/corrections', headers: c.headers, payload: { factType: 'person_status', factId: 'nope', reason: '不存在' } });
    expect(unknown.json().code).toBe('HEALTH_CODE_FACT_NOT_FOUND');
    const queue = (await call({ url: '/api/health/corrections/review?status=pending', headers: health.headers })).json();
    const mine = queue.find((q: { id: string }) => q.id === filed.json().id);
    expect(mine).toMatchObject({ maskedName: '赵*', reason: '当日我不在该航班上，有车票为证', status: 'pending' });
    const outsider = await officer(t, ['health'], '510681');
    expect((await call({ url: '/api/health/corrections/review', headers: outsider.headers })).json().find((q: { id: string }) => q.id === mine.id)).toBeUndefined();
    const decided = await call({ method: 'POST', url: `/api/health/corrections/${mine.id}/decision`, headers: health.headers, payload: { decision: 'accept', note: '经核实乘车记录，予以更正' } });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'accepted', colourAfter: 'green' });
    const seen = (await call({ url: '/api/health/corrections', headers: c.headers })).json();
    expect(seen[0]).toMatchObject({ status: 'accepted', reviewNote: '经核实乘车记录，予以更正', colourAfter: 'green' });
    const code = await codeOf(c.headers);
    expect(code.colour).toBe('green'); // the close-contact hold existed only because of the wrong fact
    expect((await call({ url: '/api/health/facts', headers: c.headers })).json().find((f: { id: string }) => f.id === status.id)).toBeUndefined();
    const twice = await call({ method: 'POST', url: `/api/health/corrections/${mine.id}/decision`, headers: health.headers, payload: { decision: 'reject', note: '重复处理' } });
    expect(twice.json().code).toBe('HEALTH_CODE_CORRECTION_NOT_PENDING');
  });

  it('keeps a recovered red code red until a county command officer confirms, then turns it green', async () => {
    const c = await realNamedCitizen(t, '510603', '孙七');
    const police = await officer(t, ['police'], '510603');
    const status = (status: string, date: string) =>
      call({
        method: 'POST',
        url: '/api/epidemic/person-statuses',
        headers: police.headers,
        payload: { documentType: 'resident_id', documentNumber: c.idNumber, status, date, source: '医院', regionCode: '510603' },
      });
    // Registered as released (day -16) after having been confirmed (day -30); the code was red 20 days ago.
    await status('released', cstDay(-16));
    await status('confirmed', cstDay(-30));
    const then = await recomputeCode(t.app.ctx, c.id, { type: 'fact', fact: 'test' }, new Date(Date.now() - 20 * 86_400_000));
    expect(then.colour).toBe('red');
    // 15 daily normal check-ins since the release (written straight into the declarations table).
    for (let d = -14; d <= 0; d++) {
      const healthCipher = sealHealthFields(t.app.ctx.cipher, { temperature: 36.4, symptoms: [], contactWithCase: false, underlyingIllness: null });
      await t.app.ctx.db.insert(hcDeclarations).values({ citizenId: c.id, kind: 'health', declaredOn: cstDay(d), residenceDivision: '510603', healthCipher });
    }
    const row = await recomputeCode(t.app.ctx, c.id, { type: 'fact', fact: 'test' });
    expect(row.colour).toBe('red');
    expect(row.pendingConfirmation).toBe(true);
    const health = await officer(t, ['health'], '510603');
    expect((await call({ method: 'POST', url: `/api/health/codes/${c.id}/confirm`, headers: health.headers, payload: { note: '同意' } })).statusCode).toBe(403);
    const county = await officer(t, ['county_command'], '510603');
    const pending = (await call({ url: '/api/health/confirmations', headers: county.headers })).json();
    expect(pending.map((p: { citizenId: string }) => p.citizenId)).toContain(c.id);
    const done = await call({ method: 'POST', url: `/api/health/codes/${c.id}/confirm`, headers: county.headers, payload: { note: '复查阴性，同意转绿' } });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().colour).toBe('green');
    const twice = await call({ method: 'POST', url: `/api/health/codes/${c.id}/confirm`, headers: county.headers, payload: { note: '再次' } });
    expect(twice.json().code).toBe('HEALTH_CODE_NOTHING_TO_CONFIRM');
    const history = (await call({ url: '/api/health/code/history', headers: c.headers })).json();
    expect(history[0]).toMatchObject({ from: 'red', to: 'green', causeType: 'actor' });
  });

  it('recomputes due codes in the sweep: a missed daily check-in turns a green code yellow', async () => {
    const c = await realNamedCitizen(t);
    await declareNormal(c.headers);
    expect((await codeOf(c.headers)).colour).toBe('green');
    const [row] = await t.app.ctx.db.select().from(healthCodes).where(eq(healthCodes.citizenId, c.id));
    expect(row.nextCheckAt).not.toBeNull();
    const later = new Date(Date.now() + 2 * 86_400_000 + 60_000);
    const swept = await sweepDueCodes(t.app.ctx, later);
    expect(swept).toBeGreaterThanOrEqual(1);
    const [after] = await t.app.ctx.db.select().from(healthCodes).where(eq(healthCodes.citizenId, c.id));
    expect(after.colour).toBe('yellow');
    expect(after.reasonCodes[0].reasonCode).toBe('MISSING_TEMPERATURE');
  });

  it('drafts, dry-runs, publishes and rolls back a rule set', async () => {
    const health = await officer(t, ['health'], '');
    const invalid = await call({ method: 'POST', url: '/api/health/rule-sets', headers: health.headers, payload: { rules: [{ id: 'x', condition: { fact: 'nope' } }] } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('HEALTH_CODE_RULESET_INVALID');
    expect(invalid.json().details.issues.join()).toContain('unknown fact');
    const active = (await call({ url: '/api/health/rule-sets', headers: health.headers })).json().find((r: { status: string }) => r.status === 'active');
    // Stricter draft: any declared temperature of 37.0 °C or more is red (and nothing else changes).
    const c = await realNamedCitizen(t, '510682');
    await call({ method: 'POST', url: '/api/health/declarations', headers: c.headers, payload: { residenceDivision: '510682', temperature: 37.1, symptoms: [], contactWithCase: false } });
    expect((await codeOf(c.headers)).colour).toBe('green');
    const rules = active.rules.map((r: { id: string; condition: unknown }) => (r.id === 'fever' ? { ...r, condition: { fact: 'fever', withinDays: 1, gte: 37.0 } } : r));
    const county = await officer(t, ['health'], '510603');
    const local = await call({ method: 'POST', url: '/api/health/rule-sets', headers: county.headers, payload: { rules, note: '县级不能改全市规则' } });
    expect(local.statusCode).toBe(403);
    const draft = await call({ method: 'POST', url: '/api/health/rule-sets', headers: health.headers, payload: { rules, note: '发热阈值 37.0℃' } });
    expect(draft.statusCode, draft.body).toBe(201);
    const version = draft.json().version;
    expect(draft.json().status).toBe('draft');
    // The dry run is a background job: the request answers 202 at once, a job runner does the work.
    const dry = await call({ method: 'POST', url: `/api/health/rule-sets/${version}/dry-run`, headers: health.headers });
    expect(dry.statusCode, dry.body).toBe(202);
    expect(dry.json()).toMatchObject({ version, status: 'queued', result: null, progress: { done: 0 } });
    const jobId = dry.json().jobId as string;
    const runner = new JobRunner(t.app.ctx, { workerId: 'dry-run-test', leaseMs: 60_000 });
    while (await runner.runOnce()) {
      // runs every due job (the dry run, and any sweep the earlier tests asked for)
    }
    const done = await call({ url: `/api/health/rule-sets/dry-runs/${jobId}`, headers: health.headers });
    expect(done.statusCode, done.body).toBe(200);
    const run = done.json();
    expect(run).toMatchObject({ jobId, version, status: 'succeeded', error: null });
    expect(run.result).toMatchObject({ version, activeVersion: active.version, failed: 0 });
    expect(run.result.total).toBeGreaterThanOrEqual(1);
    expect(run.progress).toEqual({ done: run.result.total, total: run.result.total });
    expect(run.result.changed).toBeGreaterThanOrEqual(1);
    expect(run.result.transitions).toContainEqual(expect.objectContaining({ from: 'green', to: 'red' }));
    expect(run.result.samples).toContainEqual({ from: 'green', to: 'red', regionCode: '510682', rulesBefore: [], rulesAfter: ['fever'] });
    // The stored result names nobody: no citizen id, ID number or name.
    const [stored] = await t.app.ctx.db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(JSON.stringify(stored.result)).not.toContain(c.id);
    expect(JSON.stringify(stored.result)).not.toContain(c.idNumber);
    // The officer who started it follows it on the platform's job stream; other job ids are not dry runs.
    const stream = await call({ url: `/api/jobs/${jobId}/events`, headers: health.headers });
    expect(stream.statusCode).toBe(200);
    expect(stream.body).toContain('event: done');
    expect(stream.body).toContain('"status":"succeeded"');
    const notDryRun = await enqueueJob(t.app.ctx, t.app.ctx.db, { type: 'health-code.sweep', payload: { reason: 'test' } });
    expect((await call({ url: `/api/health/rule-sets/dry-runs/${notDryRun}`, headers: health.headers })).statusCode).toBe(404);
    while (await runner.runOnce()) {
      // the sweep just queued
    }
    const citizen = await call({ url: `/api/health/rule-sets/dry-runs/${jobId}`, headers: c.headers });
    expect(citizen.statusCode).toBe(403);
    const activeDry = await call({ method: 'POST', url: `/api/health/rule-sets/${active.version}/dry-run`, headers: health.headers });
    expect(activeDry.json().code).toBe('HEALTH_CODE_RULESET_NOT_DRAFT');
    expect((await codeOf(c.headers)).colour).toBe('green'); // a dry run changes nothing
    // Publishing is maker-checker: one officer's publish is only a proposal — nothing is active, no code changes.
    const proposed = await call({ method: 'POST', url: `/api/health/rule-sets/${version}/publish`, headers: health.headers });
    expect(proposed.statusCode, proposed.body).toBe(202);
    expect(proposed.json()).toMatchObject({ status: 'proposed', change: 'publish', version, fromVersion: active.version });
    expect((await call({ url: `/api/health/rule-sets/${version}`, headers: health.headers })).json().status).toBe('draft');
    expect((await codeOf(c.headers)).colour).toBe('green');
    // The proposer cannot approve it, nor can a county officer; a second city-level officer can.
    const self = await call({ method: 'POST', url: `/api/health/rule-set-proposals/${proposed.json().id}/decision`, headers: health.headers, payload: { decision: 'approve' } });
    expect(self.json().code).toBe('APPROVALS_SAME_OFFICER');
    const byCounty = await call({ method: 'POST', url: `/api/health/rule-set-proposals/${proposed.json().id}/decision`, headers: county.headers, payload: { decision: 'approve' } });
    expect(byCounty.statusCode).toBe(403);
    const checker = await officer(t, ['health'], ''); // the approver's region must contain the proposer's
    const listed = (await call({ url: '/api/health/rule-set-proposals', headers: checker.headers })).json();
    expect(listed.map((p: { id: string }) => p.id)).toContain(proposed.json().id);
    const published = await call({ method: 'POST', url: `/api/health/rule-set-proposals/${proposed.json().id}/decision`, headers: checker.headers, payload: { decision: 'approve' } });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'approved', decidedBy: checker.id, recomputeJobId: expect.any(String) });
    expect((await call({ url: `/api/health/rule-sets/${version}`, headers: health.headers })).json().status).toBe('active');
    // Read before the job reaches it: recomputed under the new rules on read.
    const red = await codeOf(c.headers);
    expect(red).toMatchObject({ colour: 'red', ruleSetVersion: version });
    // The approval queued the recomputation of every code (followed at GET /api/jobs/:id); it runs to the end.
    const rulesJob = `/api/jobs/${published.json().recomputeJobId}`;
    expect((await call({ url: rulesJob, headers: checker.headers })).json()).toMatchObject({ type: 'health-code.rules-recompute', status: 'queued' });
    const rulesRunner = new JobRunner(t.app.ctx, { workerId: 'rules-recompute', leaseMs: 60_000 });
    while (await rulesRunner.runOnce()) {
      // the rule set's recomputation
    }
    const ran = (await call({ url: rulesJob, headers: checker.headers })).json();
    expect(ran).toMatchObject({ status: 'succeeded', result: { version, failed: 0, superseded: false } });
    expect(ran.progress.done).toBe(ran.progress.total);
    const [left] = await t.app.ctx.db.select({ n: sql<number>`count(*)::int` }).from(healthCodes).where(sql`${healthCodes.ruleSetVersion} <> ${version}`);
    expect(left.n).toBe(0);
    const twice = await call({ method: 'POST', url: `/api/health/rule-set-proposals/${proposed.json().id}/decision`, headers: checker.headers, payload: { decision: 'approve' } });
    expect(twice.json().code).toBe('APPROVALS_NOT_PENDING');
    const again = await call({ method: 'POST', url: `/api/health/rule-sets/${version}/publish`, headers: health.headers });
    expect(again.json().code).toBe('HEALTH_CODE_RULESET_NOT_DRAFT');
    // Rolling back is maker-checker too; a rejected proposal changes nothing.
    const rejected = await call({ method: 'POST', url: '/api/health/rule-sets/rollback', headers: health.headers });
    expect(rejected.statusCode, rejected.body).toBe(202);
    expect((await call({ method: 'POST', url: `/api/health/rule-set-proposals/${rejected.json().id}/decision`, headers: checker.headers, payload: { decision: 'reject', note: '规则未经专家组论证' } })).json().status).toBe('rejected');
    expect((await call({ url: `/api/health/rule-sets/${version}`, headers: health.headers })).json().status).toBe('active');
    const rollback = await call({ method: 'POST', url: '/api/health/rule-sets/rollback', headers: checker.headers });
    expect(rollback.json()).toMatchObject({ status: 'proposed', change: 'rollback', version: active.version, fromVersion: version });
    const back = await call({ method: 'POST', url: `/api/health/rule-set-proposals/${rollback.json().id}/decision`, headers: health.headers, payload: { decision: 'approve' } });
    expect(back.statusCode, back.body).toBe(200);
    expect((await call({ url: `/api/health/rule-sets/${active.version}`, headers: health.headers })).json().status).toBe('active');
    const after = await codeOf(c.headers);
    expect(after.ruleSetVersion).toBe(active.version);
    expect(after.colour).toBe('red'); // the red hold needs 14 normal days and confirmation, whichever rules made it
    const audit = await t.app.ctx.db.select().from(auditLog).where(sql`${auditLog.action} like 'health-code.rule-set.%'`);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['health-code.rule-set.draft', 'health-code.rule-set.dry-run', 'health-code.rule-set.publish', 'health-code.rule-set.rollback', 'health-code.rule-set.change.propose', 'health-code.rule-set.change.approve', 'health-code.rule-set.change.reject']),
    );
    const publishEntry = audit.find((a) => a.action === 'health-code.rule-set.publish' && a.subjectId === String(version))!;
    expect(publishEntry.detail).toMatchObject({ approvalId: proposed.json().id, proposedBy: health.id });
    expect(publishEntry.actorId).toBe(checker.id);
  });
});
