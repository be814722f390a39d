// 一件事一次办 bundles, 云核验, 直通车 and the catalogue XLSX import (issue 16), through app.inject on a real
// database (PGlite, and PostgreSQL with TEST_DATABASE_URL), with the module's fake clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacterOf } from '@fangxian/contracts/id-documents';
import type { FormField, ItemContent, Material } from '@fangxian/contracts/govservice';
import { defineModule, on } from '../src/platform/modules/module.ts';
import { GovserviceApplicationDecided, GovserviceClock, type ApplicationDecided } from '../src/modules/govservice/index.ts';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { multipart } from './screening.support.ts';
import { auditOf, uploadFile } from './tickets.support.ts';

const MARKET = '德阳市测试市场监管局';
const FIRE = '德阳市测试消防支队';
const idOf = (first17: string) => first17 + checkCharacterOf(first17);
const CREDIT = '91350100M000100Y43';
const OTHER_CREDIT = '91110000600037341L';

const field = (key: string, zh: string, over: Partial<FormField> = {}): FormField => ({ key, label: { zh, en: key }, type: 'text', required: true, ...over });
const material = (key: string, name: string, over: Partial<Material> = {}): Material => ({ key, name, required: true, form: 'copy', count: 1, secondary: false, ...over });
function item(name: string, department: string, fields: FormField[], materials: Material[], over: Partial<ItemContent> = {}): ItemContent {
  return {
    name, type: 'administrative_licence', department, reviewDepartments: [department], legalLimitDays: 20, promisedLimitDays: 5,
    applicantTypes: ['person', 'enterprise'], materials, fees: [], channels: ['online', 'mobile'], visits: 0,
    modes: { tolerance: null, commitment: null, priority: false }, resultTitle: `${name}决定书`, guide: `${name}的办事指南`, form: { fields }, ...over,
  };
}
const LICENCE = item('测试营业执照', MARKET, [field('shopName', '店名'), field('capital', '注册资本', { type: 'number', min: 1 })], [material('identity', '身份证明'), material('lease', '场地证明')]);
const FOOD = item('测试食品经营许可', MARKET, [field('shopName', '店名', { required: false }), field('menu', '主营品种')], [material('identity', '身份证明', { count: 2 }), material('health', '健康证明', { secondary: true })],
  { modes: { tolerance: { materials: ['health'], supplyDays: 3 }, commitment: null, priority: false } });
const FIREC = item('测试消防安全检查', FIRE, [field('shopName', '店名'), field('area', '面积', { type: 'number', min: 1 })], [material('plan', '平面图')], { remoteVerification: true });

describe('govservice: 一件事一次办 bundles, 云核验, 直通车, catalogue import', { timeout: 240_000 }, () => {
  let t: TestApp;
  let dataDir: string;
  let citizen: SignedIn;
  let other: SignedIn;
  let window: SignedIn;
  let market: SignedIn;
  let fire: SignedIn;
  let fire2: SignedIn;
  let outsider: SignedIn;
  const decided: ApplicationDecided[] = [];
  const ids: Record<string, string> = {};
  const clock = (iso: string) => {
    GovserviceClock.of(t.app.ctx).now = () => new Date(iso);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'fx-gsb-'));
    const listener = defineModule({ name: 'govservice-bundle-test', dependsOn: ['govservice'], listeners: [on(GovserviceApplicationDecided, (p) => { decided.push(p); })] });
    t = await createTestApp({ dataDir }, undefined, [listener]);
    const ctx = t.app.ctx;
    citizen = await createCitizen(ctx, { name: '钱七', idNumber: idOf('51060319910101123'), householdDivision: '510603' });
    other = await createCitizen(ctx, { name: '孙八', idNumber: idOf('51060319920202123'), householdDivision: '510603' });
    window = await createStaff(ctx, { roles: ['service_center'], regionCode: '510600', department: '德阳市政务服务中心' });
    market = await createStaff(ctx, { roles: ['health'], regionCode: '510600', department: MARKET });
    fire = await createStaff(ctx, { roles: ['police'], regionCode: '510600', department: FIRE });
    fire2 = await createStaff(ctx, { roles: ['police'], regionCode: '510600', department: FIRE });
    outsider = await createStaff(ctx, { roles: ['health'], regionCode: '510600', department: '德阳市测试无关局' });
    clock('2026-11-03T02:00:00Z'); // Tuesday 10:00 China time
    for (const [code, c] of [['TB-LIC-001', LICENCE], ['TB-FOOD-001', FOOD], ['TB-FIRE-001', FIREC]] as const) {
      const created = await ok('POST', '/api/govservice/admin/items', window, { code, regionCode: '510600', content: c }, 201);
      ids[code] = created.id;
      await ok('POST', `/api/govservice/admin/items/${created.id}/publish`, window);
    }
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, who: SignedIn | null, payload?: unknown) =>
    t.app.inject({ method, url, headers: who ? who.headers : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  async function ok(method: 'GET' | 'POST' | 'PUT', url: string, who: SignedIn | null, payload?: unknown, status = 200) {
    const res = await inject(method, url, who, payload);
    expect(res.statusCode, res.body).toBe(status);
    return res.statusCode === 204 ? null : res.json();
  }
  const spec = { name: '测试开办餐饮店一件事', lifeEvent: '开办餐饮店', department: MARKET, items: ['TB-LIC-001', 'TB-FOOD-001', 'TB-FIRE-001'], resultTitle: '开办餐饮店一件事办结通知书', guide: '一次申请，营业执照、食品经营许可、消防检查并联办理' };
  const bundleForm = { shopName: '老钱面馆', capital: 100000, menu: '面食', area: 80 };
  async function materials(who: SignedIn, keys: string[]) {
    return Promise.all(keys.map(async (key) => ({ key, fileIds: [await uploadFile(t, who.headers)] })));
  }

  it('composes a bundle: conflicts refused, one merged form and material set, public list, the lead department must review', async () => {
    // A field of the same key with another type does not merge.
    const clash = await ok('POST', '/api/govservice/admin/items', window, { code: 'TB-CLASH-001', regionCode: '510600', content: item('测试冲突事项', FIRE, [field('shopName', '店名', { type: 'number' })], [material('plan', '平面图')]) }, 201);
    await ok('POST', `/api/govservice/admin/items/${clash.id}/publish`, window);
    const conflict = await inject('POST', '/api/govservice/admin/bundles', window, { code: 'TB-BUNDLE-X', regionCode: '510600', spec: { ...spec, items: ['TB-LIC-001', 'TB-CLASH-001'] } });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().details.conflicts).toEqual([{ key: 'shopName', problem: 'field_type' }]);
    expect((await inject('POST', '/api/govservice/admin/bundles', window, { code: 'TB-BUNDLE-X', regionCode: '510600', spec: { ...spec, items: ['TB-LIC-001', 'TB-NOPE-001'] } })).json().code).toBe('GOVSERVICE_BUNDLE_MEMBER');
    expect((await inject('POST', '/api/govservice/admin/bundles', window, { code: 'TB-BUNDLE-X', regionCode: '510600', spec: { ...spec, department: '德阳市测试无关局' } })).statusCode).toBe(409);
    expect((await inject('POST', '/api/govservice/admin/bundles', market, { code: 'TB-BUNDLE-X', regionCode: '510600', spec })).statusCode).toBe(403);
    const preview = await ok('POST', '/api/govservice/admin/bundles/preview', window, { spec });
    expect(preview.conflicts).toEqual([]);

    const created = await ok('POST', '/api/govservice/admin/bundles', window, { code: 'TB-BUNDLE-001', regionCode: '510600', spec }, 201);
    ids.bundle = created.id;
    expect(created.kind).toBe('bundle');
    const c = created.versions[0].content as ItemContent;
    expect(c.form.fields.map((f) => f.key)).toEqual(['shopName', 'capital', 'menu', 'area']);
    expect(c.form.fields[0].required).toBe(true);
    expect(c.materials.map((m) => m.key)).toEqual(['identity', 'lease', 'health', 'plan']);
    expect(c.materials.find((m) => m.key === 'identity')!.count).toBe(2);
    expect(c.modes.tolerance).toEqual({ materials: ['health'], supplyDays: 3 });
    expect(c.reviewDepartments).toEqual([MARKET, FIRE]);
    expect(c.remoteVerification).toBe(true);
    // A bundle is not edited as an item, and an item's content cannot carry a bundle.
    expect((await inject('PUT', `/api/govservice/admin/items/${ids.bundle}/draft`, window, { content: c })).statusCode).toBe(409);
    expect((await inject('PUT', `/api/govservice/admin/items/${ids['TB-LIC-001']}/draft`, window, { content: c })).json().code).toBe('GOVSERVICE_ITEM_INVALID');
    expect((await ok('GET', '/api/govservice/bundles', null)).items).toEqual([]);
    await ok('POST', `/api/govservice/admin/items/${ids.bundle}/publish`, window);
    const list = await ok('GET', `/api/govservice/bundles?q=${encodeURIComponent('餐饮店')}`, null);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ code: 'TB-BUNDLE-001', kind: 'bundle', lifeEvent: '开办餐饮店' });
    expect(list.items[0].bundleItems.map((i: { code: string }) => i.code)).toEqual(spec.items);
    expect((await ok('GET', `/api/govservice/bundles?q=${encodeURIComponent('火箭')}`, null)).items).toEqual([]);
    const audit = await auditOf(t, 'govservice.bundle.create');
    expect(audit.length).toBeGreaterThan(0);
  });

  it('one bundle application: merged form and materials, split into one part per item and department, department share, one merged decision', async () => {
    const draft = await ok('POST', '/api/govservice/applications', citizen, {
      itemCode: 'TB-BUNDLE-001', applicantType: 'person', phone: '13812345678', form: bundleForm, mode: 'normal', materials: await materials(citizen, ['identity', 'lease', 'health', 'plan']),
    }, 201);
    expect(draft.bundleItems.map((i: { code: string; version: number }) => [i.code, i.version])).toEqual([['TB-LIC-001', 1], ['TB-FOOD-001', 1], ['TB-FIRE-001', 1]]);
    // The merged form: a field of one member is required, unknown keys refused.
    const badForm = await ok('PUT', `/api/govservice/applications/mine/${draft.id}`, citizen, { applicantType: 'person', phone: '13812345678', form: { ...bundleForm, area: undefined }, mode: 'normal', materials: draft.materials.filter((m: { fileIds: string[] }) => m.fileIds.length).map((m: { key: string; fileIds: string[] }) => ({ key: m.key, fileIds: m.fileIds })) });
    expect(badForm.status).toBe('draft');
    const refused = await inject('POST', `/api/govservice/applications/mine/${draft.id}/submit`, citizen);
    expect(refused.json().code).toBe('GOVSERVICE_FORM_INVALID');
    expect(refused.json().details.errors).toEqual([{ field: 'area', problem: 'required' }]);
    await ok('PUT', `/api/govservice/applications/mine/${draft.id}`, citizen, { applicantType: 'person', phone: '13812345678', form: bundleForm, mode: 'normal', materials: draft.materials.filter((m: { fileIds: string[] }) => m.fileIds.length).map((m: { key: string; fileIds: string[] }) => ({ key: m.key, fileIds: m.fileIds })) });
    await ok('POST', `/api/govservice/applications/mine/${draft.id}/submit`, citizen);
    const accepted = await ok('POST', `/api/govservice/workbench/${draft.id}/window`, window, { action: 'accept' });
    expect(accepted.internalParts.map((p: { department: string; itemCode: string }) => [p.department, p.itemCode]).sort()).toEqual([
      [MARKET, 'TB-FOOD-001'], [MARKET, 'TB-LIC-001'], [FIRE, 'TB-FIRE-001'],
    ].sort());
    ids.app = draft.id;

    // The fire department sees only the fire check's fields and materials; the market only its two items'.
    const fireView = await ok('GET', `/api/govservice/workbench/${draft.id}`, fire);
    expect(Object.keys(fireView.form).sort()).toEqual(['area', 'shopName']);
    expect(fireView.materials.map((m: { key: string }) => m.key)).toEqual(['plan']);
    expect(fireView.formSchema.fields.map((f: { key: string }) => f.key)).toEqual(['shopName', 'area']);
    const leaseFile = accepted.materials.find((m: { key: string }) => m.key === 'lease').fileIds[0];
    const planFile = accepted.materials.find((m: { key: string }) => m.key === 'plan').fileIds[0];
    expect((await inject('GET', `/api/govservice/workbench/${draft.id}/materials/${leaseFile}`, fire)).statusCode).toBe(404);
    expect((await inject('GET', `/api/govservice/workbench/${draft.id}/materials/${planFile}`, fire)).statusCode).toBe(200);
    const marketView = await ok('GET', `/api/govservice/workbench/${draft.id}`, market);
    expect(Object.keys(marketView.form).sort()).toEqual(['capital', 'menu', 'shopName']);
    expect(marketView.reviewItems.map((i: { code: string }) => i.code).sort()).toEqual(['TB-FOOD-001', 'TB-LIC-001']);
    expect((await inject('GET', `/api/govservice/workbench/${draft.id}`, outsider)).statusCode).toBe(404);

    // The market reviews two items: it must say which.
    expect((await inject('POST', `/api/govservice/workbench/${draft.id}/review`, market, { decision: 'approve' })).json().code).toBe('GOVSERVICE_PART_AMBIGUOUS');
    await ok('POST', `/api/govservice/workbench/${draft.id}/review`, market, { decision: 'approve', itemCode: 'TB-LIC-001' });
    expect((await inject('POST', `/api/govservice/workbench/${draft.id}/review`, market, { decision: 'approve', itemCode: 'TB-LIC-001' })).json().code).toBe('GOVSERVICE_PART_DECIDED');
    expect((await inject('POST', `/api/govservice/workbench/${draft.id}/review`, market, { decision: 'approve', itemCode: 'TB-FIRE-001' })).statusCode).toBe(404);
    // Its last pending part needs no item code.
    const mid = await ok('POST', `/api/govservice/workbench/${draft.id}/review`, market, { decision: 'approve' });
    expect(mid.status).toBe('under_review');
    const done = await ok('POST', `/api/govservice/workbench/${draft.id}/review`, fire, { decision: 'approve' });
    expect(done.status).toBe('approved');
    expect(done.result.title).toBe('开办餐饮店一件事办结通知书');
    expect(done.result.fields.items).toBe('测试营业执照（TB-LIC-001）、测试食品经营许可（TB-FOOD-001）、测试消防安全检查（TB-FIRE-001）');
    expect(decided.filter((d) => d.applicationId === draft.id).map((d) => [d.decision, d.itemCode])).toEqual([['approved', 'TB-BUNDLE-001']]);
    const mine = await ok('GET', `/api/govservice/applications/mine/${draft.id}`, citizen);
    expect(mine.parts.map((p: { itemName: string }) => p.itemName).sort()).toEqual(['测试消防安全检查', '测试营业执照', '测试食品经营许可'].sort());
    expect(mine.timeline.filter((e: { action: string }) => e.action === 'approve')).toHaveLength(1);
    expect(mine.timeline.some((e: { note: string | null }) => e.note === `${MARKET}（测试营业执照）审查通过`)).toBe(true);
  });

  it('a member refusing refuses the bundle in one merged decision with its reason', async () => {
    const draft = await ok('POST', '/api/govservice/applications', other, {
      itemCode: 'TB-BUNDLE-001', applicantType: 'person', phone: '13812345679', form: bundleForm, mode: 'tolerance', missingMaterials: ['health'], materials: await materials(other, ['identity', 'lease', 'plan']),
    }, 201);
    await ok('POST', `/api/govservice/applications/mine/${draft.id}/submit`, other);
    const accepted = await ok('POST', `/api/govservice/workbench/${draft.id}/window`, window, { action: 'accept' });
    expect(accepted.supplyBy).toBe('2026-11-06');
    const refused = await ok('POST', `/api/govservice/workbench/${draft.id}/review`, fire, { decision: 'reject', note: '疏散通道不符合要求' });
    expect(refused.status).toBe('under_review');
    await ok('POST', `/api/govservice/workbench/${draft.id}/review`, market, { decision: 'approve', itemCode: 'TB-LIC-001' });
    const last = await ok('POST', `/api/govservice/workbench/${draft.id}/review`, market, { decision: 'approve', itemCode: 'TB-FOOD-001' });
    expect(last.status).toBe('rejected');
    expect(last.decisionNote).toBe(`${FIRE}（测试消防安全检查）：疏散通道不符合要求`);
    // 不予许可决定书: the merged refusal is a signed PDF the public page verifies.
    const mine = await ok('GET', `/api/govservice/applications/mine/${draft.id}`, other);
    expect(mine.document).toMatchObject({ title: '测试开办餐饮店一件事不予许可决定书', revokedAt: null });
    const verified = await ok('GET', `/api/documents/verify/${mine.document.code}`, null);
    expect(verified).toMatchObject({ genuine: true, status: 'valid' });
    expect(verified.document.kind).toBe('refusal_letter');
    expect(JSON.stringify(verified.document)).toContain('疏散通道不符合要求');
    expect(JSON.stringify(verified.document)).not.toContain('孙八');
  });

  it('publishing a member item composes the bundle again; applications keep the versions they were filed under', async () => {
    const before = await ok('GET', `/api/govservice/admin/items/${ids.bundle}`, window);
    expect(before.publishedVersion).toBe(1);
    await ok('PUT', `/api/govservice/admin/items/${ids['TB-FIRE-001']}/draft`, window, { content: { ...FIREC, form: { fields: [...FIREC.form.fields, field('exits', '安全出口数', { type: 'number', min: 1 })] } } });
    await ok('POST', `/api/govservice/admin/items/${ids['TB-FIRE-001']}/publish`, window);
    const after = await ok('GET', `/api/govservice/admin/items/${ids.bundle}`, window);
    expect(after.publishedVersion).toBe(2);
    expect(after.versions.find((v: { version: number }) => v.version === 2).content.form.fields.map((f: { key: string }) => f.key)).toContain('exits');
    expect((await auditOf(t, 'govservice.bundle.recompose')).length).toBe(1);
    const old = await ok('GET', `/api/govservice/applications/mine/${ids.app}`, citizen);
    expect(old.item.version).toBe(1);
    expect(old.formSchema.fields.map((f: { key: string }) => f.key)).not.toContain('exits');
    const fresh = await ok('POST', '/api/govservice/applications', citizen, { itemCode: 'TB-BUNDLE-001', applicantType: 'person', form: {}, mode: 'normal', materials: [] }, 201);
    expect(fresh.item.version).toBe(2);
    expect(fresh.bundleItems.find((i: { code: string }) => i.code === 'TB-FIRE-001').version).toBe(2);
    // A member change that no longer merges is refused at the member's publication.
    await ok('PUT', `/api/govservice/admin/items/${ids['TB-FIRE-001']}/draft`, window, { content: { ...FIREC, form: { fields: [field('shopName', '店名', { type: 'date' })] } } });
    const blocked = await inject('POST', `/api/govservice/admin/items/${ids['TB-FIRE-001']}/publish`, window);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().details.bundle).toBe('TB-BUNDLE-001');
    expect((await ok('GET', '/api/govservice/items/TB-FIRE-001', null)).version).toBe(2);
  });

  it('云核验: availability on working days only, bookings within capacity under concurrency, one per application, outcomes by the hosting officer', async () => {
    // Published on a weekend or a holiday: refused; a range off the half-hour grid: 400 by schema.
    expect((await inject('POST', '/api/govservice/verification/slots', fire, { day: '2026-11-07', from: '09:00', to: '10:00' })).json().code).toBe('GOVSERVICE_VERIFY_SLOT_INVALID');
    expect((await inject('POST', '/api/govservice/verification/slots', fire, { day: '2027-01-01', from: '09:00', to: '10:00' })).json().code).toBe('GOVSERVICE_VERIFY_SLOT_INVALID');
    expect((await inject('POST', '/api/govservice/verification/slots', fire, { day: '2026-11-04', from: '09:15', to: '10:00' })).statusCode).toBe(400);
    expect((await inject('POST', '/api/govservice/verification/slots', fire, { day: '2026-11-04', from: '10:00', to: '09:00' })).statusCode).toBe(400);
    expect((await inject('POST', '/api/govservice/verification/slots', citizen, { day: '2026-11-04', from: '09:00', to: '10:00' })).statusCode).toBe(403);
    const published = await ok('POST', '/api/govservice/verification/slots', fire, { day: '2026-11-04', from: '09:00', to: '10:00', capacity: 1 }, 201);
    expect(published.created.map((s: { startsAt: string }) => s.startsAt)).toEqual(['2026-11-04T01:00:00.000Z', '2026-11-04T01:30:00.000Z']);
    // Overlapping availability of the same officer is skipped (the unique index on the grid).
    const again = await ok('POST', '/api/govservice/verification/slots', fire, { day: '2026-11-04', from: '09:30', to: '10:30', capacity: 1 }, 201);
    expect(again).toMatchObject({ skipped: 1 });
    expect(again.created).toHaveLength(1);
    const slot = published.created[0].id;

    // Four accepted bundle applications of four applicants race for one place.
    const racers = await Promise.all([0, 1, 2, 3].map((i) => createCitizen(t.app.ctx, { name: `赛${i}`, idNumber: idOf(`5106031990030${i}123`), householdDivision: '510603' })));
    const apps: string[] = [];
    for (const r of racers) {
      const d = await ok('POST', '/api/govservice/applications', r, { itemCode: 'TB-FIRE-001', applicantType: 'person', form: { shopName: '店', area: 10, exits: 2 }, mode: 'normal', materials: await materials(r, ['plan']) }, 201);
      await ok('POST', `/api/govservice/applications/mine/${d.id}/submit`, r);
      // Not bookable before acceptance.
      expect((await inject('GET', `/api/govservice/applications/mine/${d.id}/verification-slots`, r)).json().code).toBe('GOVSERVICE_VERIFY_NOT_OFFERED');
      await ok('POST', `/api/govservice/workbench/${d.id}/window`, window, { action: 'accept' });
      apps.push(d.id);
    }
    const offered = await ok('GET', `/api/govservice/applications/mine/${apps[0]}/verification-slots`, racers[0]);
    expect(offered.items.map((s: { id: string }) => s.id)).toContain(slot);
    const results = await Promise.all(racers.map((r, i) => inject('POST', `/api/govservice/applications/mine/${apps[i]}/verification`, r, { slotId: slot })));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409, 409, 409]);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'GOVSERVICE_VERIFY_SLOT_FULL')).toBe(true);
    const winner = results.findIndex((r) => r.statusCode === 200);
    const booking = results[winner].json().verifications[0];
    expect(booking).toMatchObject({ department: FIRE, status: 'booked' });
    expect(booking.roomCode).toMatch(/^\d{9}$/);
    // The full slot is no longer offered; one open booking per application (even on two slots at once).
    expect((await ok('GET', `/api/govservice/applications/mine/${apps[(winner + 1) % 4]}/verification-slots`, racers[(winner + 1) % 4])).items.map((s: { id: string }) => s.id)).not.toContain(slot);
    const second = published.created[1].id;
    const third = again.created[0].id;
    const loser = (winner + 1) % 4;
    const double = await Promise.all([second, third].map((s) => inject('POST', `/api/govservice/applications/mine/${apps[loser]}/verification`, racers[loser], { slotId: s })));
    expect(double.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(double.find((r) => r.statusCode === 409)!.json().code).toBe('GOVSERVICE_VERIFY_BOOKED');
    // Someone else's application: 404.
    expect((await inject('POST', `/api/govservice/applications/mine/${apps[winner]}/verification`, racers[loser], { slotId: second })).statusCode).toBe(404);

    // The officer's calendar, and the rules of withdrawing and recording.
    const mineSlots = await ok('GET', '/api/govservice/verification/slots', fire);
    expect(mineSlots.items.find((s: { id: string }) => s.id === slot).bookings).toHaveLength(1);
    expect((await inject('POST', `/api/govservice/verification/slots/${slot}/withdraw`, fire)).json().code).toBe('GOVSERVICE_VERIFY_SLOT_TAKEN');
    expect((await inject('POST', `/api/govservice/verification/slots/${slot}/withdraw`, fire2)).statusCode).toBe(404);
    expect((await inject('POST', `/api/govservice/verification/bookings/${booking.id}`, fire, { outcome: 'verified' })).json().code).toBe('GOVSERVICE_VERIFY_TOO_EARLY');
    clock('2026-11-04T01:05:00Z');
    expect((await inject('POST', `/api/govservice/verification/bookings/${booking.id}`, fire2, { outcome: 'verified' })).statusCode).toBe(404);
    expect((await inject('POST', `/api/govservice/verification/bookings/${booking.id}`, fire, { outcome: 'failed' })).json().code).toBe('GOVSERVICE_NOTE_REQUIRED');
    const failed = await ok('POST', `/api/govservice/verification/bookings/${booking.id}`, fire, { outcome: 'failed', reason: '视频中未能出示营业场所' });
    expect(failed).toMatchObject({ status: 'failed', reason: '视频中未能出示营业场所' });
    expect((await inject('POST', `/api/govservice/verification/bookings/${booking.id}`, fire, { outcome: 'verified' })).json().code).toBe('GOVSERVICE_VERIFY_DECIDED');
    const timeline = (await ok('GET', `/api/govservice/applications/mine/${apps[winner]}`, racers[winner])).timeline;
    expect(timeline.map((e: { note: string | null }) => e.note)).toContain('云核验未通过：视频中未能出示营业场所');
    const staffView = await ok('GET', `/api/govservice/workbench/${apps[winner]}`, fire);
    expect(staffView.verifications[0].status).toBe('failed');
    // Cancelling after the slot started is refused; a booking on a later slot can be cancelled and gives the place back.
    const later = (await ok('GET', `/api/govservice/applications/mine/${apps[loser]}`, racers[loser])).verifications[0];
    const cancelled = await ok('POST', `/api/govservice/applications/mine/${apps[loser]}/verification/${later.id}/cancel`, racers[loser]);
    expect(cancelled.verifications[0].status).toBe('cancelled');
    expect((await ok('GET', '/api/govservice/verification/slots', fire)).items.every((s: { booked: number; id: string }) => s.id === slot || s.booked === 0)).toBe(true);
    expect((await auditOf(t, 'govservice.verify.record')).length).toBe(1);
    // An item without 云核验: not offered.
    expect((await inject('GET', `/api/govservice/applications/mine/${ids.app}/verification-slots`, citizen)).statusCode).toBe(409);
    clock('2026-11-03T02:00:00Z');
  });

  it('直通车: a park project with a dedicated handler who sees all its applications across departments', async () => {
    const bad = await inject('POST', '/api/govservice/projects', window, { code: 'PRJ-001', name: '测试新材料产业园项目', park: '德阳经开区', regionCode: '510600', enterpriseName: '测试新材料有限公司', enterpriseCode: CREDIT, handlerId: citizen.id });
    expect(bad.json().code).toBe('GOVSERVICE_PROJECT_HANDLER');
    expect((await inject('POST', '/api/govservice/projects', window, { code: 'PRJ-001', name: '测试新材料产业园项目', park: '德阳经开区', regionCode: '510600', enterpriseName: '测试新材料有限公司', enterpriseCode: '91350100M000100Y44', handlerId: outsider.id })).statusCode).toBe(400);
    expect((await inject('POST', '/api/govservice/projects', market, { code: 'PRJ-001', name: '测试新材料产业园项目', park: '德阳经开区', regionCode: '510600', enterpriseName: '测试新材料有限公司', enterpriseCode: CREDIT, handlerId: outsider.id })).statusCode).toBe(403);
    const project = await ok('POST', '/api/govservice/projects', window, { code: 'PRJ-001', name: '测试新材料产业园项目', park: '德阳经开区', regionCode: '510600', enterpriseName: '测试新材料有限公司', enterpriseCode: CREDIT, handlerId: outsider.id }, 201);

    // The enterprise's agent files two applications of two departments, one naming the project.
    const enterprise = { name: '测试新材料有限公司', creditCode: CREDIT };
    const a1 = await ok('POST', '/api/govservice/applications', citizen, { itemCode: 'TB-FIRE-001', applicantType: 'enterprise', enterprise, form: { shopName: '厂房', area: 1000, exits: 4 }, mode: 'normal', materials: await materials(citizen, ['plan']), projectCode: 'PRJ-001' }, 201);
    expect(a1.project).toMatchObject({ code: 'PRJ-001', park: '德阳经开区' });
    expect((await inject('POST', '/api/govservice/applications', citizen, { itemCode: 'TB-FIRE-001', applicantType: 'enterprise', enterprise: { name: '别家', creditCode: OTHER_CREDIT }, form: {}, mode: 'normal', materials: [], projectCode: 'PRJ-001' })).json().code).toBe('GOVSERVICE_PROJECT_MISMATCH');
    const a2 = await ok('POST', '/api/govservice/applications', citizen, { itemCode: 'TB-LIC-001', applicantType: 'enterprise', enterprise, form: { shopName: '厂房', capital: 5000000 }, mode: 'normal', materials: await materials(citizen, ['identity', 'lease']) }, 201);
    for (const a of [a1, a2]) await ok('POST', `/api/govservice/applications/mine/${a.id}/submit`, citizen);
    await ok('POST', `/api/govservice/workbench/${a1.id}/window`, window, { action: 'accept' });
    await ok('POST', `/api/govservice/workbench/${a2.id}/window`, window, { action: 'accept' });
    // Before linking, the handler (no part in either) cannot see a2.
    expect((await inject('GET', `/api/govservice/workbench/${a2.id}`, outsider)).statusCode).toBe(404);
    // Linking: only the project's enterprise; the handler links a2.
    const person = await ok('POST', '/api/govservice/applications', other, { itemCode: 'TB-FIRE-001', applicantType: 'person', form: { shopName: '店', area: 10, exits: 2 }, mode: 'normal', materials: await materials(other, ['plan']) }, 201);
    await ok('POST', `/api/govservice/applications/mine/${person.id}/submit`, other);
    expect((await inject('POST', `/api/govservice/projects/${project.id}/applications`, window, { applicationId: person.id })).json().code).toBe('GOVSERVICE_PROJECT_MISMATCH');
    expect((await inject('POST', `/api/govservice/projects/${project.id}/applications`, fire, { applicationId: a2.id })).statusCode).toBe(404);
    const linked = await ok('POST', `/api/govservice/projects/${project.id}/applications`, outsider, { applicationId: a2.id });
    expect(linked.as).toEqual({ window: false, department: false, handler: true });
    expect(linked.project.code).toBe('PRJ-001');

    const mine = await ok('GET', '/api/govservice/projects', outsider);
    expect(mine.items.map((p: { code: string }) => p.code)).toEqual(['PRJ-001']);
    expect((await ok('GET', '/api/govservice/projects', fire)).items).toEqual([]);
    const view = await ok('GET', `/api/govservice/projects/${project.id}`, outsider);
    expect(view.applications.map((a: { id: string }) => a.id).sort()).toEqual([a1.id, a2.id].sort());
    expect(view.applications.flatMap((a: { parts: { department: string }[] }) => a.parts.map((p) => p.department)).sort()).toEqual([FIRE, MARKET].sort());
    expect(view.applications.every((a: { applicant: string }) => a.applicant === '测试新材料有限公司')).toBe(true);
    // The handler reads each application (whole: every department's form and materials), audited; reviewing stays the departments'.
    const read = await ok('GET', `/api/govservice/workbench/${a1.id}`, outsider);
    expect(read.as.handler).toBe(true);
    expect(read.canReview).toBe(false);
    expect((await inject('POST', `/api/govservice/workbench/${a1.id}/review`, outsider, { decision: 'approve' })).statusCode).toBe(404);
    expect((await inject('GET', `/api/govservice/projects/${project.id}`, fire)).statusCode).toBe(404);
    expect((await auditOf(t, 'govservice.project.read')).length).toBeGreaterThan(0);
    // Reassigning: the former handler loses the view.
    await ok('PUT', `/api/govservice/projects/${project.id}/handler`, window, { handlerId: fire2.id }, 204);
    expect((await inject('GET', `/api/govservice/workbench/${a2.id}`, outsider)).statusCode).toBe(404);
    expect((await ok('GET', `/api/govservice/projects/${project.id}`, fire2)).applications).toHaveLength(2);
  });

  it('catalogue XLSX import: the export round-trips unchanged; good rows saved as drafts, bad rows reported with line and reason, stale versions refused', async () => {
    const exported = await t.app.inject({ method: 'GET', url: '/api/govservice/items.xlsx' });
    expect(exported.statusCode).toBe(200);
    const upload = async (buffer: Buffer, who: SignedIn = window) => {
      const body = multipart(buffer, 'catalogue.xlsx');
      return t.app.inject({ method: 'POST', url: '/api/govservice/admin/items/import', headers: { ...who.headers, ...body.headers }, payload: body.payload });
    };
    const same = await upload(exported.rawPayload);
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json().created).toEqual([]);
    // TB-FIRE-001 has an open draft (its publication was refused above): the row, exported from v2, becomes that draft's content.
    expect(same.json().updated).toEqual(['TB-FIRE-001']);
    expect(same.json().unchanged).toEqual(expect.arrayContaining(['TB-LIC-001', 'TB-FOOD-001', 'TB-CLASH-001']));
    expect(same.json().unchanged).not.toContain('TB-BUNDLE-001');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const items = workbook.getWorksheet('事项 items')!;
    const materialsSheet = workbook.getWorksheet('材料 materials')!;
    let licenceLine = 0;
    let foodLine = 0;
    let fireLine = 0;
    items.eachRow((row, line) => {
      if (row.getCell(1).value === 'TB-FIRE-001') fireLine = line;
      if (row.getCell(1).value === 'TB-LIC-001') licenceLine = line;
      if (row.getCell(1).value === 'TB-FOOD-001') foodLine = line;
    });
    items.getRow(licenceLine).getCell(3).value = '测试营业执照（新）';
    items.getRow(foodLine).getCell(4).value = 'not_a_type';
    const fresh = [...items.getRow(licenceLine).values as ExcelJS.CellValue[]].slice(1);
    fresh[0] = 'TB-NEW-001';
    fresh[2] = '测试新导入事项';
    const newLine = items.addRow(fresh).number;
    // A row exported from version 1 while version 2 is published now.
    items.getRow(fireLine).getCell(2).value = 1;
    const staleLine = fireLine;
    const noContent = [...items.getRow(licenceLine).values as ExcelJS.CellValue[]].slice(1);
    noContent[14] = '';
    noContent[0] = 'TB-NOJSON-001';
    const noContentLine = items.addRow(noContent).number;
    materialsSheet.addRow(['TB-NEW-001', 'extra', '补充材料', '是', 'paper', 1, '否']);
    const badMaterialLine = materialsSheet.rowCount;
    materialsSheet.addRow(['TB-GHOST-001', 'extra', '补充材料', '是', 'copy', 1, '否']);
    const ghostLine = materialsSheet.rowCount;
    const edited = Buffer.from(await workbook.xlsx.writeBuffer());

    expect((await upload(edited, market)).statusCode).toBe(403);
    const res = await upload(edited);
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out.updated).toEqual(['TB-LIC-001']);
    expect(out.created).toEqual([]);
    expect(out.errors).toEqual([
      ...[
        { sheet: 'items', line: foodLine, code: 'TB-FOOD-001', reason: 'type' },
        { sheet: 'items', line: staleLine, code: 'TB-FIRE-001', reason: 'stale:v1<v2' },
        { sheet: 'items', line: newLine, code: 'TB-NEW-001', reason: `materials_line_${badMaterialLine}:material_form` },
        { sheet: 'items', line: noContentLine, code: 'TB-NOJSON-001', reason: 'new_item_needs_content' },
      ].sort((a, b) => a.line - b.line),
      { sheet: 'materials', line: ghostLine, code: 'TB-GHOST-001', reason: 'unknown_item_code' },
    ]);
    // The good row is a draft (v2) of the item; the published version is unchanged until someone publishes.
    const licence = await ok('GET', `/api/govservice/admin/items/${ids['TB-LIC-001']}`, window);
    expect(licence.draftVersion).toBe(2);
    expect(licence.versions.find((v: { version: number }) => v.version === 2).content.name).toBe('测试营业执照（新）');
    expect((await ok('GET', '/api/govservice/items/TB-LIC-001', null)).name).toBe('测试营业执照');

    // Fixing the bad material row creates the new item as a draft.
    materialsSheet.getRow(badMaterialLine).getCell(5).value = 'copy';
    const fixed = await upload(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(fixed.json().created).toEqual(['TB-NEW-001']);
    const created = (await ok('GET', '/api/govservice/admin/items', window)).items.find((i: { code: string }) => i.code === 'TB-NEW-001');
    expect(created).toMatchObject({ published: false, hasDraft: true, name: '测试新导入事项' });
    const detail = await ok('GET', `/api/govservice/admin/items/${created.id}`, window);
    // The materials sheet is the item's material list when it has rows for the code (here only the one added).
    expect(detail.versions[0].content.materials.map((m: { key: string }) => m.key)).toEqual(['extra']);
    // Not a workbook.
    expect((await upload(Buffer.from('not a workbook'))).json().code).toBe('GOVSERVICE_IMPORT_FILE');
  });
});
