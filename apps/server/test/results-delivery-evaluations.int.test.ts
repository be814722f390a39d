import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { rows } from '../src/platform/db/database.ts';
import { apiKey, auditOf } from './tickets.support.ts';

/**
 * Issue 16's reusable pieces through the HTTP API: electronic results (issue → verify → revoke, tampered
 * files), 政务快递 (addresses, the local carrier adapter's outbox, idempotent carrier updates), and 好差评
 * (a ticket rating becomes an evaluation, a bad one opens the department's rectification task, callback,
 * appeal decided by another officer, monthly figures and XLSX), each with region / department scope.
 */

const HEALTH = '德阳市卫生健康委员会';
const POLICE = '德阳市公安局';
const chinaMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

describe('results, delivery and evaluations', { timeout: 120_000 }, () => {
  let t: TestApp;
  let citizen: SignedIn;
  let other: SignedIn;
  let centre: SignedIn; // 政务服务中心, Deyang city
  let countyCentre: SignedIn; // another county (广汉)
  let dispatcher: SignedIn;
  let health: SignedIn;
  let healthSupervisor: SignedIn; // health department officer who also holds the supervision role
  let supervisor: SignedIn;
  let police: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    const ctx = t.app.ctx;
    citizen = await createCitizen(ctx, { name: '张三丰', householdDivision: '510603' });
    other = await createCitizen(ctx);
    centre = await createStaff(ctx, { roles: ['service_center'], regionCode: '510600', department: '德阳市政务服务中心' });
    countyCentre = await createStaff(ctx, { roles: ['service_center'], regionCode: '510681', department: '广汉市政务服务中心' });
    dispatcher = await createStaff(ctx, { roles: ['supervision'], regionCode: '510600', department: '德阳市委督查室' });
    health = await createStaff(ctx, { roles: ['health'], regionCode: '510600', department: HEALTH });
    healthSupervisor = await createStaff(ctx, { roles: ['health', 'supervision'], regionCode: '510600', department: HEALTH });
    supervisor = await createStaff(ctx, { roles: ['supervision'], regionCode: '510600', department: '德阳市委督查室' });
    police = await createStaff(ctx, { roles: ['police'], regionCode: '510600', department: POLICE });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, who: SignedIn | null, payload?: unknown) =>
    t.app.inject({ method, url, headers: who ? who.headers : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

  describe('electronic results', () => {
    let id: string;
    let code: string;
    let pdf: Buffer;

    it('issues a signed approval letter (PDF with the CJK font, small), audited', async () => {
      const res = await inject('POST', '/api/documents/issued', centre, {
        kind: 'approval_letter', title: '准予行政许可决定书', holderName: '张三丰', holderCitizenId: citizen.id, regionCode: '510603',
        facts: [{ label: '许可事项', value: '食品经营许可（新办）' }, { label: '许可证编号', value: 'JY15106030001234' }],
      });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      ({ id, code } = body);
      expect(code).toMatch(/^FXD-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(body).toMatchObject({ holder: '张**', issuerDepartment: '德阳市政务服务中心', revokedAt: null, algorithm: 'ed25519' });
      expect(JSON.stringify(body)).not.toContain('张三丰');
      const [audit] = await auditOf(t, 'documents.document.issue', id);
      expect(audit).toMatchObject({ actor_type: 'staff', actor_id: centre.id });
    });

    it('lets the holder download it, and nobody else', async () => {
      const mine = await inject('GET', '/api/documents/mine', citizen);
      expect(mine.json().map((d: { code: string }) => d.code)).toEqual([code]);
      const file = await inject('GET', `/api/documents/mine/${id}/pdf`, citizen);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      pdf = file.rawPayload;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeLessThan(150_000);
      expect(pdf.toString('latin1')).toMatch(/\/FontFile3|\/FontFile2/); // the font is embedded (subset)
      expect((await inject('GET', `/api/documents/mine/${id}/pdf`, other)).statusCode).toBe(404);
      expect((await inject('GET', '/api/documents/mine', null)).statusCode).toBe(401);
    });

    it('verifies the code publicly (masked as printed) and refuses a made-up one', async () => {
      const v = await inject('GET', `/api/documents/verify/${code.toLowerCase()}`, null);
      expect(v.statusCode, v.body).toBe(200);
      expect(v.json()).toMatchObject({ genuine: true, status: 'valid', document: { code, holder: '张**', title: '准予行政许可决定书' } });
      const fake = await inject('GET', '/api/documents/verify/FXD-AAAA-BBBB-CCCC', null);
      expect(fake.statusCode).toBe(404);
      expect(fake.json().code).toBe('DOCUMENTS_UNKNOWN_CODE');
    });

    it('verifies the file: the signed bytes pass, one changed byte fails', async () => {
      const ok = await inject('POST', '/api/documents/verify-file', null, { pdfBase64: pdf.toString('base64') });
      expect(ok.json()).toMatchObject({ genuine: true, status: 'valid', document: { code } });
      const tampered = Buffer.from(pdf);
      tampered[Math.floor(tampered.length / 2)] ^= 0x01;
      const bad = await inject('POST', '/api/documents/verify-file', null, { pdfBase64: tampered.toString('base64') });
      expect(bad.json()).toMatchObject({ genuine: false, status: 'unknown', document: null });
      const badWithCode = await inject('POST', '/api/documents/verify-file', null, { pdfBase64: tampered.toString('base64'), code });
      expect(badWithCode.json()).toMatchObject({ genuine: false, status: 'tampered' });
      expect((await inject('POST', '/api/documents/verify-file', null, { pdfBase64: Buffer.from('hello world').toString('base64') })).statusCode).toBe(400);
    });

    it('detects a tampered stored record (the signature covers what the page shows)', async () => {
      await t.database.db.execute(sql`update documents set facts = ${JSON.stringify([{ label: '许可事项', value: '危险化学品经营许可' }])}::jsonb where id = ${id}`);
      expect((await inject('GET', `/api/documents/verify/${code}`, null)).json()).toMatchObject({ genuine: false, status: 'tampered' });
      await t.database.db.execute(sql`update documents set facts = ${JSON.stringify([{ label: '许可事项', value: '食品经营许可（新办）' }, { label: '许可证编号', value: 'JY15106030001234' }])}::jsonb where id = ${id}`);
      expect((await inject('GET', `/api/documents/verify/${code}`, null)).json()).toMatchObject({ genuine: true });
    });

    it('revokes with a reason within the officer\'s region only; verification then shows it revoked', async () => {
      expect((await inject('POST', `/api/documents/issued/${id}/revoke`, countyCentre, { reason: '越权撤销' })).statusCode).toBe(404);
      expect((await inject('POST', `/api/documents/issued/${id}/revoke`, citizen, { reason: '本人撤销' })).statusCode).toBe(403);
      expect((await inject('POST', `/api/documents/issued/${id}/revoke`, centre, { reason: '撤销\u0000' })).statusCode).toBe(400);
      const res = await inject('POST', `/api/documents/issued/${id}/revoke`, centre, { reason: '告知承诺核查不通过' });
      expect(res.statusCode, res.body).toBe(200);
      expect((await inject('POST', `/api/documents/issued/${id}/revoke`, centre, { reason: '再次撤销' })).json().code).toBe('DOCUMENTS_ALREADY_REVOKED');
      expect((await inject('GET', `/api/documents/verify/${code}`, null)).json()).toMatchObject({ genuine: true, status: 'revoked', document: { revokeReason: '告知承诺核查不通过' } });
      expect((await auditOf(t, 'documents.document.revoke', id)).length).toBe(1);
      const listed = await inject('GET', '/api/documents/issued', countyCentre);
      expect(listed.json().map((d: { id: string }) => d.id)).not.toContain(id);
      expect((await inject('GET', '/api/documents/keys', null)).json()[0]).toMatchObject({ algorithm: 'ed25519', retired: false });
    });
  });

  describe('政务快递', () => {
    let addressId: string;
    let shipmentId: string;
    let tracking: string;

    it('keeps the citizen\'s address encrypted and shows it in full only to them', async () => {
      const res = await inject('POST', '/api/delivery/addresses', citizen, { recipient: '张三丰', phone: '13812345678', address: '德阳市旌阳区长江东路 88 号 3 栋 2 单元', regionCode: '510603' });
      expect(res.statusCode, res.body).toBe(201);
      addressId = res.json().id;
      const [stored] = await rows<{ address_cipher: string }>(t.database.db, sql`select address_cipher from delivery_addresses where id = ${addressId}`);
      expect(stored.address_cipher).not.toContain('长江东路');
      expect((await inject('GET', '/api/delivery/addresses', citizen)).json()[0]).toMatchObject({ recipient: '张三丰', phone: '13812345678' });
      expect((await inject('GET', '/api/delivery/addresses', other)).json()).toEqual([]);
      // Control characters are refused at the edge (PostgreSQL refuses NUL in text).
      expect((await inject('POST', '/api/delivery/addresses', citizen, { recipient: '张\u0000三', phone: '13812345678', address: '德阳市旌阳区长江东路', regionCode: '510603' })).statusCode).toBe(400);
    });

    it('returns a result through the local adapter: a waybill in the outbox, masked to staff', async () => {
      const res = await inject('POST', '/api/delivery/shipments', centre, { direction: 'return', addressId, regionCode: '510603', contents: '食品经营许可证（正本）', carrier: '政务专递（本地）', sourceType: 'test', sourceId: 'A-1' });
      expect(res.statusCode, res.body).toBe(201);
      const s = res.json();
      ({ id: shipmentId, trackingNumber: tracking } = s);
      expect(s).toMatchObject({ status: 'created', adapter: 'local', applicant: { recipient: '张**', phone: '138****5678' } });
      expect(tracking).toMatch(/^FX\d{12}$/);
      const outbox = (await inject('GET', '/api/delivery/outbox', centre)).json();
      expect(outbox[0]).toMatchObject({ shipmentId, trackingNumber: tracking });
      expect(JSON.stringify(outbox)).not.toContain('长江东路 88');
      expect((await inject('GET', '/api/delivery/outbox', countyCentre)).json()).toEqual([]);
      // Without an adapter the officer must enter the tracking number.
      expect((await inject('POST', '/api/delivery/shipments', centre, { direction: 'outbound', addressId, regionCode: '510603', contents: '申请材料', carrier: '顺丰速运' })).json().code).toBe('DELIVERY_CARRIER_UNKNOWN');
      const manual = await inject('POST', '/api/delivery/shipments', centre, { direction: 'outbound', addressId, regionCode: '510603', contents: '申请材料', carrier: '顺丰速运', trackingNumber: 'SF1234567890' });
      expect(manual.json()).toMatchObject({ adapter: 'manual', trackingNumber: 'SF1234567890' });
      expect((await inject('POST', '/api/delivery/shipments', centre, { direction: 'outbound', addressId, regionCode: '510603', contents: '申请材料', carrier: '顺丰速运', trackingNumber: 'SF1234567890' })).json().code).toBe('DELIVERY_TRACKING_TAKEN');
      expect((await inject('POST', '/api/delivery/shipments', countyCentre, { direction: 'return', addressId, regionCode: '510603', contents: '结果', carrier: '政务专递（本地）' })).statusCode).toBe(404);
    });

    it('takes carrier updates idempotently and only forward', async () => {
      const key = await apiKey(t, ['delivery.carrier-update']);
      const push = (eventId: string, status: string) =>
        t.app.inject({ method: 'POST', url: '/api/delivery/carriers/local/updates', headers: { 'x-api-key': key }, payload: { trackingNumber: tracking, eventId, status, at: new Date().toISOString() } });
      expect((await push('e1', 'picked_up')).json()).toEqual({ duplicate: false, status: 'picked_up' });
      expect((await push('e1', 'picked_up')).json()).toEqual({ duplicate: true, status: 'picked_up' });
      expect((await push('e2', 'in_transit')).json()).toEqual({ duplicate: false, status: 'in_transit' });
      expect((await push('e3', 'delivered')).json()).toEqual({ duplicate: false, status: 'delivered' });
      expect((await push('e2-late', 'in_transit')).json()).toEqual({ duplicate: false, status: 'delivered' });
      expect((await push('e3', 'delivered')).json().duplicate).toBe(true);
      expect((await t.app.inject({ method: 'POST', url: '/api/delivery/carriers/local/updates', headers: { 'x-api-key': key }, payload: { trackingNumber: 'FX000000000000', eventId: 'x', status: 'delivered', at: new Date().toISOString() } })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'POST', url: '/api/delivery/carriers/local/updates', payload: { trackingNumber: tracking, eventId: 'x', status: 'delivered', at: new Date().toISOString() } })).statusCode).toBe(401);
      const mine = (await inject('GET', '/api/delivery/shipments/mine', citizen)).json();
      const s = mine.find((x: { id: string }) => x.id === shipmentId);
      expect(s.status).toBe('delivered');
      expect(s.timeline.map((e: { status: string }) => e.status)).toEqual(['created', 'picked_up', 'in_transit', 'delivered', 'in_transit']);
      expect(s.applicant.address).toContain('长江东路 88 号');
    });

    it('lets an officer of the region record a status (idempotent by eventId), not one outside it', async () => {
      const list = (await inject('GET', '/api/delivery/shipments', centre)).json();
      const manual = list.find((x: { adapter: string }) => x.adapter === 'manual');
      const first = await inject('POST', `/api/delivery/shipments/${manual.id}/events`, centre, { status: 'picked_up', eventId: 'desk-1' });
      expect(first.json()).toMatchObject({ duplicate: false, shipment: { status: 'picked_up' } });
      expect((await inject('POST', `/api/delivery/shipments/${manual.id}/events`, centre, { status: 'picked_up', eventId: 'desk-1' })).json().duplicate).toBe(true);
      expect((await inject('POST', `/api/delivery/shipments/${manual.id}/events`, countyCentre, { status: 'delivered' })).statusCode).toBe(404);
      expect((await auditOf(t, 'delivery.shipment.list')).length).toBeGreaterThan(0);
    });
  });

  describe('好差评', () => {
    let ticketId: string;
    let taskId: string;
    let evaluationId: string;

    const answeredTicket = async () => {
      const created = await inject('POST', '/api/tickets', citizen, { kind: 'complaint', title: '核酸检测点排队无人管理', description: '检测点排队两小时无人维持秩序。', regionCode: '510603' });
      const id = created.json().id;
      await inject('POST', `/api/tickets/worklist/${id}/dispatch`, dispatcher, { action: 'accept' });
      await inject('POST', `/api/tickets/worklist/${id}/dispatch`, dispatcher, { action: 'assign', department: HEALTH });
      await inject('POST', `/api/tickets/worklist/${id}/handle`, health, { action: 'start' });
      const replied = await inject('POST', `/api/tickets/worklist/${id}/handle`, health, { action: 'reply', note: '已增派人员维持秩序。' });
      expect(replied.statusCode, replied.body).toBe(200);
      return id;
    };

    it('turns a ticket rating of 不满意 into an evaluation with a rectification task for the department (tickets API unchanged)', async () => {
      ticketId = await answeredTicket();
      const rated = await inject('POST', `/api/tickets/mine/${ticketId}/rating`, citizen, { rating: 4, comment: '仍然排长队' });
      expect(rated.statusCode, rated.body).toBe(200);
      expect(rated.json()).toMatchObject({ status: 'in_progress', rating: 4, reopenCount: 1 });
      const tasks = (await inject('GET', '/api/evaluations/rectifications', health)).json();
      const task = tasks.find((x: { evaluation: { sourceId: string } }) => x.evaluation.sourceId === ticketId);
      expect(task).toMatchObject({ status: 'open', department: HEALTH, overdue: false, evaluation: { level: 4, subjectCode: 'ticket.complaint', comment: '仍然排长队', appealStatus: 'none' } });
      ({ id: taskId } = task);
      evaluationId = task.evaluation.id;
      const due = new Date(task.dueAt).getTime() - Date.now();
      expect(due).toBeGreaterThan(14 * 86_400_000);
      expect(due).toBeLessThan(17 * 86_400_000);
      // Scope: another department and another county do not see it; the supervision office does.
      expect((await inject('GET', '/api/evaluations/rectifications', police)).json().map((x: { id: string }) => x.id)).not.toContain(taskId);
      expect((await inject('GET', '/api/evaluations/rectifications', countyCentre)).json().map((x: { id: string }) => x.id)).not.toContain(taskId);
      expect((await inject('GET', '/api/evaluations/rectifications', supervisor)).json().map((x: { id: string }) => x.id)).toContain(taskId);
      expect((await auditOf(t, 'evaluations.rating.create', evaluationId))[0]).toMatchObject({ actor_type: 'citizen', actor_id: citizen.id });
    });

    it('a good rating opens no task; re-rating the next answer is a new evaluation', async () => {
      await inject('POST', `/api/tickets/worklist/${ticketId}/handle`, health, { action: 'reply', note: '已设置叫号系统。' });
      const good = await inject('POST', `/api/tickets/mine/${ticketId}/rating`, citizen, { rating: 2 });
      expect(good.json()).toMatchObject({ status: 'closed', rating: 2 });
      const evals = await rows<{ level: number; handling: number }>(t.database.db, sql`select level, handling from evaluations where source_id = ${ticketId} order by handling`);
      expect(evals).toEqual([{ level: 4, handling: 1 }, { level: 2, handling: 2 }]);
      const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from evaluation_rectifications r join evaluations e on e.id = r.evaluation_id where e.source_id = ${ticketId}`);
      expect(n).toBe(1);
    });

    it('rectification then callback (回访) closes the task; only the rated department rectifies', async () => {
      expect((await inject('POST', `/api/evaluations/rectifications/${taskId}/callback`, health, { result: 'satisfied' })).json().code).toBe('EVALUATIONS_NOT_RECTIFIABLE');
      expect((await inject('POST', `/api/evaluations/rectifications/${taskId}/rectify`, police, { note: '越权整改' })).statusCode).toBe(404);
      expect((await inject('POST', `/api/evaluations/rectifications/${taskId}/rectify`, supervisor, { note: '督查代办' })).json().code).toBe('EVALUATIONS_NOT_YOUR_DEPARTMENT');
      const r = await inject('POST', `/api/evaluations/rectifications/${taskId}/rectify`, health, { note: '增设叫号系统和遮阳棚' });
      expect(r.json()).toMatchObject({ status: 'rectified', rectificationNote: '增设叫号系统和遮阳棚' });
      const c = await inject('POST', `/api/evaluations/rectifications/${taskId}/callback`, supervisor, { result: 'satisfied', note: '电话回访，群众表示满意' });
      expect(c.json()).toMatchObject({ status: 'closed', callbackResult: 'satisfied' });
    });

    it('an appeal against a malicious rating needs a second officer to decide it; upheld, it leaves the figures', async () => {
      const id = await answeredTicket();
      await inject('POST', `/api/tickets/mine/${id}/rating`, citizen, { rating: 5, comment: '恶意差评测试' });
      const task = (await inject('GET', '/api/evaluations/rectifications', healthSupervisor)).json().find((x: { evaluation: { sourceId: string } }) => x.evaluation.sourceId === id);
      expect((await inject('POST', `/api/evaluations/rectifications/${task.id}/appeal`, police, { reason: '不是本部门办理的' })).statusCode).toBe(404);
      const appealed = await inject('POST', `/api/evaluations/rectifications/${task.id}/appeal`, healthSupervisor, { reason: '评价内容与办理事项无关，系恶意差评' });
      expect(appealed.json()).toMatchObject({ evaluation: { appealStatus: 'pending' } });
      expect((await inject('POST', `/api/evaluations/rectifications/${task.id}/appeal`, health, { reason: '再次申诉该评价' })).json().code).toBe('EVALUATIONS_APPEAL_NOT_ALLOWED');
      expect((await inject('POST', `/api/evaluations/appeals/${task.evaluation.id}/decision`, health, { decision: 'approve' })).statusCode).toBe(403);
      const self = await inject('POST', `/api/evaluations/appeals/${task.evaluation.id}/decision`, healthSupervisor, { decision: 'approve' });
      expect(self.json().code).toBe('APPROVALS_SAME_OFFICER');
      const decided = await inject('POST', `/api/evaluations/appeals/${task.evaluation.id}/decision`, supervisor, { decision: 'approve', note: '核实为恶意差评' });
      expect(decided.json()).toMatchObject({ status: 'waived', evaluation: { status: 'excluded', appealStatus: 'upheld' } });
      expect((await auditOf(t, 'evaluations.rating.exclude.approve')).length).toBe(1);

      const figures = await inject('GET', `/api/evaluations/figures?month=${chinaMonth()}&by=department`, supervisor);
      expect(figures.statusCode, figures.body).toBe(200);
      const line = figures.json().lines.find((l: { key: string }) => l.key === HEALTH);
      expect(line).toMatchObject({ counts: [0, 1, 0, 1, 0], total: 2, satisfactionRate: 0.5, bad: 1, rectified: 1, rectifiedOnTime: 1, onTimeRate: 1, excluded: 1 });
      const byItem = (await inject('GET', `/api/evaluations/figures?month=${chinaMonth()}&by=item`, supervisor)).json();
      expect(byItem.lines.find((l: { key: string }) => l.key === 'ticket.complaint')).toMatchObject({ name: '投诉', total: 2 });
      expect((await inject('GET', `/api/evaluations/figures?month=${chinaMonth()}`, countyCentre)).json().lines).toEqual([]);
      expect((await inject('GET', '/api/evaluations/figures?month=2026-13', supervisor)).statusCode).toBe(400);
      expect((await inject('GET', `/api/evaluations/figures?month=${chinaMonth()}`, health)).statusCode).toBe(403);
      const xlsx = await inject('GET', `/api/evaluations/figures/export?month=${chinaMonth()}&by=department`, supervisor);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    });
  });
});
