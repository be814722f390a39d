import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { checkCharacterOf } from '@fangxian/contracts/id-documents';
import type { ItemContent } from '@fangxian/contracts/govservice';
import { rows } from '../src/platform/db/database.ts';
import { defineModule, on } from '../src/platform/modules/module.ts';
import { GovserviceApplicationDecided, GovserviceClock, runSupplyWatch, type ApplicationDecided } from '../src/modules/govservice/index.ts';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { auditOf, uploadFile } from './tickets.support.ts';

const A = '德阳市甲审批局';
const B = '德阳市乙审批局';
const idOf = (first17: string) => first17 + checkCharacterOf(first17);
const COMMITMENT = '本人承诺所报材料真实有效，经营条件符合要求；承诺不实的，愿承担撤销许可的责任。';

/** An item reviewed by two departments, allowing 容缺 (secondary 'health'), 告知承诺 and 优先办. */
function content(over: Partial<ItemContent> = {}): ItemContent {
  return {
    name: '测试餐饮店开业联办', type: 'administrative_licence', department: A, reviewDepartments: [A, B],
    legalLimitDays: 20, promisedLimitDays: 5, applicantTypes: ['person', 'enterprise'],
    materials: [
      { key: 'identity', name: '身份证明', required: true, form: 'copy', count: 1, secondary: false },
      { key: 'health', name: '健康证明', required: true, form: 'copy', count: 1, secondary: true },
    ],
    fees: [], channels: ['online', 'mobile'], visits: 0,
    modes: { tolerance: { materials: ['health'], supplyDays: 3 }, commitment: { text: COMMITMENT, inspectionDays: 10 }, priority: true },
    resultTitle: '开业联办决定书', guide: '测试用的餐饮开业指南',
    form: { fields: [
      { key: 'shopName', label: { zh: '店名', en: 'Shop' }, type: 'text', required: true, minLength: 2 },
      { key: 'managerId', label: { zh: '负责人身份证号', en: 'Manager ID' }, type: 'id_number', required: true },
      { key: 'kind', label: { zh: '类别', en: 'Kind' }, type: 'choice', required: true, options: [{ value: 'food', label: { zh: '餐饮', en: 'Food' } }, { value: 'shop', label: { zh: '零售', en: 'Shop' } }] },
      { key: 'seats', label: { zh: '座位数', en: 'Seats' }, type: 'number', required: true, min: 1, visibleWhen: { field: 'kind', in: ['food'] } },
    ] },
    ...over,
  };
}

describe('government services: catalogue, applications, epidemic modes, one-window review', { timeout: 120_000 }, () => {
  let t: TestApp;
  let dataDir: string;
  let person: SignedIn;
  let agent: SignedIn;
  let stranger: SignedIn;
  let window: SignedIn;
  let outsideWindow: SignedIn;
  let deptA: SignedIn;
  let deptB: SignedIn;
  let deptAOutside: SignedIn;
  const decided: ApplicationDecided[] = [];
  const managerId = idOf('51060319850101123');
  let itemId: string;
  const clock = (iso: string) => {
    GovserviceClock.of(t.app.ctx).now = () => new Date(iso);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'fx-gs-'));
    const listener = defineModule({ name: 'govservice-test', dependsOn: ['govservice'], listeners: [on(GovserviceApplicationDecided, (p) => { decided.push(p); })] });
    t = await createTestApp({ dataDir }, undefined, [listener]);
    const ctx = t.app.ctx;
    person = await createCitizen(ctx, { name: '李四', idNumber: idOf('51060319900307123'), householdDivision: '510603' });
    agent = await createCitizen(ctx, { name: '王五', idNumber: idOf('51068119880808456'), householdDivision: '510681' });
    stranger = await createCitizen(ctx, { name: '赵六', idNumber: idOf('51060319770707789') });
    window = await createStaff(ctx, { roles: ['service_center'], regionCode: '510600', department: '德阳市政务服务中心' });
    outsideWindow = await createStaff(ctx, { roles: ['service_center'], regionCode: '510100', department: '成都市政务服务中心' });
    deptA = await createStaff(ctx, { roles: ['health'], regionCode: '510600', department: A });
    deptB = await createStaff(ctx, { roles: ['police'], regionCode: '510600', department: B });
    deptAOutside = await createStaff(ctx, { roles: ['health'], regionCode: '510100', department: A });
    clock('2026-09-29T02:00:00Z'); // Tuesday 10:00 China time, just before the National Day week
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, who: SignedIn | null, payload?: unknown) =>
    t.app.inject({ method, url, headers: who ? who.headers : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const ok = async (method: 'GET' | 'POST' | 'PUT', url: string, who: SignedIn | null, payload?: unknown, status = 200) => {
    const res = await inject(method, url, who, payload);
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const form = { shopName: '老王面馆', managerId, kind: 'food', seats: 30 };
  async function apply(who: SignedIn, over: Record<string, unknown> = {}, code = 'TEST-CY-001') {
    const identity = await uploadFile(t, who.headers);
    const health = await uploadFile(t, who.headers);
    const body = { itemCode: code, applicantType: 'person', phone: '13812345678', form, materials: [{ key: 'identity', fileIds: [identity] }, { key: 'health', fileIds: [health] }], mode: 'normal', ...over };
    return ok('POST', '/api/govservice/applications', who, body, 201);
  }

  it('creates, validates and publishes an item; the public catalogue finds it by two Chinese characters and shows its guide', async () => {
    const bad = await inject('POST', '/api/govservice/admin/items', window, { code: 'TEST-CY-001', regionCode: '510600', content: content({ promisedLimitDays: 30 }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('GOVSERVICE_ITEM_INVALID');
    const notSecondary = await inject('POST', '/api/govservice/admin/items', window, { code: 'TEST-CY-001', regionCode: '510600', content: content({ modes: { tolerance: { materials: ['identity'], supplyDays: 3 }, commitment: null, priority: false } }) });
    expect(notSecondary.json().code).toBe('GOVSERVICE_ITEM_INVALID');
    expect((await inject('POST', '/api/govservice/admin/items', window, { code: 'TEST-CY-001', regionCode: '510100', content: content() })).statusCode).toBe(403);
    expect((await inject('POST', '/api/govservice/admin/items', deptA, { code: 'TEST-CY-001', regionCode: '510600', content: content() })).statusCode).toBe(403);

    const created = await ok('POST', '/api/govservice/admin/items', window, { code: 'TEST-CY-001', regionCode: '510600', content: content() }, 201);
    itemId = created.id;
    expect(created.draftVersion).toBe(1);
    expect(created.publishedVersion).toBeNull();
    expect((await inject('GET', '/api/govservice/items/TEST-CY-001', null)).statusCode).toBe(404);
    expect((await inject('POST', `/api/govservice/admin/items/${itemId}/publish`, outsideWindow)).statusCode).toBe(404);
    const published = await ok('POST', `/api/govservice/admin/items/${itemId}/publish`, window);
    expect(published.publishedVersion).toBe(1);

    const search = await ok('GET', `/api/govservice/items?q=${encodeURIComponent('餐饮')}`, null);
    expect(search.items.map((i: { code: string }) => i.code)).toContain('TEST-CY-001');
    expect(search.items.find((i: { code: string }) => i.code === 'TEST-CY-001').modes).toEqual({ tolerance: true, commitment: true, priority: true });
    const none = await ok('GET', `/api/govservice/items?q=${encodeURIComponent('火箭')}`, null);
    expect(none.items).toEqual([]);
    const guide = await ok('GET', '/api/govservice/items/TEST-CY-001', null);
    expect(guide.content.modes.commitment.text).toBe(COMMITMENT);
    expect(guide.content.reviewDepartments).toEqual([A, B]);
  });

  it('one-window: pre-review returns with per-material comments, two departments review in parallel, one merged approval with a result and the event', async () => {
    const draft = await apply(person, { wantsExpress: true, deliveryAddress: '四川省德阳市旌阳区长江东路1号' });
    expect(draft.status).toBe('draft');
    expect(draft.item.version).toBe(1);
    const submitted = await ok('POST', `/api/govservice/applications/mine/${draft.id}/submit`, person);
    expect(submitted.status).toBe('submitted');

    // Only the window acts at pre-review; the departments have no part yet.
    expect((await inject('POST', `/api/govservice/workbench/${draft.id}/review`, deptA, { decision: 'approve' })).statusCode).toBe(404);
    const returned = await ok('POST', `/api/govservice/workbench/${draft.id}/window`, window, { action: 'return', comments: [{ key: 'identity', comment: '身份证照片不清晰，请重新上传' }] });
    expect(returned.status).toBe('returned');
    const mine = await ok('GET', `/api/govservice/applications/mine/${draft.id}`, person);
    expect(mine.materials.find((m: { key: string }) => m.key === 'identity').correction).toBe('身份证照片不清晰，请重新上传');
    const again = await uploadFile(t, person.headers);
    await ok('PUT', `/api/govservice/applications/mine/${draft.id}`, person, {
      applicantType: 'person', phone: '13812345678', form, mode: 'normal', wantsExpress: true, deliveryAddress: '四川省德阳市旌阳区长江东路1号',
      materials: [{ key: 'identity', fileIds: [again] }, ...mine.materials.filter((m: { key: string }) => m.key === 'health').map((m: { key: string; fileIds: string[] }) => ({ key: m.key, fileIds: m.fileIds }))],
    });
    expect((await ok('POST', `/api/govservice/applications/mine/${draft.id}/submit`, person)).status).toBe('submitted');

    const accepted = await ok('POST', `/api/govservice/workbench/${draft.id}/window`, window, { action: 'accept', note: '材料齐全' });
    expect(accepted.status).toBe('accepted');
    expect(accepted.parts.map((p: { department: string }) => p.department).sort()).toEqual([A, B].sort());
    // Accepted Tue 29 Sep; 5 working days: 30 Sep, 8 Oct, 9 Oct, Sat 10 Oct (调休), Mon 12 Oct.
    expect(accepted.dueAt).toBe('2026-10-12T15:59:59.999Z');

    // The department workbench lists it for each department; the one outside the region sees nothing.
    const qa = await ok('GET', '/api/govservice/workbench?view=department', deptA);
    expect(qa.items.map((i: { id: string }) => i.id)).toContain(draft.id);
    expect((await ok('GET', '/api/govservice/workbench?view=department', deptAOutside)).items).toEqual([]);
    expect((await inject('GET', `/api/govservice/workbench/${draft.id}`, deptAOutside)).statusCode).toBe(404);

    const afterA = await ok('POST', `/api/govservice/workbench/${draft.id}/review`, deptA, { decision: 'approve', internalNote: '经办人核对了场地照片' });
    expect(afterA.status).toBe('under_review');
    expect((await inject('POST', `/api/govservice/workbench/${draft.id}/review`, deptA, { decision: 'approve' })).json().code).toBe('GOVSERVICE_PART_DECIDED');
    const afterB = await ok('POST', `/api/govservice/workbench/${draft.id}/review`, deptB, { decision: 'approve' });
    expect(afterB.status).toBe('approved');
    expect(afterB.result.title).toBe('开业联办决定书');
    expect(afterB.result.fields.application).toBe(afterB.number);

    const event = decided.find((d) => d.applicationId === draft.id)!;
    expect(event).toMatchObject({ decision: 'approved', wantsExpress: true, itemCode: 'TEST-CY-001' });
    expect(event.resultId).toBeTruthy();

    // The applicant's timeline: every step, no officers, no internal notes.
    const final = await ok('GET', `/api/govservice/applications/mine/${draft.id}`, person);
    expect(final.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'submit', 'return', 'resubmit', 'accept', 'review', 'review', 'approve']);
    const text = JSON.stringify(final.timeline);
    expect(text).not.toContain('经办人');
    expect(text).not.toContain(window.id);
    expect(text).not.toContain(deptA.id);
    expect(final.result.number).toMatch(/^GSR\d{8}-/);

    // The signed PDF result: verifiable by its code, and the downloaded bytes verify as that document.
    expect(final.document).toMatchObject({ title: '开业联办决定书', revokedAt: null });
    expect(final.document.code).toMatch(/^FXD-/);
    expect(final.document.verifyUrl).toContain(`/m/verify?code=${final.document.code}`);
    const verified = await ok('GET', `/api/documents/verify/${final.document.code}`, null);
    expect(verified).toMatchObject({ genuine: true, status: 'valid' });
    expect(JSON.stringify(verified.document)).toContain(final.result.number);
    expect(JSON.stringify(verified.document)).not.toContain('李四');
    const file = await inject('GET', `/api/documents/mine/${final.document.id}/pdf`, person);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect((await inject('GET', `/api/documents/mine/${final.document.id}/pdf`, stranger)).statusCode).toBe(404);
    expect(await ok('POST', '/api/documents/verify-file', null, { pdfBase64: file.rawPayload.toString('base64'), code: final.document.code })).toMatchObject({ genuine: true, status: 'valid' });

    // 政务快递: the applicant asked for express delivery, so the result goes out to the address given.
    expect(final.shipments).toHaveLength(1);
    expect(final.shipments[0]).toMatchObject({ direction: 'return', status: 'created', carrier: '政务专递（本地）', address: '四川省德阳市旌阳区长江东路1号' });
    expect(final.shipments[0].contents).toContain(final.result.number);
    expect(final.shipments[0].trackingNumber).toMatch(/^FX\d{12}$/);
    expect(final.shipments[0].timeline.map((e: { status: string }) => e.status)).toEqual(['created']);
    const stored = await rows<{ address_cipher: string; department: string }>(t.database.db, sql`select address_cipher, department from shipments where source_id = ${draft.id}`);
    expect(stored).toHaveLength(1);
    expect(stored[0].department).toBe(A);
    expect(stored[0].address_cipher).not.toContain('长江东路');
    expect(final.canRate).toBe(true);
    expect(final.evaluation).toBeNull();
  });

  it('好差评: the applicant rates a decided application once; 非常不满意 opens the rectification task of the item\'s department', async () => {
    const open = await apply(person);
    expect((await inject('POST', `/api/govservice/applications/mine/${open.id}/rating`, person, { level: 1 })).json().code).toBe('GOVSERVICE_TRANSITION_ILLEGAL');
    expect((await ok('GET', `/api/govservice/applications/mine/${open.id}`, person)).canRate).toBe(false);
    const [done] = decided.filter((d) => d.decision === 'approved' && d.wantsExpress);
    expect((await inject('POST', `/api/govservice/applications/mine/${done.applicationId}/rating`, stranger, { level: 5 })).statusCode).toBe(404);
    expect((await inject('POST', `/api/govservice/applications/mine/${done.applicationId}/rating`, person, { level: 6 })).statusCode).toBe(400);
    const comment = '审批时间太长，窗口态度冷淡';
    const rated = await ok('POST', `/api/govservice/applications/mine/${done.applicationId}/rating`, person, { level: 5, comment });
    expect(rated.evaluation).toMatchObject({ level: 5, comment });
    expect(rated.canRate).toBe(false);
    expect((await inject('POST', `/api/govservice/applications/mine/${done.applicationId}/rating`, person, { level: 1 })).json().code).toBe('EVALUATIONS_ALREADY_RATED');

    const tasks = await ok('GET', '/api/evaluations/rectifications', deptA);
    const task = tasks.find((x: { evaluation: { sourceId: string } }) => x.evaluation.sourceId === done.applicationId);
    expect(task).toMatchObject({ status: 'open', department: A, evaluation: { sourceType: 'govservice.application', subjectCode: 'TEST-CY-001', subjectName: '测试餐饮店开业联办', level: 5, comment } });
    expect((await ok('GET', '/api/evaluations/rectifications', deptB)).some((x: { evaluation: { sourceId: string } }) => x.evaluation.sourceId === done.applicationId)).toBe(false);
  });

  it('merges a refusal: one department refuses, the other approves, the applicant gets one refusal with the reason', async () => {
    const draft = await apply(person);
    await ok('POST', `/api/govservice/applications/mine/${draft.id}/submit`, person);
    await ok('POST', `/api/govservice/workbench/${draft.id}/window`, window, { action: 'accept' });
    expect((await inject('POST', `/api/govservice/workbench/${draft.id}/review`, deptB, { decision: 'reject' })).json().code).toBe('GOVSERVICE_NOTE_REQUIRED');
    expect((await ok('POST', `/api/govservice/workbench/${draft.id}/review`, deptB, { decision: 'reject', note: '消防通道被占用' })).status).toBe('under_review');
    const merged = await ok('POST', `/api/govservice/workbench/${draft.id}/review`, deptA, { decision: 'approve' });
    expect(merged.status).toBe('rejected');
    expect(merged.decisionNote).toContain('消防通道被占用');
    expect(merged.result).toBeNull();
    expect(decided.find((d) => d.applicationId === draft.id)?.decision).toBe('rejected');
  });

  it('容缺受理 for an enterprise: accepted with the secondary material missing, reminded before the promised day, escalated after it, approved once supplied', async () => {
    const identity = await uploadFile(t, agent.headers);
    const base = { itemCode: 'TEST-CY-001', applicantType: 'enterprise', phone: '13912345678', form, materials: [{ key: 'identity', fileIds: [identity] }], mode: 'tolerance', missingMaterials: ['health'] };
    const badCode = await ok('POST', '/api/govservice/applications', agent, { ...base, enterprise: { name: '德阳市老王餐饮有限公司', creditCode: '91510600MA62XXXX0Q' } }, 201);
    expect((await inject('POST', `/api/govservice/applications/mine/${badCode.id}/submit`, agent)).json().code).toBe('GOVSERVICE_ENTERPRISE_REQUIRED');
    const draft = await ok('POST', '/api/govservice/applications', agent, { ...base, enterprise: { name: '德阳市老王餐饮有限公司', creditCode: '91350100M000100Y43' } }, 201);
    // A primary material cannot be named missing.
    await ok('PUT', `/api/govservice/applications/mine/${draft.id}`, agent, { ...base, itemCode: undefined, enterprise: { name: '德阳市老王餐饮有限公司', creditCode: '91350100M000100Y43' }, materials: [], missingMaterials: ['identity'] });
    expect((await inject('POST', `/api/govservice/applications/mine/${draft.id}/submit`, agent)).json().code).toBe('GOVSERVICE_TOLERANCE_INVALID');
    const { itemCode: _drop, ...update } = base;
    await ok('PUT', `/api/govservice/applications/mine/${draft.id}`, agent, { ...update, enterprise: { name: '德阳市老王餐饮有限公司', creditCode: '91350100M000100Y43' } });
    expect((await ok('POST', `/api/govservice/applications/mine/${draft.id}/submit`, agent)).status).toBe('submitted');

    const accepted = await ok('POST', `/api/govservice/workbench/${draft.id}/window`, window, { action: 'accept' });
    // 3 working days after Tue 29 Sep: 30 Sep, 8 Oct, 9 Oct.
    expect(accepted.supplyBy).toBe('2026-10-09');
    expect(accepted.missingMaterials).toEqual(['health']);
    expect(accepted.applicant.name).toBe('王*');
    expect(accepted.enterprise).toEqual({ name: '德阳市老王餐饮有限公司', creditCode: '91350100M000100Y43' });
    await ok('POST', `/api/govservice/workbench/${draft.id}/review`, deptA, { decision: 'approve' });
    const waiting = await ok('POST', `/api/govservice/workbench/${draft.id}/review`, deptB, { decision: 'approve' });
    expect(waiting.status).toBe('under_review'); // every part approved, but a material is still missing

    const ctx = t.app.ctx;
    expect(await runSupplyWatch(ctx, new Date('2026-09-30T02:00:00Z'))).toMatchObject({ reminded: 0, escalated: 0 });
    expect(await runSupplyWatch(ctx, new Date('2026-10-08T02:00:00Z'))).toMatchObject({ reminded: 1, escalated: 0 });
    expect(await runSupplyWatch(ctx, new Date('2026-10-09T03:00:00Z'))).toMatchObject({ reminded: 0, escalated: 0 }); // once
    const inbox = await rows<{ kind: string }>(t.database.db, sql`select kind from notifications where recipient_id = ${agent.id} order by created_at`);
    expect(inbox.map((n) => n.kind)).toContain('govservice.supply-reminder');
    expect(await runSupplyWatch(ctx, new Date('2026-10-09T16:30:00Z'))).toMatchObject({ escalated: 1 }); // 00:30 on 10 Oct China time
    const queue = await ok('GET', '/api/govservice/workbench?view=window', window);
    expect(queue.items.find((i: { id: string }) => i.id === draft.id).supplyOverdue).toBe(true);

    const health = await uploadFile(t, agent.headers);
    expect((await inject('POST', `/api/govservice/applications/mine/${draft.id}/supply`, agent, { materials: [{ key: 'identity', fileIds: [health] }] })).json().code).toBe('GOVSERVICE_MATERIAL_UNKNOWN');
    expect((await inject('POST', `/api/govservice/applications/mine/${draft.id}/supply`, stranger, { materials: [{ key: 'health', fileIds: [health] }] })).statusCode).toBe(404);
    const supplied = await ok('POST', `/api/govservice/applications/mine/${draft.id}/supply`, agent, { materials: [{ key: 'health', fileIds: [health] }] });
    expect(supplied.status).toBe('approved');
    expect(supplied.missingMaterials).toEqual([]);
    expect(supplied.result.fields.creditCode).toBe('91350100M000100Y43');
    expect(supplied.timeline.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['escalate', 'supply', 'approve']));
  });

  it('告知承诺: the signed commitment approves at once and opens an inspection; a failed inspection revokes the approval and its result', async () => {
    const draft = await apply(person, { mode: 'commitment' });
    expect((await inject('POST', `/api/govservice/applications/mine/${draft.id}/submit`, person)).json().code).toBe('GOVSERVICE_COMMITMENT_MISMATCH');
    expect((await inject('POST', `/api/govservice/applications/mine/${draft.id}/sign`, person, { text: '我承诺' })).json().code).toBe('GOVSERVICE_COMMITMENT_MISMATCH');
    const signed = await ok('POST', `/api/govservice/applications/mine/${draft.id}/sign`, person, { text: COMMITMENT });
    expect(signed.commitment.signedAt).toBe('2026-09-29T02:00:00.000Z');
    const stored = await rows<{ commitment_signer_cipher: string }>(t.database.db, sql`select commitment_signer_cipher from gs_applications where id = ${draft.id}`);
    expect(stored[0].commitment_signer_cipher).not.toContain('李四');
    expect(JSON.parse(t.app.ctx.cipher.decrypt(stored[0].commitment_signer_cipher)!)).toMatchObject({ name: '李四', citizenId: person.id });

    const approved = await ok('POST', `/api/govservice/applications/mine/${draft.id}/submit`, person);
    expect(approved.status).toBe('approved');
    expect(approved.result).not.toBeNull();
    // Approved at once: the signed PDF is there at once too; no express delivery was asked for.
    expect(approved.document.code).toMatch(/^FXD-/);
    expect(approved.shipments).toEqual([]);
    expect(await ok('GET', `/api/documents/verify/${approved.document.code}`, null)).toMatchObject({ genuine: true, status: 'valid' });
    // 10 working days after Tue 29 Sep: 30 Sep, 8, 9, 10 (Sat), 12–16, 19 Oct.
    expect(approved.inspection).toMatchObject({ department: A, status: 'open', dueAt: '2026-10-19T15:59:59.999Z' });
    // The window cannot act on a commitment application; only the inspecting department records the outcome.
    expect((await inject('POST', `/api/govservice/workbench/${draft.id}/window`, window, { action: 'accept' })).statusCode).toBe(409);
    const list = await ok('GET', '/api/govservice/inspections', deptA);
    const inspection = list.items.find((i: { applicationId: string }) => i.applicationId === draft.id);
    expect(inspection.status).toBe('open');
    expect((await inject('POST', `/api/govservice/inspections/${inspection.id}`, deptB, { outcome: 'failed', note: 'x' })).statusCode).toBe(404);
    expect((await inject('POST', `/api/govservice/inspections/${inspection.id}`, deptA, { outcome: 'failed' })).json().code).toBe('GOVSERVICE_NOTE_REQUIRED');
    expect((await ok('POST', `/api/govservice/inspections/${inspection.id}`, deptA, { outcome: 'failed', note: '现场无健康证明公示，后厨布局与承诺不符' })).status).toBe('revoked');
    const revoked = await ok('GET', `/api/govservice/applications/mine/${draft.id}`, person);
    expect(revoked.status).toBe('revoked');
    expect(revoked.result.revokedAt).not.toBeNull();
    // The document is revoked with the reason: the public check says so.
    expect(revoked.document.revokedAt).not.toBeNull();
    expect(revoked.document.revokeReason).toContain('现场无健康证明公示');
    expect(await ok('GET', `/api/documents/verify/${approved.document.code}`, null)).toMatchObject({ genuine: true, status: 'revoked', document: { revokeReason: revoked.document.revokeReason } });
    expect(revoked.timeline.at(-1)).toMatchObject({ action: 'revoke', status: 'revoked' });
    expect(decided.filter((d) => d.applicationId === draft.id).map((d) => d.decision)).toEqual(['approved', 'revoked']);
    expect((await inject('POST', `/api/govservice/inspections/${inspection.id}`, deptA, { outcome: 'passed' })).json().code).toBe('GOVSERVICE_INSPECTION_DECIDED');
  });

  it('优先办: a priority request and the green channel put an application first in the queue; overdue applications are flagged', async () => {
    const plain = await apply(person);
    await ok('POST', `/api/govservice/applications/mine/${plain.id}/submit`, person);
    const urgent = await apply(agent, { priorityReason: '防疫物资生产企业配套食堂' });
    await ok('POST', `/api/govservice/applications/mine/${urgent.id}/submit`, agent);
    expect((await inject('POST', `/api/govservice/workbench/${urgent.id}/window`, window, { action: 'green-channel' })).json().code).toBe('GOVSERVICE_NOTE_REQUIRED');
    await ok('POST', `/api/govservice/workbench/${urgent.id}/window`, window, { action: 'green-channel', note: '疫情防控保供企业' });
    await ok('POST', `/api/govservice/workbench/${plain.id}/window`, window, { action: 'accept' });
    const queue = await ok('GET', '/api/govservice/workbench?view=window', window);
    expect(queue.items[0].id).toBe(urgent.id);
    expect(queue.items[0].greenChannel).toBe(true);

    clock('2026-10-13T02:00:00Z'); // past the 5-working-day deadline of 12 Oct
    const later = await ok('GET', '/api/govservice/workbench?view=window', window);
    expect(later.items.find((i: { id: string }) => i.id === plain.id).overdue).toBe(true);
    clock('2026-09-29T02:00:00Z');
  });

  it('a new catalogue version never changes filed applications: the old one submits under v1, a new one needs v2\'s field', async () => {
    const old = await apply(person);
    const v2 = content({ form: { fields: [...content().form.fields, { key: 'licenceNo', label: { zh: '原许可证号', en: 'Old licence' }, type: 'text', required: true }] } });
    const saved = await ok('PUT', `/api/govservice/admin/items/${itemId}/draft`, window, { content: v2 });
    expect(saved.draftVersion).toBe(2);
    expect((await ok('POST', `/api/govservice/admin/items/${itemId}/publish`, window)).publishedVersion).toBe(2);
    expect((await ok('POST', `/api/govservice/applications/mine/${old.id}/submit`, person)).item.version).toBe(1);
    const fresh = await apply(person);
    expect(fresh.item.version).toBe(2);
    const refused = await inject('POST', `/api/govservice/applications/mine/${fresh.id}/submit`, person);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'GOVSERVICE_FORM_INVALID', details: { errors: [{ field: 'licenceNo', problem: 'required' }] } });
  });

  it('masks personal data to staff, audits their reads, and keeps everyone to their scope', async () => {
    const draft = await apply(person, { form: { ...form, licenceNo: 'DY-2020-001' } });
    await ok('POST', `/api/govservice/applications/mine/${draft.id}/submit`, person);
    const view = await ok('GET', `/api/govservice/workbench/${draft.id}`, window);
    expect(view.form.managerId).toBe(`${managerId.slice(0, 4)}**********${managerId.slice(-4)}`);
    expect(view.applicant).toMatchObject({ name: '李*', phone: '138****5678' });
    expect(JSON.stringify(view)).not.toContain(managerId);
    expect((await auditOf(t, 'govservice.application.read', draft.id)).length).toBeGreaterThan(0);
    const raw = await rows<{ form_cipher: string; applicant_name_cipher: string }>(t.database.db, sql`select form_cipher, applicant_name_cipher from gs_applications where id = ${draft.id}`);
    expect(raw[0].form_cipher).not.toContain(managerId);
    expect(raw[0].applicant_name_cipher).not.toContain('李四');

    expect((await inject('GET', `/api/govservice/workbench/${draft.id}`, outsideWindow)).statusCode).toBe(404);
    expect((await ok('GET', '/api/govservice/workbench?view=window', outsideWindow)).items).toEqual([]);
    expect((await inject('GET', `/api/govservice/workbench/${draft.id}`, deptA)).statusCode).toBe(404); // no part before acceptance
    expect((await inject('GET', '/api/govservice/workbench?view=window', deptA)).statusCode).toBe(403);
    expect((await inject('GET', `/api/govservice/applications/mine/${draft.id}`, stranger)).statusCode).toBe(404);
    expect((await inject('GET', '/api/govservice/workbench?view=window', person)).statusCode).toBe(403);
    expect((await inject('GET', '/api/govservice/applications/mine', null)).statusCode).toBe(401);
  });

  it('answers bad input with clear 4xx codes', async () => {
    expect((await inject('GET', '/api/govservice/applications/mine/not-a-uuid', person)).statusCode).toBe(400);
    expect((await inject('POST', '/api/govservice/applications', person, { itemCode: 'TEST-CY-001', applicantType: 'robot', form: {}, materials: [], mode: 'normal' })).statusCode).toBe(400);
    expect((await inject('POST', '/api/govservice/applications', person, { itemCode: 'NOPE', applicantType: 'person', form: {}, materials: [], mode: 'normal' })).statusCode).toBe(404);
    const unknown = await inject('POST', '/api/govservice/applications', person, { itemCode: 'TEST-CY-001', applicantType: 'person', form: {}, materials: [{ key: 'nope', fileIds: [] }], mode: 'normal' });
    expect(unknown.json().code).toBe('GOVSERVICE_MATERIAL_UNKNOWN');
    const othersFile = await uploadFile(t, agent.headers);
    expect((await inject('POST', '/api/govservice/applications', person, { itemCode: 'TEST-CY-001', applicantType: 'person', form: {}, materials: [{ key: 'identity', fileIds: [othersFile] }], mode: 'normal' })).json().code).toBe('GOVSERVICE_MATERIAL_UNKNOWN');
    const noName = await createCitizen(t.app.ctx);
    expect((await inject('POST', '/api/govservice/applications', noName, { itemCode: 'TEST-CY-001', applicantType: 'person', form: {}, materials: [], mode: 'normal' })).json().code).toBe('GOVSERVICE_REAL_NAME_REQUIRED');
    const incomplete = await ok('POST', '/api/govservice/applications', person, { itemCode: 'TEST-CY-001', applicantType: 'person', form: { ...form, licenceNo: 'X1' }, materials: [], mode: 'normal' }, 201);
    expect((await inject('POST', `/api/govservice/applications/mine/${incomplete.id}/submit`, person)).json()).toMatchObject({ code: 'GOVSERVICE_MATERIALS_INCOMPLETE' });
    expect((await inject('PUT', '/api/calendar/days/2026-12-08', window, { kind: 'holiday', name: 'x' })).statusCode).toBe(403);
  });

  it('exports the figures and the catalogue as XLSX', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const figures = await ok('GET', '/api/govservice/figures', window);
    expect(figures.items.total).toBeGreaterThanOrEqual(1);
    expect(figures.byMode.some((r: { mode: string }) => r.mode === 'commitment')).toBe(true);
    // Over a date range and for one department: nothing submitted before the tests' clock; department B's parts only.
    const none = await ok('GET', '/api/govservice/figures?from=2020-01-01&to=2020-12-31', window);
    expect(none.byMode).toEqual([]);
    expect(none.byDepartment).toEqual([]);
    expect(none.items).toEqual(figures.items);
    const all = figures.byMode.reduce((n: number, r: { n: number }) => n + r.n, 0);
    const ranged = await ok('GET', '/api/govservice/figures?from=2026-01-01&to=2027-12-31', window);
    expect(ranged.byMode.reduce((n: number, r: { n: number }) => n + r.n, 0)).toBe(all);
    const onlyB = await ok('GET', `/api/govservice/figures?department=${encodeURIComponent(B)}`, window);
    expect(onlyB.byDepartment.every((r: { department: string }) => r.department === B)).toBe(true);
    expect(onlyB.byDepartment.length).toBeGreaterThan(0);
    expect((await inject('GET', '/api/govservice/figures?from=2026-13-40', window)).statusCode).toBe(400);
    expect((await inject('GET', '/api/govservice/figures?from=2026-05-02&to=2026-05-01', window)).statusCode).toBe(400);
    const xlsx = await inject('GET', '/api/govservice/figures.xlsx', window);
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['事项 items', '办件 cases', '部门 departments']);
    expect(book.worksheets[2].getColumn(1).values).toEqual(expect.arrayContaining([A, B]));
    const catalogue = await inject('GET', '/api/govservice/items.xlsx', null);
    const cat = new ExcelJS.Workbook();
    await cat.xlsx.load(catalogue.rawPayload as unknown as ArrayBuffer);
    expect(cat.worksheets[0].getColumn(1).values).toContain('TEST-CY-001');
    expect((await inject('GET', '/api/govservice/figures.xlsx', person)).statusCode).toBe(403);
  });

  it('the calendar: the 2026 schedule is loaded, a system administrator edits it, and deadlines follow', async () => {
    const days = await ok('GET', '/api/calendar/days?year=2026', null);
    expect(days.days.find((d: { day: string }) => d.day === '2026-10-10')).toMatchObject({ kind: 'workday', source: 'official' });
    expect((await ok('GET', '/api/calendar/days?year=2027', null)).days.every((d: { source: string }) => d.source === 'provisional')).toBe(true);
    const admin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '' });
    expect((await inject('PUT', '/api/calendar/days/2026-12-08', admin, { kind: 'workday', name: '调休' })).json().code).toBe('CALENDAR_WORKDAY_ON_WEEKDAY');
    expect((await inject('PUT', '/api/calendar/days/2026-02-30', admin, { kind: 'holiday', name: 'x' })).json().code).toBe('CALENDAR_DAY_INVALID');
    expect((await ok('GET', '/api/calendar/working-days?from=2026-12-07&add=1', null)).result).toBe('2026-12-08');
    await ok('PUT', '/api/calendar/days/2026-12-08', admin, { kind: 'holiday', name: '测试假日' });
    expect((await ok('GET', '/api/calendar/working-days?from=2026-12-07&add=1', null)).result).toBe('2026-12-09');
    expect((await auditOf(t, 'calendar.day.update')).length).toBe(1);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/calendar/days/2026-12-08', headers: admin.headers })).statusCode).toBe(204);
    expect((await ok('GET', '/api/calendar/working-days?from=2026-12-07&add=1', null)).result).toBe('2026-12-08');
  });
});
