import { createHash, randomInt } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { addDays, dayOf, isDay, startOfDay } from '@fangxian/contracts/kernel';
import {
  checkItemContent, isCreditCode, reviewPartsOf, validateForm, type ApplicantType, type ApplicationMode, type ApplicationStatus, type FormValues, type ItemContent,
} from '@fangxian/contracts/govservice';
import { asStaff, assertInScope } from '../../platform/access/policy.ts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import { appendAudit, recordAudit } from '../../platform/audit/audit.service.ts';
import { addWorkingDays, endOfWorkingDaysAfter, loadCalendar } from '../../platform/calendar/index.ts';
import type { Tx } from '../../platform/db/database.ts';
import { LocalDiskStorage } from '../../platform/files/files.storage.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { sendNotices, type Notice } from '../../platform/notifications/index.ts';
import { GovserviceErrors as E } from './govservice.errors.ts';
import { REVIEW_ROLES, WINDOW_ROLES } from './govservice.policy.ts';
import { composeFromCatalogue, recomposeBundlesOf } from './govservice.bundles.ts';
import { departmentShare } from './govservice.presenter.ts';
import { projectForFiling } from './govservice.projects.ts';
import { verificationsOf } from './govservice.verification.ts';
import * as repo from './govservice.repository.ts';
import { isRefusal, mergeParts, OPEN_STATUSES, transition, type Actor, type ApplicationAction } from './govservice.rules.ts';
import { prepareResult, resultExtras, resultFields, revokeResultDocuments, storeRefusalDocument, storeResultArtifacts, type PreparedResult } from './govservice.results.ts';
import { GovserviceApplicationDecided, GovserviceClock } from './govservice.runtime.ts';
import type { MaterialComment, MaterialFiles } from './govservice.tables.ts';
import { assertStorableText } from './govservice.text.ts';

type Staff = Extract<Principal, { kind: 'staff' }>;
type Citizen = Extract<Principal, { kind: 'citizen' }>;

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const randomCode = (n: number) => Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
const auditBase = (actor: Principal, meta: RequestMeta) => ({ actor, ip: meta.ip, requestId: meta.requestId });
const nowOf = (ctx: AppContext) => GovserviceClock.of(ctx).now();

const isWindow = (s: Staff) => s.roles.some((r) => (WINDOW_ROLES as readonly string[]).includes(r));
const isReviewer = (s: Staff) => s.roles.some((r) => (REVIEW_ROLES as readonly string[]).includes(r));

// ------------------------------------------------------------------------------------------------
// Catalogue

/** The public catalogue: published items, searched by a substring of name, code, department or guide (two Chinese characters are enough). */
export async function searchCatalogue(ctx: AppContext, q: string | null, department: string | null) {
  assertStorableText({ q, department });
  return repo.publishedItems(ctx.db, q?.trim() || null, department?.trim() || null);
}

/** One published item and its guide (办事指南). */
export async function publishedItem(ctx: AppContext, code: string) {
  assertStorableText(code);
  const item = await repo.itemByCode(ctx.db, code);
  if (!item?.publishedVersionId) throw new AppError(CommonErrors.NOT_FOUND);
  const version = (await repo.versionById(ctx.db, item.publishedVersionId))!;
  return { item, version };
}

function assertItemContent(content: ItemContent): void {
  assertStorableText(content, 'content');
  if (content.bundle) throw new AppError(E.GOVSERVICE_ITEM_INVALID, { problems: ['bundle_content'] });
  const problems = checkItemContent(content);
  if (problems.length > 0) throw new AppError(E.GOVSERVICE_ITEM_INVALID, { problems });
}

/** Items of the officer's region with their versions (the console's catalogue editor). */
export async function itemsForStaff(ctx: AppContext, principal: Principal) {
  const staff = asStaff(principal);
  return (await repo.allItems(ctx.db)).filter((i) => regionContains(staff.regionCode, i.regionCode));
}

export async function itemForStaff(ctx: AppContext, principal: Principal, id: string) {
  const staff = asStaff(principal);
  const item = await repo.itemById(ctx.db, id);
  if (!item) throw new AppError(CommonErrors.NOT_FOUND);
  assertInScope(staff, item.regionCode);
  return { item, versions: await repo.versionsOf(ctx.db, id) };
}

/** Creates an item with its first draft version (published separately). */
export async function createItem(ctx: AppContext, principal: Principal, input: { code: string; regionCode: string; content: ItemContent }, meta: RequestMeta) {
  assertStorableText(input.code, 'code');
  const staff = asStaff(principal);
  if (!regionContains(staff.regionCode, input.regionCode)) throw new AppError(CommonErrors.FORBIDDEN, { field: 'regionCode' });
  assertItemContent(input.content);
  return ctx.db.transaction(async (tx) => {
    if (await repo.itemByCode(tx, input.code)) throw new AppError(E.GOVSERVICE_ITEM_CODE_TAKEN);
    const now = nowOf(ctx);
    const item = await repo.insertItem(tx, { code: input.code, regionCode: input.regionCode, name: input.content.name, department: input.content.department, createdAt: now, updatedAt: now });
    const version = await repo.insertVersion(tx, { itemId: item.id, version: 1, status: 'draft', content: input.content, createdBy: staff.staffId, createdAt: now });
    await repo.updateItem(tx, item.id, { draftVersionId: version.id });
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'govservice.item.create', subjectType: 'gs_item', subjectId: item.id, regionCode: item.regionCode, detail: { code: item.code } });
    return item;
  });
}

/** Saves the draft version of an item (a new version number when none is open); published versions never change. */
export async function saveDraft(ctx: AppContext, principal: Principal, id: string, content: ItemContent, meta: RequestMeta) {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const item = await repo.itemById(tx, id, true);
    if (!item) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, item.regionCode);
    if (item.kind === 'bundle') throw new AppError(E.GOVSERVICE_BUNDLE_EDIT);
    assertItemContent(content);
    if (item.draftVersionId) await repo.updateVersion(tx, item.draftVersionId, { content, createdBy: staff.staffId });
    else {
      const v = await repo.insertVersion(tx, { itemId: id, version: (await repo.maxVersion(tx, id)) + 1, status: 'draft', content, createdBy: staff.staffId, createdAt: nowOf(ctx) });
      await repo.updateItem(tx, id, { draftVersionId: v.id });
    }
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'govservice.item.update', subjectType: 'gs_item', subjectId: id, regionCode: item.regionCode, detail: { code: item.code } });
  });
}

/** Publishes the draft: it becomes what new applications are filed under; the previous version is superseded. */
export async function publishItem(ctx: AppContext, principal: Principal, id: string, meta: RequestMeta) {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const item = await repo.itemById(tx, id, true);
    if (!item) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, item.regionCode);
    if (!item.draftVersionId) throw new AppError(E.GOVSERVICE_NO_DRAFT);
    let draft = (await repo.versionById(tx, item.draftVersionId))!;
    const now = nowOf(ctx);
    if (item.kind === 'bundle') {
      // A bundle is composed again from its members' current published versions when it is published.
      const content = await composeFromCatalogue(tx, draft.content.bundle!.spec);
      await repo.updateVersion(tx, draft.id, { content });
      draft = { ...draft, content };
    } else assertItemContent(draft.content);
    if (item.publishedVersionId) await repo.updateVersion(tx, item.publishedVersionId, { status: 'superseded' });
    await repo.updateVersion(tx, draft.id, { status: 'published', publishedAt: now });
    await repo.updateItem(tx, id, { publishedVersionId: draft.id, draftVersionId: null, name: draft.content.name, department: draft.content.department, updatedAt: now });
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'govservice.item.publish', subjectType: 'gs_item', subjectId: id, regionCode: item.regionCode, detail: { code: item.code, version: draft.version } });
    if (item.kind === 'item') await recomposeBundlesOf(tx, staff, item.code, now, meta);
    return draft.version;
  });
}

// ------------------------------------------------------------------------------------------------
// Applications: the applicant

export interface ApplicationInput {
  applicantType: ApplicantType;
  enterprise?: { name: string; creditCode: string } | null;
  phone?: string | null;
  form: Record<string, unknown>;
  materials: MaterialFiles[];
  mode: ApplicationMode;
  /** 容缺受理: the materials the applicant will supply later. */
  missingMaterials?: string[];
  /** 告知承诺: the commitment text the applicant signs (must be the item's). */
  commitmentText?: string | null;
  priorityReason?: string | null;
  wantsExpress?: boolean;
  deliveryAddress?: string | null;
  /** 直通车: the park project (its code) the application belongs to; the enterprise must be the project's. */
  projectCode?: string | null;
}

/** TK-style public number: GS + China date + 6 characters. */
function newNumber(prefix: string, now: Date): string {
  return `${prefix}${dayOf(now).replaceAll('-', '')}-${randomCode(6)}`;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Checks the uploaded files: every key a material of the item, every file the citizen's own image or PDF. */
async function checkMaterials(tx: Tx, citizen: Citizen, content: ItemContent, materials: MaterialFiles[]): Promise<MaterialFiles[]> {
  const keys = new Set(content.materials.map((m) => m.key));
  const merged = new Map<string, Set<string>>();
  for (const m of materials) {
    if (!keys.has(m.key)) throw new AppError(E.GOVSERVICE_MATERIAL_UNKNOWN, { material: m.key });
    const set = merged.get(m.key) ?? new Set<string>();
    for (const f of m.fileIds) set.add(f);
    merged.set(m.key, set);
  }
  const ids = [...new Set([...merged.values()].flatMap((s) => [...s]))];
  const owned = await repo.citizenFiles(tx, citizen.citizenId, ids);
  if (owned.length !== ids.length || owned.some((f) => !f.mimeType.startsWith('image/') && f.mimeType !== 'application/pdf')) {
    throw new AppError(E.GOVSERVICE_MATERIAL_UNKNOWN, { files: ids.length - owned.length });
  }
  return [...merged].filter(([, s]) => s.size > 0).map(([key, s]) => ({ key, fileIds: [...s] }));
}

/** Creates a draft under the item's published version (which it keeps for good). */
export async function createDraft(ctx: AppContext, citizen: Citizen, itemCode: string, input: ApplicationInput, meta: RequestMeta): Promise<repo.ApplicationRow> {
  assertStorableText({ itemCode, input });
  return ctx.db.transaction(async (tx) => {
    const item = await repo.itemByCode(tx, itemCode);
    if (!item) throw new AppError(CommonErrors.NOT_FOUND);
    if (!item.publishedVersionId) throw new AppError(E.GOVSERVICE_ITEM_NOT_PUBLISHED);
    const version = (await repo.versionById(tx, item.publishedVersionId))!;
    const person = await repo.citizenIdentity(tx, citizen.citizenId);
    if (!person?.realNameAt || !person.nameCipher) throw new AppError(E.GOVSERVICE_REAL_NAME_REQUIRED);
    const now = nowOf(ctx);
    const row = await repo.insertApplication(tx, {
      number: newNumber('GS', now), itemId: item.id, itemVersionId: version.id, regionCode: item.regionCode, citizenId: citizen.citizenId,
      applicantNameCipher: person.nameCipher, applicantDocumentCipher: person.documentCipher, status: 'draft', createdAt: now, updatedAt: now,
      projectId: input.projectCode ? await projectForFiling(tx, input.projectCode, input.applicantType === 'enterprise' ? input.enterprise?.creditCode ?? null : null) : null,
      ...(await draftFields(ctx, tx, citizen, version.content, input, person.nameCipher)),
    });
    await repo.insertEvent(tx, { applicationId: row.id, action: 'create', toStatus: 'draft', actorType: 'citizen', actorId: citizen.citizenId, at: now });
    await appendAudit(tx, { ...auditBase(citizen, meta), action: 'govservice.own.create', subjectType: 'gs_application', subjectId: row.id, regionCode: row.regionCode, detail: { item: item.code } });
    return row;
  });
}

/** The stored fields of a draft from the applicant's input (checked loosely; submit checks everything). */
async function draftFields(ctx: AppContext, tx: Tx, citizen: Citizen, content: ItemContent, input: ApplicationInput, nameCipher: string) {
  assertStorableText(input);
  const materials = await checkMaterials(tx, citizen, content, input.materials);
  return {
    applicantType: input.applicantType,
    enterpriseName: input.applicantType === 'enterprise' ? input.enterprise?.name.trim() || null : null,
    enterpriseCode: input.applicantType === 'enterprise' ? input.enterprise?.creditCode.trim().toUpperCase() || null : null,
    agentNameCipher: input.applicantType === 'enterprise' ? nameCipher : null,
    phoneCipher: input.phone ? ctx.cipher.encrypt(input.phone.trim()) : null,
    formCipher: ctx.cipher.encrypt(JSON.stringify(input.form ?? {}))!,
    materials,
    mode: input.mode,
    missingMaterials: input.mode === 'tolerance' ? [...new Set(input.missingMaterials ?? [])] : [],
    priorityRequested: Boolean(input.priorityReason?.trim()),
    priorityReason: input.priorityReason?.trim() || null,
    wantsExpress: input.wantsExpress ?? false,
    deliveryAddressCipher: input.wantsExpress && input.deliveryAddress ? ctx.cipher.encrypt(input.deliveryAddress.trim()) : null,
  };
}

async function ownForUpdate(tx: Tx, citizen: Citizen, id: string): Promise<repo.ApplicationRow> {
  const row = await repo.findApplication(tx, id, true);
  if (!row || row.citizenId !== citizen.citizenId) throw new AppError(CommonErrors.NOT_FOUND);
  return row;
}

/** Updates a draft or an application returned for correction. */
export async function updateOwn(ctx: AppContext, citizen: Citizen, id: string, input: ApplicationInput, meta: RequestMeta): Promise<repo.ApplicationRow> {
  return ctx.db.transaction(async (tx) => {
    const row = await ownForUpdate(tx, citizen, id);
    if (row.status !== 'draft' && row.status !== 'returned') throw new AppError(E.GOVSERVICE_TRANSITION_ILLEGAL, { status: row.status });
    const version = (await repo.versionById(tx, row.itemVersionId))!;
    const person = (await repo.citizenIdentity(tx, citizen.citizenId))!;
    const updated = await repo.updateApplication(tx, id, { ...(await draftFields(ctx, tx, citizen, version.content, input, person.nameCipher!)), updatedAt: nowOf(ctx) });
    await appendAudit(tx, { ...auditBase(citizen, meta), action: 'govservice.own.update', subjectType: 'gs_application', subjectId: id, regionCode: row.regionCode });
    return updated;
  });
}

/**
 * Submits (or resubmits after correction) an application: the form against the version's schema, the
 * materials (all required ones, but the 容缺 ones named missing), the applicant (enterprise: GB 32100 code),
 * the mode the item allows. 告知承诺: the signed commitment is recorded and the decision is immediate.
 */
export async function submitOwn(ctx: AppContext, citizen: Citizen, id: string, meta: RequestMeta): Promise<repo.ApplicationRow> {
  // 告知承诺 approves at once: the signed PDF is rendered before the transaction (CPU work).
  const before = await repo.findApplication(ctx.db, id);
  const prepared = before && before.citizenId === citizen.citizenId && before.mode === 'commitment' ? await resultIfApproved(ctx, before) : null;
  return ctx.db.transaction(async (tx) => {
    const row = await ownForUpdate(tx, citizen, id);
    const action: ApplicationAction = row.status === 'returned' ? 'resubmit' : 'submit';
    const next = transition(row.status as ApplicationStatus, action, 'applicant');
    if (isRefusal(next)) throw new AppError(E.GOVSERVICE_TRANSITION_ILLEGAL, { status: row.status });
    const version = (await repo.versionById(tx, row.itemVersionId))!;
    const item = (await repo.itemById(tx, row.itemId))!;
    const c = version.content;
    const now = nowOf(ctx);

    if (!c.applicantTypes.includes(row.applicantType as ApplicantType)) throw new AppError(E.GOVSERVICE_APPLICANT_TYPE);
    if (row.applicantType === 'enterprise' && (!row.enterpriseName || !row.enterpriseCode || !isCreditCode(row.enterpriseCode))) throw new AppError(E.GOVSERVICE_ENTERPRISE_REQUIRED);
    const form = JSON.parse(ctx.cipher.decrypt(row.formCipher) ?? '{}') as Record<string, unknown>;
    const checked = validateForm(c.form, form, now);
    if (checked.errors.length > 0) throw new AppError(E.GOVSERVICE_FORM_INVALID, { errors: checked.errors });
    if (row.wantsExpress && !row.deliveryAddressCipher) throw new AppError(E.GOVSERVICE_DELIVERY_ADDRESS_REQUIRED);
    if (row.priorityRequested && !c.modes.priority) throw new AppError(E.GOVSERVICE_MODE_NOT_ALLOWED, { mode: 'priority' });

    const uploaded = new Set(row.materials.map((m) => m.key));
    const missing = row.missingMaterials;
    if (row.mode === 'tolerance') {
      const allowed = new Set(c.modes.tolerance?.materials ?? []);
      if (!c.modes.tolerance) throw new AppError(E.GOVSERVICE_MODE_NOT_ALLOWED, { mode: 'tolerance' });
      if (missing.length === 0 || missing.some((k) => !allowed.has(k) || uploaded.has(k))) throw new AppError(E.GOVSERVICE_TOLERANCE_INVALID, { missing });
    }
    if (row.mode === 'commitment' && !c.modes.commitment) throw new AppError(E.GOVSERVICE_MODE_NOT_ALLOWED, { mode: 'commitment' });
    const absent = c.materials.filter((m) => m.required && !uploaded.has(m.key) && !missing.includes(m.key)).map((m) => m.key);
    if (absent.length > 0) throw new AppError(E.GOVSERVICE_MATERIALS_INCOMPLETE, { materials: absent });

    let updated = await repo.updateApplication(tx, id, {
      status: next.status, submittedAt: now, updatedAt: now, corrections: [], formCipher: ctx.cipher.encrypt(JSON.stringify(checked.values))!,
    });
    await repo.insertEvent(tx, { applicationId: id, action, fromStatus: row.status, toStatus: next.status, actorType: 'citizen', actorId: citizen.citizenId, at: now });
    await appendAudit(tx, { ...auditBase(citizen, meta), action: 'govservice.own.submit', subjectType: 'gs_application', subjectId: id, regionCode: row.regionCode, detail: { item: item.code, mode: row.mode, resubmit: action === 'resubmit' } });
    if (row.mode === 'commitment') updated = await approveOnCommitment(ctx, tx, updated, item, c, now, prepared);
    return updated;
  });
}

/** 告知承诺: the commitment must have been signed (signOwnCommitment); the system approves at once and opens the inspection. */
async function approveOnCommitment(ctx: AppContext, tx: Tx, row: repo.ApplicationRow, item: repo.ItemRow, c: ItemContent, now: Date, prepared: PreparedResult | null): Promise<repo.ApplicationRow> {
  if (!row.commitmentSignedAt || row.commitmentTextSha256 !== sha256(c.modes.commitment!.text)) throw new AppError(E.GOVSERVICE_COMMITMENT_MISMATCH);
  const next = transition(row.status as ApplicationStatus, 'commit', 'system');
  if (isRefusal(next)) throw new AppError(E.GOVSERVICE_TRANSITION_ILLEGAL, { status: row.status });
  const calendar = await loadCalendar(tx);
  const updated = await repo.updateApplication(tx, row.id, { status: next.status, acceptedAt: now, decidedAt: now, dueAt: now, updatedAt: now });
  await repo.insertEvent(tx, {
    applicationId: row.id, action: 'commit', fromStatus: row.status, toStatus: next.status, actorType: 'system',
    publicNote: '已签署告知承诺书，当场作出准予决定；审批部门将在规定期限内核查承诺内容。', at: now,
  });
  await repo.insertInspection(tx, {
    applicationId: row.id, regionCode: row.regionCode, department: c.department, status: 'open',
    dueAt: endOfWorkingDaysAfter(now, c.modes.commitment!.inspectionDays, calendar), createdAt: now,
  });
  await decide(ctx, tx, updated, item, c, 'approved', now, prepared);
  return updated;
}

/** 告知承诺: the applicant signs the item's commitment text; stored with the time and the signer's identity (encrypted). */
export async function signOwnCommitment(ctx: AppContext, citizen: Citizen, id: string, text: string, meta: RequestMeta): Promise<repo.ApplicationRow> {
  assertStorableText(text, 'text');
  return ctx.db.transaction(async (tx) => {
    const row = await ownForUpdate(tx, citizen, id);
    if (row.status !== 'draft' && row.status !== 'returned') throw new AppError(E.GOVSERVICE_TRANSITION_ILLEGAL, { status: row.status });
    const c = (await repo.versionById(tx, row.itemVersionId))!.content;
    if (!c.modes.commitment || row.mode !== 'commitment') throw new AppError(E.GOVSERVICE_MODE_NOT_ALLOWED, { mode: 'commitment' });
    if (text !== c.modes.commitment.text) throw new AppError(E.GOVSERVICE_COMMITMENT_MISMATCH);
    const person = (await repo.citizenIdentity(tx, citizen.citizenId))!;
    const signer = JSON.stringify({ citizenId: citizen.citizenId, name: ctx.cipher.decrypt(person.nameCipher), document: ctx.cipher.decrypt(person.documentCipher) });
    const now = nowOf(ctx);
    const updated = await repo.updateApplication(tx, id, { commitmentSignedAt: now, commitmentSignerCipher: ctx.cipher.encrypt(signer), commitmentTextSha256: sha256(text), updatedAt: now });
    await repo.insertEvent(tx, { applicationId: id, action: 'sign', fromStatus: row.status, toStatus: row.status, actorType: 'citizen', actorId: citizen.citizenId, at: now });
    await appendAudit(tx, { ...auditBase(citizen, meta), action: 'govservice.own.sign', subjectType: 'gs_application', subjectId: id, regionCode: row.regionCode, detail: { textSha256: sha256(text) } });
    return updated;
  });
}

/** Withdraws one's draft, submitted or returned application. */
export async function withdrawOwn(ctx: AppContext, citizen: Citizen, id: string, meta: RequestMeta): Promise<repo.ApplicationRow> {
  return ctx.db.transaction(async (tx) => {
    const row = await ownForUpdate(tx, citizen, id);
    const next = transition(row.status as ApplicationStatus, 'withdraw', 'applicant');
    if (isRefusal(next)) throw new AppError(E.GOVSERVICE_TRANSITION_ILLEGAL, { status: row.status });
    const now = nowOf(ctx);
    const updated = await repo.updateApplication(tx, id, { status: next.status, updatedAt: now });
    await repo.insertEvent(tx, { applicationId: id, action: 'withdraw', fromStatus: row.status, toStatus: next.status, actorType: 'citizen', actorId: citizen.citizenId, at: now });
    await appendAudit(tx, { ...auditBase(citizen, meta), action: 'govservice.own.withdraw', subjectType: 'gs_application', subjectId: id, regionCode: row.regionCode });
    return updated;
  });
}

/** 容缺受理: the applicant supplies missing materials; when the departments already approved, the decision follows. */
export async function supplyOwn(ctx: AppContext, citizen: Citizen, id: string, materials: MaterialFiles[], meta: RequestMeta): Promise<repo.ApplicationRow> {
  assertStorableText(materials, 'materials');
  // Supplying the last missing material after every department approved completes the approval: render its PDF first.
  const before = await repo.findApplication(ctx.db, id);
  const completes = before && before.citizenId === citizen.citizenId && before.status === 'under_review'
    && before.missingMaterials.every((k) => materials.some((m) => m.key === k && m.fileIds.length > 0))
    && (await repo.partsOf(ctx.db, [before.id])).every((p) => p.status === 'approved');
  const prepared = completes ? await resultIfApproved(ctx, before) : null;
  return ctx.db.transaction(async (tx) => {
    const row = await ownForUpdate(tx, citizen, id);
    if (!['accepted', 'under_review'].includes(row.status) || row.missingMaterials.length === 0) throw new AppError(E.GOVSERVICE_NOTHING_MISSING);
    const version = (await repo.versionById(tx, row.itemVersionId))!;
    for (const m of materials) if (!row.missingMaterials.includes(m.key)) throw new AppError(E.GOVSERVICE_MATERIAL_UNKNOWN, { material: m.key });
    const supplied = (await checkMaterials(tx, citizen, version.content, materials)).filter((m) => m.fileIds.length > 0);
    if (supplied.length === 0) throw new AppError(E.GOVSERVICE_MATERIAL_UNKNOWN);
    const now = nowOf(ctx);
    const keys = new Set(supplied.map((m) => m.key));
    let updated = await repo.updateApplication(tx, id, {
      materials: [...row.materials.filter((m) => !keys.has(m.key)), ...supplied],
      missingMaterials: row.missingMaterials.filter((k) => !keys.has(k)),
      updatedAt: now,
    });
    const names = version.content.materials.filter((m) => keys.has(m.key)).map((m) => m.name).join('、');
    await repo.insertEvent(tx, { applicationId: id, action: 'supply', fromStatus: row.status, toStatus: row.status, publicNote: `已补交：${names}`, actorType: 'citizen', actorId: citizen.citizenId, at: now });
    await appendAudit(tx, { ...auditBase(citizen, meta), action: 'govservice.own.supply', subjectType: 'gs_application', subjectId: id, regionCode: row.regionCode, detail: { materials: [...keys] } });
    if (updated.status === 'under_review') updated = await mergeAndDecide(ctx, tx, updated, now, prepared);
    return updated;
  });
}

export async function listOwn(ctx: AppContext, citizen: Citizen) {
  return repo.applicationsOfCitizen(ctx.db, citizen.citizenId);
}

/** One's own application with everything the applicant may see (no officers, no internal notes). */
export async function getOwn(ctx: AppContext, citizen: Citizen, id: string) {
  const row = await repo.findApplication(ctx.db, id);
  if (!row || row.citizenId !== citizen.citizenId) throw new AppError(CommonErrors.NOT_FOUND);
  const [view, extras] = await Promise.all([loadView(ctx, row), resultExtras(ctx, row.id)]);
  return { ...view, extras };
}

async function loadView(ctx: AppContext, row: repo.ApplicationRow) {
  const [version, item, events, parts, inspection, result, verifications, project] = await Promise.all([
    repo.versionById(ctx.db, row.itemVersionId), repo.itemById(ctx.db, row.itemId), repo.eventsOf(ctx.db, row.id),
    repo.partsOf(ctx.db, [row.id]), repo.inspectionOf(ctx.db, row.id), repo.resultOf(ctx.db, row.id), verificationsOf(ctx, row.id),
    row.projectId ? repo.projectById(ctx.db, row.projectId) : Promise.resolve(undefined),
  ]);
  return {
    row, version: version!, item: item!, events, parts, inspection: inspection ?? null, result: result ?? null, verifications,
    project: project ? { id: project.id, code: project.code, name: project.name, park: project.park } : null,
  };
}
export type ApplicationView = Awaited<ReturnType<typeof loadView>>;

// ------------------------------------------------------------------------------------------------
// Officers

/** How an officer relates to an application: the acceptance window of its region, a reviewing department, or not at all (NOT_FOUND). */
function relation(staff: Staff, row: repo.ApplicationRow, parts: repo.PartRow[], inspection: repo.InspectionRow | null, handler = false): { window: boolean; department: boolean; handler: boolean } {
  assertInScope(staff, row.regionCode);
  const window = isWindow(staff);
  const department = isReviewer(staff) && (parts.some((p) => p.department === staff.department) || inspection?.department === staff.department);
  if (!window && !department && !handler) throw new AppError(CommonErrors.NOT_FOUND);
  return { window, department, handler };
}

/** 直通车: whether the officer is the dedicated handler of the application's park project (they read every application of it). */
async function isProjectHandler(db: Parameters<typeof repo.projectById>[0], staff: Staff, row: repo.ApplicationRow): Promise<boolean> {
  if (!row.projectId) return false;
  return (await repo.projectById(db, row.projectId))?.handlerId === staff.staffId;
}

/** The workbench: the window sees its region's queue; a department sees the applications it reviews or inspects. */
export async function workbench(ctx: AppContext, principal: Principal, q: { view: 'window' | 'department'; status?: ApplicationStatus }, meta: RequestMeta) {
  const staff = asStaff(principal);
  if (q.view === 'window' && !isWindow(staff)) throw new AppError(CommonErrors.FORBIDDEN);
  const now = nowOf(ctx);
  const statuses = q.status ? [q.status] : q.view === 'window' ? ['submitted', 'returned', 'accepted', 'under_review'] : ['accepted', 'under_review', 'approved'];
  const rows = await repo.workbench(ctx.db, { regionPrefix: regionPrefix(staff.regionCode), department: q.view === 'department' ? staff.department : null, statuses, now });
  const parts = await repo.partsOf(ctx.db, rows.map((r) => r.app.id));
  await recordAudit(ctx.db, { ...auditBase(staff, meta), action: 'govservice.workbench.list', subjectType: 'gs_application', regionCode: staff.regionCode || null, detail: { view: q.view, count: rows.length } });
  return { rows, parts, now, calendar: await loadCalendar(ctx.db) };
}

/** The stored working-day calendar (deadline warnings of queue lines outside the workbench). */
export async function workbenchCalendar(ctx: AppContext) {
  return loadCalendar(ctx.db);
}

/** The division-code prefix of a scope ('510600' → '5106'; '' → everything). */
function regionPrefix(scope: string): string {
  if (!scope) return '';
  return scope.replace(/(00)+$/, '');
}

/** One application for an officer (masked personal data; the read is audited). */
export async function getForStaff(ctx: AppContext, principal: Principal, id: string, meta: RequestMeta) {
  const staff = asStaff(principal);
  const row = await repo.findApplication(ctx.db, id);
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  const view = await loadView(ctx, row);
  const as = relation(staff, row, view.parts, view.inspection, await isProjectHandler(ctx.db, staff, row));
  await recordAudit(ctx.db, { ...auditBase(staff, meta), action: 'govservice.application.read', subjectType: 'gs_application', subjectId: row.id, regionCode: row.regionCode, detail: as });
  return { ...view, as, staffDepartment: staff.department, now: nowOf(ctx) };
}

/** A material file of an application the officer may see (audited). */
export async function materialForStaff(ctx: AppContext, principal: Principal, id: string, fileId: string, meta: RequestMeta): Promise<{ mimeType: string; size: number; open: () => Readable }> {
  const staff = asStaff(principal);
  const row = await repo.findApplication(ctx.db, id);
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  const parts = await repo.partsOf(ctx.db, [row.id]);
  const as = relation(staff, row, parts, (await repo.inspectionOf(ctx.db, row.id)) ?? null, await isProjectHandler(ctx.db, staff, row));
  // 一件事一次办: a department officer reads only the materials of the member items their department reviews.
  const share = departmentShare((await repo.versionById(ctx.db, row.itemVersionId))!.content, parts, staff.department, as.window || as.handler);
  if (!row.materials.some((m) => m.fileIds.includes(fileId) && (!share || share.materials.has(m.key)))) throw new AppError(CommonErrors.NOT_FOUND);
  const file = await repo.fileById(ctx.db, fileId);
  const storage = new LocalDiskStorage(join(ctx.config.dataDir, 'files'));
  if (!file || !(await storage.exists(file.storageKey))) throw new AppError(CommonErrors.NOT_FOUND);
  await recordAudit(ctx.db, { ...auditBase(staff, meta), action: 'govservice.material.read', subjectType: 'file', subjectId: fileId, regionCode: row.regionCode, detail: { applicationId: row.id } });
  return { mimeType: file.mimeType, size: file.size, open: () => storage.open(file.storageKey) };
}

async function staffApplicationForUpdate(tx: Tx, staff: Staff, id: string) {
  const row = await repo.findApplication(tx, id, true);
  if (!row) throw new AppError(CommonErrors.NOT_FOUND);
  const parts = await repo.partsOf(tx, [row.id]);
  const rel = relation(staff, row, parts, (await repo.inspectionOf(tx, row.id)) ?? null);
  return { row, parts, rel };
}

function notice(row: repo.ApplicationRow, kind: string, title: { zh: string; en: string }, body: { zh: string; en: string }): Notice {
  return { recipient: { type: 'citizen', id: row.citizenId }, kind: `govservice.${kind}`, title, body, link: `/m/services/mine/${row.id}`, channels: ['inbox', 'sms'], dedupeKey: `${kind}:${row.id}:${row.updatedAt.getTime()}` };
}

export type WindowAction =
  | { action: 'return'; note?: string | null; comments: MaterialComment[] }
  | { action: 'accept'; note?: string | null }
  | { action: 'reject'; note: string }
  | { action: 'green-channel'; note: string };

/**
 * The acceptance window's pre-review (预审) and acceptance (一窗受理): return for correction with
 * per-material comments, accept (容缺: with the named materials missing and a promised supply day;
 * the departments' parts open in parallel and the deadline runs in working days), refuse (不予受理),
 * or put the application in the green channel (优先办) with a reason.
 */
export async function windowAct(ctx: AppContext, principal: Principal, id: string, input: WindowAction, meta: RequestMeta): Promise<string> {
  assertStorableText(input);
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const { row, rel } = await staffApplicationForUpdate(tx, staff, id);
    if (!rel.window) throw new AppError(CommonErrors.NOT_FOUND);
    const now = nowOf(ctx);
    const version = (await repo.versionById(tx, row.itemVersionId))!;
    const c = version.content;
    const note = input.note?.trim() || null;
    const audit = (detail: Record<string, unknown>) =>
      appendAudit(tx, { ...auditBase(staff, meta), action: `govservice.application.${input.action === 'green-channel' ? 'prioritise' : input.action}`, subjectType: 'gs_application', subjectId: id, regionCode: row.regionCode, detail });

    if (input.action === 'green-channel') {
      if (!note) throw new AppError(E.GOVSERVICE_NOTE_REQUIRED);
      if (!OPEN_STATUSES.includes(row.status as ApplicationStatus) && row.status !== 'returned') throw new AppError(E.GOVSERVICE_TRANSITION_ILLEGAL, { status: row.status });
      await repo.updateApplication(tx, id, { greenChannel: true, greenChannelReason: note, updatedAt: now });
      await repo.insertEvent(tx, { applicationId: id, action: 'green-channel', fromStatus: row.status, toStatus: row.status, publicNote: '已纳入绿色通道优先办理', internalNote: note, actorType: 'staff', actorId: staff.staffId, department: staff.department, at: now });
      await audit({});
      return row.status;
    }
    const next = transition(row.status as ApplicationStatus, input.action, 'window');
    if (isRefusal(next)) throw new AppError(E.GOVSERVICE_TRANSITION_ILLEGAL, { status: row.status });
    if (row.mode === 'commitment') throw new AppError(E.GOVSERVICE_TRANSITION_ILLEGAL, { status: row.status, mode: row.mode });

    if (input.action === 'return') {
      const keys = new Set(c.materials.map((m) => m.key));
      const comments = input.comments.map((x) => ({ key: x.key, comment: x.comment.trim() })).filter((x) => x.comment);
      if (comments.some((x) => !keys.has(x.key))) throw new AppError(E.GOVSERVICE_MATERIAL_UNKNOWN);
      if (comments.length === 0 && !note) throw new AppError(E.GOVSERVICE_NOTE_REQUIRED);
      const updated = await repo.updateApplication(tx, id, { status: next.status, corrections: comments, decisionNote: note, updatedAt: now });
      await repo.insertEvent(tx, { applicationId: id, action: 'return', fromStatus: row.status, toStatus: next.status, publicNote: note ?? '请按材料意见补正后重新提交', actorType: 'staff', actorId: staff.staffId, department: staff.department, at: now });
      await audit({ comments: comments.length });
      await sendNotices(ctx, tx, [notice(updated, 'returned', { zh: '办件需补正', en: 'Your application needs correction' }, { zh: `您的办件 ${row.number} 需按意见补正材料后重新提交。`, en: `Application ${row.number} needs corrections; see the comments and resubmit.` })]);
      return next.status;
    }
    if (input.action === 'reject') {
      if (!note) throw new AppError(E.GOVSERVICE_NOTE_REQUIRED);
      const updated = await repo.updateApplication(tx, id, { status: next.status, decisionNote: note, decidedAt: now, updatedAt: now });
      await repo.insertEvent(tx, { applicationId: id, action: 'reject', fromStatus: row.status, toStatus: next.status, publicNote: note, actorType: 'staff', actorId: staff.staffId, department: staff.department, at: now });
      await audit({});
      await decide(ctx, tx, updated, (await repo.itemById(tx, row.itemId))!, c, 'rejected', now, null);
      return next.status;
    }
    // accept
    const calendar = await loadCalendar(tx);
    const supplyBy = row.mode === 'tolerance' ? addWorkingDays(dayOf(now), c.modes.tolerance!.supplyDays, calendar) : null;
    const updated = await repo.updateApplication(tx, id, {
      status: next.status, acceptedAt: now, dueAt: endOfWorkingDaysAfter(now, c.promisedLimitDays, calendar), supplyBy, updatedAt: now,
    });
    await repo.insertParts(tx, reviewPartsOf(c).map((p) => ({ applicationId: id, regionCode: row.regionCode, department: p.department, itemCode: p.itemCode, status: 'pending' })));
    const missingNames = c.materials.filter((m) => row.missingMaterials.includes(m.key)).map((m) => m.name).join('、');
    await repo.insertEvent(tx, {
      applicationId: id, action: 'accept', fromStatus: row.status, toStatus: next.status, actorType: 'staff', actorId: staff.staffId, department: staff.department, internalNote: note, at: now,
      publicNote: supplyBy ? `容缺受理：请于 ${supplyBy} 前补交 ${missingNames}` : '已受理，转相关部门并联审查',
    });
    await audit({ departments: c.reviewDepartments.length, tolerance: row.mode === 'tolerance' });
    await sendNotices(ctx, tx, [notice(updated, 'accepted', { zh: '办件已受理', en: 'Application accepted' }, {
      zh: supplyBy ? `您的办件 ${row.number} 已容缺受理，请于 ${supplyBy} 前补交：${missingNames}。` : `您的办件 ${row.number} 已受理。`,
      en: supplyBy ? `Application ${row.number} was accepted with materials missing; supply them by ${supplyBy}.` : `Application ${row.number} was accepted.`,
    })]);
    return next.status;
  });
}

/** A reviewing department decides its part; once every part is decided, one merged decision goes to the applicant. */
export async function reviewPart(
  ctx: AppContext, principal: Principal, id: string, input: { decision: 'approve' | 'reject'; note?: string | null; internalNote?: string | null; itemCode?: string | null }, meta: RequestMeta,
): Promise<string> {
  assertStorableText(input);
  const staff = asStaff(principal);
  // The approval that completes the parts issues the signed PDF: rendered before the transaction.
  const before = input.decision === 'approve' ? await repo.findApplication(ctx.db, id) : undefined;
  const prepared = before && (await approvalLikely(ctx, before, staff.department, input.itemCode ?? null)) ? await resultIfApproved(ctx, before) : null;
  return ctx.db.transaction(async (tx) => {
    const { row, parts } = await staffApplicationForUpdate(tx, staff, id);
    const part = pickPart(parts, staff.department, input.itemCode ?? null);
    if (!part || !isReviewer(staff)) throw new AppError(CommonErrors.NOT_FOUND);
    if (part.status !== 'pending') throw new AppError(E.GOVSERVICE_PART_DECIDED);
    const next = transition(row.status as ApplicationStatus, 'review', 'department');
    if (isRefusal(next)) throw new AppError(E.GOVSERVICE_TRANSITION_ILLEGAL, { status: row.status });
    const note = input.note?.trim() || null;
    if (input.decision === 'reject' && !note) throw new AppError(E.GOVSERVICE_NOTE_REQUIRED);
    const now = nowOf(ctx);
    await repo.updatePart(tx, part.id, { status: input.decision === 'approve' ? 'approved' : 'rejected', publicNote: note, internalNote: input.internalNote?.trim() || null, decidedBy: staff.staffId, decidedAt: now });
    let updated = await repo.updateApplication(tx, id, { status: next.status, updatedAt: now });
    await repo.insertEvent(tx, {
      applicationId: id, action: 'review', fromStatus: row.status, toStatus: next.status, department: staff.department,
      publicNote: `${staff.department}${part.itemCode ? `（${memberName(row, part.itemCode, (await repo.versionById(tx, row.itemVersionId))!.content)}）` : ''}${input.decision === 'approve' ? '审查通过' : '审查不通过'}`, internalNote: input.internalNote?.trim() || null,
      actorType: 'staff', actorId: staff.staffId, at: now,
    });
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'govservice.application.review', subjectType: 'gs_application', subjectId: id, regionCode: row.regionCode, detail: { decision: input.decision, department: staff.department, ...(part.itemCode ? { itemCode: part.itemCode } : {}) } });
    updated = await mergeAndDecide(ctx, tx, updated, now, prepared);
    return updated.status;
  });
}

/** Applies the merged decision of the parts (一窗受理) when there is one. */
async function mergeAndDecide(ctx: AppContext, tx: Tx, row: repo.ApplicationRow, now: Date, prepared: PreparedResult | null): Promise<repo.ApplicationRow> {
  const parts = await repo.partsOf(tx, [row.id]);
  const merged = mergeParts(parts.map((p) => p.status as 'pending' | 'approved' | 'rejected'), row.missingMaterials.length);
  if (merged === 'wait') return row;
  const next = transition(row.status as ApplicationStatus, merged, 'system');
  if (isRefusal(next)) return row;
  const content = (await repo.versionById(tx, row.itemVersionId))!.content;
  const reasons = parts.filter((p) => p.status === 'rejected').map((p) => `${p.department}${p.itemCode ? `（${memberName(row, p.itemCode, content)}）` : ''}：${p.publicNote ?? ''}`).join('；');
  const updated = await repo.updateApplication(tx, row.id, { status: next.status, decidedAt: now, decisionNote: merged === 'refuse' ? reasons : null, updatedAt: now });
  await repo.insertEvent(tx, {
    applicationId: row.id, action: merged, fromStatus: row.status, toStatus: next.status, actorType: 'system', at: now,
    publicNote: merged === 'approve' ? '各部门审查通过，准予办理' : `不予办理：${reasons}`,
  });
  const version = (await repo.versionById(tx, row.itemVersionId))!;
  const item = (await repo.itemById(tx, row.itemId))!;
  await decide(ctx, tx, updated, item, version.content, merged === 'approve' ? 'approved' : 'rejected', now, prepared);
  // 不予许可决定书: the departments' merged refusal is issued as a signed PDF too.
  if (merged === 'refuse') await storeRefusalDocument(ctx, tx, updated, item.code, version.content, reasons, now);
  return updated;
}

/** Renders the result of an application that may be approved in the coming transaction. */
async function resultIfApproved(ctx: AppContext, row: repo.ApplicationRow): Promise<PreparedResult> {
  const [version, item] = await Promise.all([repo.versionById(ctx.db, row.itemVersionId), repo.itemById(ctx.db, row.itemId)]);
  const now = nowOf(ctx);
  return prepareResult(ctx, row, item!.code, version!.content, newNumber('GSR', now), now);
}

/** Whether a department's approval of its part would complete the merged approval (every other part approved, nothing missing). */
async function approvalLikely(ctx: AppContext, row: repo.ApplicationRow, department: string, itemCode: string | null): Promise<boolean> {
  if (row.missingMaterials.length > 0) return false;
  const parts = await repo.partsOf(ctx.db, [row.id]);
  const part = pickPart(parts, department, itemCode);
  return part?.status === 'pending' && parts.every((p) => p.id === part.id || p.status === 'approved');
}

/**
 * The part an officer decides: their department's, and for a bundle whose several members the
 * department reviews, the member named by `itemCode` (without it: the department's only pending part,
 * else none — the officer must say which item).
 */
function pickPart(parts: repo.PartRow[], department: string, itemCode: string | null): repo.PartRow | undefined {
  const mine = parts.filter((p) => p.department === department);
  if (itemCode) return mine.find((p) => p.itemCode === itemCode);
  if (mine.length === 1) return mine[0];
  const pending = mine.filter((p) => p.status === 'pending');
  if (pending.length > 1) throw new AppError(E.GOVSERVICE_PART_AMBIGUOUS, { items: pending.map((p) => p.itemCode) });
  return pending[0] ?? mine[0];
}

const memberName = (_row: repo.ApplicationRow, code: string, c: ItemContent) => c.bundle?.members.find((m) => m.code === code)?.name ?? code;

/** A final decision: the result record on approval, the applicant's notice, and the module event (documents, delivery). */
async function decide(
  ctx: AppContext, tx: Tx, row: repo.ApplicationRow, item: repo.ItemRow, c: ItemContent, decision: 'approved' | 'rejected', now: Date, prepared: PreparedResult | null,
): Promise<void> {
  let resultId: string | null = null;
  if (decision === 'approved') {
    const holder = row.applicantType === 'enterprise' ? row.enterpriseName! : ctx.cipher.decrypt(row.applicantNameCipher)!;
    // Normally prepared before the transaction; rendered here only when another officer's concurrent decision made this one the last.
    const ready = prepared ?? (await prepareResult(ctx, row, item.code, c, newNumber('GSR', now), now));
    const result = await repo.insertResult(tx, {
      applicationId: row.id, number: ready.number, title: c.resultTitle, holderCipher: ctx.cipher.encrypt(holder)!, issuedAt: now, fields: resultFields(row, item.code, c, now),
    });
    await storeResultArtifacts(ctx, tx, row, c, result, ready, now);
    resultId = result.id;
  }
  await sendNotices(ctx, tx, [notice(row, decision, decision === 'approved'
    ? { zh: '办件已办结（准予）', en: 'Application approved' } : { zh: '办件已办结（不予办理）', en: 'Application refused' },
  decision === 'approved'
    ? { zh: `您的办件 ${row.number}（${c.name}）已准予办理。`, en: `Application ${row.number} (${c.name}) was approved.` }
    : { zh: `您的办件 ${row.number}（${c.name}）不予办理，原因见办件详情。`, en: `Application ${row.number} was refused; see the reasons in its details.` })]);
  await ctx.modules.emit(ctx, GovserviceApplicationDecided, {
    tx, applicationId: row.id, number: row.number, regionCode: row.regionCode, citizenId: row.citizenId, itemCode: item.code, decision, resultId, wantsExpress: row.wantsExpress,
  });
}

/** The inspections (告知承诺 事后核查) of the officer's department. */
export async function inspectionsForStaff(ctx: AppContext, principal: Principal) {
  const staff = asStaff(principal);
  return repo.inspectionsOfDepartment(ctx.db, staff.department, regionPrefix(staff.regionCode));
}

/** Records an inspection outcome; a failure revokes the approval and its result (告知承诺 broken). */
export async function recordInspection(ctx: AppContext, principal: Principal, id: string, input: { outcome: 'passed' | 'failed'; note?: string | null }, meta: RequestMeta): Promise<string> {
  assertStorableText(input);
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const inspection = await repo.findInspection(tx, id, true);
    if (!inspection || inspection.department !== staff.department) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, inspection.regionCode);
    if (inspection.status !== 'open') throw new AppError(E.GOVSERVICE_INSPECTION_DECIDED);
    const note = input.note?.trim() || null;
    if (input.outcome === 'failed' && !note) throw new AppError(E.GOVSERVICE_NOTE_REQUIRED);
    const now = nowOf(ctx);
    await repo.updateInspection(tx, id, { status: input.outcome, note, decidedBy: staff.staffId, decidedAt: now });
    const row = (await repo.findApplication(tx, inspection.applicationId, true))!;
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'govservice.inspection.record', subjectType: 'gs_application', subjectId: row.id, regionCode: row.regionCode, detail: { outcome: input.outcome } });
    if (input.outcome === 'passed') {
      await repo.insertEvent(tx, { applicationId: row.id, action: 'inspect', fromStatus: row.status, toStatus: row.status, publicNote: '事后核查：承诺属实', actorType: 'staff', actorId: staff.staffId, department: staff.department, at: now });
      return row.status;
    }
    const next = transition(row.status as ApplicationStatus, 'revoke', 'system');
    if (isRefusal(next)) throw new AppError(E.GOVSERVICE_TRANSITION_ILLEGAL, { status: row.status });
    const updated = await repo.updateApplication(tx, row.id, { status: next.status, decisionNote: note, updatedAt: now });
    await repo.revokeResult(tx, row.id, now);
    await revokeResultDocuments(ctx, tx, staff, row.id, `事后核查发现承诺不实：${note}`, meta);
    await repo.insertEvent(tx, { applicationId: row.id, action: 'revoke', fromStatus: row.status, toStatus: next.status, publicNote: `事后核查发现承诺不实，撤销准予决定：${note}`, actorType: 'system', at: now });
    const item = (await repo.itemById(tx, row.itemId))!;
    await sendNotices(ctx, tx, [notice(updated, 'revoked', { zh: '准予决定已撤销', en: 'Approval revoked' }, { zh: `您的办件 ${row.number} 经事后核查承诺不实，准予决定已撤销。`, en: `Application ${row.number}: the commitment was found untrue; the approval is revoked.` })]);
    const result = await repo.resultOf(tx, row.id);
    await ctx.modules.emit(ctx, GovserviceApplicationDecided, {
      tx, applicationId: row.id, number: row.number, regionCode: row.regionCode, citizenId: row.citizenId, itemCode: item.code, decision: 'revoked', resultId: result?.id ?? null, wantsExpress: row.wantsExpress,
    });
    return next.status;
  });
}

// ------------------------------------------------------------------------------------------------
// 容缺受理: reminders before the promised day, escalation after it

export const SUPPLY_JOB = 'govservice.supply-watch';

/**
 * Reminds applicants whose missing materials are due within one working day (once), and escalates the
 * ones past the promised day (once): a timeline entry, the window's queue flag, the applicant's notice.
 */
export async function runSupplyWatch(ctx: AppContext, now: Date = nowOf(ctx)): Promise<{ reminded: number; escalated: number }> {
  const calendar = await loadCalendar(ctx.db);
  const today = dayOf(now);
  const rows = await repo.awaitingSupply(ctx.db);
  let reminded = 0;
  let escalated = 0;
  for (const row of rows) {
    const due = row.supplyBy!;
    const endOfDue = new Date(startOfDay(addDays(due, 1)).getTime() - 1);
    await ctx.db.transaction(async (tx) => {
      if (now.getTime() > endOfDue.getTime()) {
        const updated = await repo.updateApplication(tx, row.id, { supplyEscalatedAt: now, updatedAt: now });
        await repo.insertEvent(tx, { applicationId: row.id, action: 'escalate', fromStatus: row.status, toStatus: row.status, publicNote: `容缺材料未在承诺期限（${due}）内补交，已转窗口督办`, actorType: 'system', at: now });
        await appendAudit(tx, { actor: { kind: 'system', id: SUPPLY_JOB }, action: 'govservice.application.escalate', subjectType: 'gs_application', subjectId: row.id, regionCode: row.regionCode, detail: { supplyBy: due } });
        await sendNotices(ctx, tx, [notice(updated, 'supply-overdue', { zh: '容缺材料补交已逾期', en: 'Missing materials overdue' }, { zh: `您的办件 ${row.number} 容缺材料未在 ${due} 前补交，请尽快补交。`, en: `Application ${row.number}: the missing materials were due by ${due}.` })]);
        escalated++;
      } else if (!row.supplyRemindedAt && addWorkingDays(today, 1, calendar) >= due) {
        const updated = await repo.updateApplication(tx, row.id, { supplyRemindedAt: now, updatedAt: now });
        await sendNotices(ctx, tx, [notice(updated, 'supply-reminder', { zh: '请按期补交容缺材料', en: 'Please supply the missing materials' }, { zh: `您的办件 ${row.number} 请于 ${due} 前补交容缺材料。`, en: `Application ${row.number}: supply the missing materials by ${due}.` })]);
        reminded++;
      }
    });
  }
  return { reminded, escalated };
}

// ------------------------------------------------------------------------------------------------
// Figures

export async function figuresFor(ctx: AppContext, principal: Principal, meta: RequestMeta, range: { from?: string; to?: string; department?: string } = {}) {
  const staff = asStaff(principal);
  assertStorableText(range);
  for (const field of ['from', 'to'] as const) if (range[field] && !isDay(range[field]!)) throw new AppError(CommonErrors.VALIDATION_FAILED, { field });
  // Days are China days: [from 00:00, to + 1 day 00:00) China time.
  const from = range.from ? startOfDay(range.from) : null;
  const to = range.to ? startOfDay(addDays(range.to, 1)) : null;
  if (from && to && from.getTime() >= to.getTime()) throw new AppError(CommonErrors.VALIDATION_FAILED, { field: 'to' });
  const f = await repo.figures(ctx.db, regionPrefix(staff.regionCode), { from, to, department: range.department?.trim() || null });
  // Bundles (一件事一次办) are not service items of their own: the counts per mode are of items.
  const items = (await repo.publishedItems(ctx.db, null, null)).filter((i) => i.item.kind === 'item' && regionContains(staff.regionCode, i.item.regionCode));
  await recordAudit(ctx.db, { ...auditBase(staff, meta), action: 'govservice.figures.read', subjectType: 'gs_application', regionCode: staff.regionCode || null });
  return {
    ...f,
    items: {
      total: items.length,
      tolerance: items.filter((i) => i.version.content.modes.tolerance).length,
      commitment: items.filter((i) => i.version.content.modes.commitment).length,
      priority: items.filter((i) => i.version.content.modes.priority).length,
    },
  };
}

export type { FormValues };
