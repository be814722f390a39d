import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from './support.ts';
import { createStaff, type SignedIn } from './factories.ts';
import { cstDay, realNamedCitizen } from './health-code.support.ts';
import { HEADER, approvedDownload, csvBytes, idNumber, runJobs, uploadList } from './screening.support.ts';
import { escalateOverdueTasks, SLA_JOB } from '../src/modules/screening/index.ts';
import { screeningTasks } from '../src/modules/screening/screening.tables.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { enqueueJob, findJob } from '../src/platform/jobs/jobs.service.ts';

interface TaskView {
  id: string;
  regionCode: string;
  status: string;
  contactDueAt: string;
  feedbackDueAt: string;
  dispatchedAt: string;
  escalatedTo: string | null;
  overdue: boolean;
  secondsToDeadline: number | null;
  person: { id: string; name: string; status: string };
}

describe('screening: dispatch to county command posts, follow-up, closing, SLA escalation, region scope, health-code fact', { timeout: 180_000 }, () => {
  let t: TestApp;
  let bigData: SignedIn;
  let city: SignedIn;
  let jingyang: SignedIn;
  let zhongjiang: SignedIn;
  let citizen: Awaited<ReturnType<typeof realNamedCitizen>>;
  let tasks: TaskView[];

  const list = async (who: SignedIn, query = '') => {
    const res = await t.app.inject({ url: `/api/screening/tasks${query}`, headers: who.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as TaskView[];
  };
  const taskOf = (name: string) => tasks.find((x) => x.person.name === name)!;
  const followUp = (who: SignedIn, id: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/screening/tasks/${id}/follow-ups`, headers: who.headers, payload });

  beforeAll(async () => {
    t = await createTestApp({ dataDir: mkdtempSync(join(tmpdir(), 'fx-screening-tasks-')) });
    bigData = await createStaff(t.app.ctx, { roles: ['big_data'], regionCode: '510600' });
    city = await createStaff(t.app.ctx, { roles: ['county_command'], regionCode: '510600' });
    jingyang = await createStaff(t.app.ctx, { roles: ['county_command'], regionCode: '510603' });
    zhongjiang = await createStaff(t.app.ctx, { roles: ['county_command'], regionCode: '510623' });
    citizen = await realNamedCitizen(t, '510603', '周八');
    const source = async (payload: object) => (await t.app.inject({ method: 'POST', url: '/api/screening/sources', headers: bigData.headers, payload })).json();
    const province = await source({ name: '省级推送', kind: 'province', trust: 4, contactHours: 12, feedbackHours: 24 });
    const telecom = await source({ name: '移动', kind: 'telecom', trust: 2, defaultDivision: '510600', columnMapping: { phone: '号码' } });
    // Rules as data: telecom persons go to the city's own team with a tighter SLA.
    const rules = await t.app.inject({
      method: 'PUT',
      url: '/api/screening/dispatch-rules',
      headers: bigData.headers,
      payload: [{ priority: 1, sourceKind: 'telecom', divisionPrefix: null, useDivision: 'residence', targetDivision: '510600', contactHours: 2, feedbackHours: 6, note: '运营商名单由市级专班先核' }],
    });
    expect(rules.statusCode, rules.body).toBe(200);
    await uploadList(
      t,
      bigData.headers,
      province.id,
      csvBytes([
        HEADER,
        ['周八', citizen.idNumber, '13700000001', '旌阳区', '2020-01-25', ''],
        ['吴九', idNumber('510623', '19880808', 21), '13700000002', '中江县', '2020-01-25', ''],
        ['郑十', idNumber('510603', '19770707', 31), '13700000003', '德阳市旌阳区', '', ''],
      ]),
      'province.csv',
    );
    await uploadList(t, bigData.headers, telecom.id, csvBytes([['号码'], ['13700000004']]), 'telecom.csv');
    await runJobs(t);
    tasks = await list(city);
  }, 120_000);
  afterAll(async () => t.close());

  it('dispatches each new person to the command post of their residence county, with the SLA of the source or the rule', async () => {
    expect(tasks).toHaveLength(4);
    const hours = (x: TaskView, due: string) => (Date.parse(due) - Date.parse(x.dispatchedAt)) / 3600_000;
    expect(taskOf('周*')).toMatchObject({ regionCode: '510603', status: 'open', overdue: false });
    expect(hours(taskOf('周*'), taskOf('周*').contactDueAt)).toBe(12);
    expect(hours(taskOf('周*'), taskOf('周*').feedbackDueAt)).toBe(24);
    expect(taskOf('吴*').regionCode).toBe('510623');
    const telecomTask = tasks.find((x) => x.person.name === null || x.person.name === '')!;
    expect(telecomTask.regionCode).toBe('510600');
    expect(hours(telecomTask, telecomTask.contactDueAt)).toBe(2);
    expect(taskOf('周*').secondsToDeadline).toBeGreaterThan(11 * 3600);
  });

  it('scopes tasks by region: a county sees only its own, another county\'s task answers not found', async () => {
    expect((await list(jingyang)).map((x) => x.person.name).sort()).toEqual(['周*', '郑*']);
    expect((await list(zhongjiang)).map((x) => x.person.name)).toEqual(['吴*']);
    const other = taskOf('吴*').id;
    expect((await t.app.inject({ url: `/api/screening/tasks/${other}`, headers: jingyang.headers })).statusCode).toBe(404);
    expect((await followUp(jingyang, other, { reached: true, attempts: [], tests: [] })).statusCode).toBe(404);
    const person = (await t.app.inject({ url: `/api/screening/persons/${taskOf('吴*').person.id}`, headers: jingyang.headers }));
    expect(person.statusCode).toBe(404);
    // Big data reads tasks but cannot record follow-ups.
    expect((await followUp(bigData, taskOf('周*').id, { reached: true })).statusCode).toBe(403);
  });

  it('records home quarantine in a follow-up: the person\'s status and health code change, with the reason; every save audited', async () => {
    const before = (await t.app.inject({ url: '/api/health/code', headers: citizen.headers })).json();
    expect(before.colour).toBe('green');
    const id = taskOf('周*').id;
    const res = await followUp(jingyang, id, {
      reached: true,
      attempts: [{ at: new Date().toISOString(), channel: 'phone', reached: true }],
      currentLocation: '旌阳区某小区 3 栋',
      quarantine: { kind: 'home', from: cstDay(0), to: cstDay(13) },
      tests: [{ date: cstDay(0), type: 'nucleic_acid', result: 'negative' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ person: { status: 'home_quarantine' }, contactedAt: expect.any(String), feedbackAt: expect.any(String), secondsToDeadline: null });
    const after = (await t.app.inject({ url: '/api/health/code', headers: citizen.headers })).json();
    expect(after.colour).toBe('yellow');
    expect(after.reasons[0]).toMatchObject({ reasonCode: 'HOME_QUARANTINE' });
    expect(after.reasons[0].text.zh).toContain('居家隔离');
    const detail = (await t.app.inject({ url: `/api/screening/tasks/${id}`, headers: jingyang.headers })).json();
    expect(detail.followUps).toHaveLength(1);
    expect(detail.followUps[0]).toMatchObject({ currentLocation: '旌阳区某小区 3 栋', quarantine: { kind: 'home', from: cstDay(0) } });
    const audit = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.subjectId, id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['screening.task.follow-up', 'screening.task.read']));
    expect(JSON.stringify(audit)).not.toContain('某小区');

    // Central quarantine turns the code red; a release ends it.
    await followUp(jingyang, id, { reached: true, currentLocation: '集中隔离点', quarantine: { kind: 'central', from: cstDay(0), to: cstDay(13), site: '旌阳区隔离酒店' } });
    expect((await t.app.inject({ url: '/api/health/code', headers: citizen.headers })).json().colour).toBe('red');
    await followUp(jingyang, id, { reached: true, currentLocation: '家中', releasedOn: cstDay(0), tests: [{ date: cstDay(0), type: 'nucleic_acid', result: 'negative' }] });
    expect((await t.app.inject({ url: '/api/health/code', headers: citizen.headers })).json().colour).toBe('green');
  });

  it('closes (销号) only with the required fields; a closed task refuses follow-ups and can be reopened with a reason', async () => {
    const id = taskOf('郑*').id;
    const early = await t.app.inject({ method: 'POST', url: `/api/screening/tasks/${id}/close`, headers: jingyang.headers });
    expect(early.statusCode).toBe(400);
    expect(early.json()).toMatchObject({ code: 'SCREENING_CLOSE_INCOMPLETE', details: { missing: ['followUp'] } });
    await followUp(jingyang, id, { reached: false, attempts: [{ at: new Date().toISOString(), channel: 'phone', reached: false }] });
    const partial = await t.app.inject({ method: 'POST', url: `/api/screening/tasks/${id}/close`, headers: jingyang.headers });
    expect(partial.json().details.missing).toEqual(['reached', 'currentLocation', 'quarantineOrRelease']);
    await followUp(jingyang, id, { reached: true, currentLocation: '旌阳区', quarantine: { kind: 'central', from: cstDay(0), to: cstDay(13) } });
    expect((await t.app.inject({ method: 'POST', url: `/api/screening/tasks/${id}/close`, headers: jingyang.headers })).json().details.missing).toEqual(['quarantine.site']);
    await followUp(jingyang, id, { reached: true, currentLocation: '旌阳区', quarantine: { kind: 'central', from: cstDay(0), to: cstDay(13), site: '隔离酒店' } });
    const closed = await t.app.inject({ method: 'POST', url: `/api/screening/tasks/${id}/close`, headers: jingyang.headers });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expect((await followUp(jingyang, id, { reached: true })).json().code).toBe('SCREENING_TASK_CLOSED');
    expect((await t.app.inject({ method: 'POST', url: `/api/screening/tasks/${id}/reopen`, headers: jingyang.headers, payload: {} })).statusCode).toBe(400);
    const reopened = await t.app.inject({ method: 'POST', url: `/api/screening/tasks/${id}/reopen`, headers: jingyang.headers, payload: { reason: '复核发现信息有误' } });
    expect(reopened.json()).toMatchObject({ status: 'open', reopenReason: '复核发现信息有误', closedAt: null });
    const actions = (await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.subjectId, id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['screening.task.close', 'screening.task.reopen']));
  });

  it('reassigns a task to another county with a reason: it moves out of the first county\'s scope', async () => {
    const id = taskOf('郑*').id;
    const bad = await t.app.inject({ method: 'POST', url: `/api/screening/tasks/${id}/reassign`, headers: jingyang.headers, payload: { regionCode: '510699', reason: '人在中江' } });
    expect(bad.json().code).toBe('SCREENING_DIVISION_UNKNOWN');
    const moved = await t.app.inject({ method: 'POST', url: `/api/screening/tasks/${id}/reassign`, headers: jingyang.headers, payload: { regionCode: '510623', reason: '人已到中江' } });
    expect(moved.json()).toMatchObject({ regionCode: '510623', reassignReason: '人已到中江' });
    expect((await t.app.inject({ url: `/api/screening/tasks/${id}`, headers: jingyang.headers })).statusCode).toBe(404);
    expect((await list(zhongjiang)).map((x) => x.id)).toContain(id);
  });

  it('escalates overdue tasks to the city on the SLA clock (a controllable clock), once; lists the overdue', async () => {
    const later = new Date(Date.now() + 13 * 3600_000);
    // 周八 and 郑十 were reached (contact and feedback met); 吴九 has had no contact for 13 h (12 h allowed), the telecom person neither (2 h).
    const escalated = await escalateOverdueTasks(t.app.ctx, later);
    expect(escalated).toBe(2);
    expect(await escalateOverdueTasks(t.app.ctx, later)).toBe(0);
    const rows = await t.app.ctx.db.select().from(screeningTasks);
    const wu = rows.find((r) => r.id === taskOf('吴*').id)!;
    expect(wu).toMatchObject({ escalatedTo: '510600' });
    expect(rows.find((r) => r.id === taskOf('周*').id)!.escalatedAt).toBeNull();
    expect(rows.find((r) => r.id === taskOf('郑*').id)!.escalatedAt).toBeNull();
    // The county still sees its task; the city sees the escalated list.
    expect((await list(city, '?escalated=true')).map((x) => x.person.name).sort()).toEqual([null, '吴*']);
    expect((await list(zhongjiang)).length).toBe(2);
    const audit = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'screening.task.escalate'));
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toMatchObject({ count: 2 });

    // The overdue list follows the real clock: move one task's deadlines into the past.
    await t.app.ctx.db.execute(sql`update screening_tasks set contact_due_at = now() - interval '1 hour', feedback_due_at = now() + interval '1 hour' where id = ${wu.id}`);
    const overdue = await list(zhongjiang, '?overdue=true');
    expect(overdue.map((x) => x.id)).toEqual([wu.id]);
    expect(overdue[0].overdue).toBe(true);
    expect(overdue[0].secondsToDeadline).toBeLessThan(0);

    // The scheduled job runs the same escalation (nothing new now).
    const jobId = await enqueueJob(t.app.ctx, t.app.ctx.db, { type: SLA_JOB });
    await runJobs(t);
    expect(await findJob(t.app.ctx.db, jobId)).toMatchObject({ status: 'succeeded', result: { escalated: 0 } });
  });

  it('pages the task list by a keyset cursor (tasks of one import share their dispatch time)', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { json(): { items: TaskView[]; nextCursor: string | null } } = await t.app.inject({ url: `/api/screening/tasks?limit=1${cursor ? `&cursor=${cursor}` : ''}`, headers: city.headers });
      seen.push(...res.json().items.map((x: TaskView) => x.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(tasks.map((x) => x.id).sort());
  });

  it('exports the task list as XLSX (after a second officer approved it), masked and in scope; the export is audited', async () => {
    // A personal-data export: proposed by the county officer, approved by the city's command post.
    const res = await approvedDownload(t, zhongjiang.headers, city.headers, { export: 'tasks', status: 'open' });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(1 + (await list(zhongjiang, '?status=open')).length);
    expect(String(sheet.getRow(2).getCell(2).value)).toMatch(/\*$/);
    expect((await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'screening.task.export'))).length).toBe(1);
  });

  it('counts per command post for the dashboards', async () => {
    const res = await t.app.inject({ url: '/api/screening/dashboard', headers: city.headers });
    expect(res.statusCode, res.body).toBe(200);
    const byRegion = Object.fromEntries(res.json().map((r: { regionCode: string }) => [r.regionCode, r]));
    expect(byRegion['510603']).toMatchObject({ regionName: '四川省德阳市旌阳区', total: 1, reached: 1, open: 1 });
    expect(byRegion['510623']).toMatchObject({ total: 2, overdue: 1, escalated: 1, quarantined: 1 });
    expect(byRegion['510600']).toMatchObject({ total: 1, escalated: 1, overdue: 0 }); // escalated on the fake clock (to the province), not overdue on the real one
  });

  it('figures by county, source and day for the county and city dashboards; each person counted once in the totals; XLSX download', async () => {
    const get = async (who: SignedIn, query: string) => {
      const res = await t.app.inject({ url: `/api/screening/figures?${query}`, headers: who.headers });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { by: string; rows: { key: string; label: string | null; received: number; dispatched: number; reached: number; quarantined: number; overdue: number; closed: number }[]; totals: Record<string, number> };
    };
    const dashboard = (await t.app.inject({ url: '/api/screening/dashboard', headers: city.headers })).json() as { total: number; quarantined: number; overdue: number; closed: number }[];
    const sum = (rows: Record<string, number>[], k: string) => rows.reduce((n, r) => n + r[k], 0);

    const byCounty = await get(city, 'by=county');
    expect(byCounty.totals).toMatchObject({ received: 4, dispatched: 4 });
    for (const k of ['received', 'dispatched', 'reached', 'quarantined', 'overdue', 'closed']) expect(sum(byCounty.rows as never, k)).toBe(byCounty.totals[k]);
    // The same persons as the per-command-post counts.
    for (const k of ['quarantined', 'overdue', 'closed']) expect(byCounty.totals[k]).toBe(sum(dashboard as never, k));
    expect(byCounty.totals.quarantined).toBeGreaterThanOrEqual(1);
    expect(byCounty.rows.find((r) => r.key === '510603')?.label).toBe('四川省德阳市旌阳区');

    const bySource = await get(city, 'by=source');
    expect(Object.fromEntries(bySource.rows.map((r) => [r.label, r.received]))).toEqual({ 省级推送: 3, 移动: 1 });
    const byDay = await get(city, 'by=day');
    expect(byDay.rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.key))).toBe(true);
    expect(sum(byDay.rows as never, 'received')).toBe(4);
    const today = byDay.rows[byDay.rows.length - 1].key;
    expect((await get(city, `by=day&from=${today}&to=${today}`)).totals.received).toBe(byDay.rows[byDay.rows.length - 1].received);
    expect((await get(city, 'by=day&from=2000-01-01&to=2000-01-02')).totals.received).toBe(0);

    // A county sees the persons of its own tasks only.
    const county = await get(zhongjiang, 'by=county');
    expect(county.rows.every((r) => r.key.startsWith('510623'))).toBe(true);
    expect(county.totals.received).toBe((await list(zhongjiang)).length);

    const bad = await t.app.inject({ url: '/api/screening/figures?by=day&from=2020-02-01&to=2020-01-01', headers: city.headers });
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/screening/figures?by=week', headers: city.headers })).statusCode).toBe(400);

    const xlsx = await t.app.inject({ url: '/api/screening/figures.xlsx?by=source', headers: city.headers });
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(1 + bySource.rows.length + 1);
    expect(String(sheet.getRow(sheet.rowCount).getCell(1).value)).toContain('合计');
    expect(Number(sheet.getRow(sheet.rowCount).getCell(3).value)).toBe(4);
  });

  it('feeds task changes live (SSE) to the officers whose region they are in, and only to them', async () => {
    const baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const open = async (who: SignedIn) => {
      const res = await fetch(`${baseUrl}/api/screening/task-events`, { headers: who.headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      let buffer = '';
      return {
        /** The data of the next `changed` event. */
        async next(): Promise<{ regions: string[] }> {
          for (;;) {
            const block = /event: changed\ndata: (.*)\n\n/.exec(buffer);
            if (block) {
              buffer = buffer.slice(block.index + block[0].length);
              return JSON.parse(block[1]);
            }
            const { done, value } = await reader.read();
            if (done) throw new Error('stream ended');
            buffer += new TextDecoder().decode(value);
          }
        },
        close: () => reader.cancel(),
      };
    };
    const zhong = await open(zhongjiang);
    const jing = await open(jingyang);
    const source = (await t.app.inject({ method: 'POST', url: '/api/screening/sources', headers: bigData.headers, payload: { name: '卫健推送', kind: 'health', trust: 3 } })).json();
    await uploadList(t, bigData.headers, source.id, csvBytes([HEADER, ['冯一', idNumber('510623', '19910101', 41), '13700000011', '中江县', '2020-01-26', '']]), 'zhongjiang.csv');
    await runJobs(t);
    expect(await zhong.next()).toEqual({ regions: ['510623'] });
    await uploadList(t, bigData.headers, source.id, csvBytes([HEADER, ['冯二', idNumber('510603', '19920202', 42), '13700000012', '旌阳区', '2020-01-26', '']]), 'jingyang.csv');
    await runJobs(t);
    // The first change jingyang hears of is its own: the 中江县 one never reached it.
    expect(await jing.next()).toEqual({ regions: ['510603'] });
    const mine = (await list(jingyang)).find((x) => x.person.name === '冯*')!;
    expect((await followUp(jingyang, mine.id, { reached: true, attempts: [{ at: new Date().toISOString(), channel: 'phone', reached: true }] })).statusCode).toBe(201);
    expect(await jing.next()).toEqual({ regions: ['510603'] });
    await zhong.close();
    await jing.close();
  });
});
