import { addWorkingDays, type WorkingCalendar } from '../../platform/calendar/index.ts';
import { dayOf } from '@fangxian/contracts/kernel';
import type { ApplicationStatus, FormValues, ItemContent } from '@fangxian/contracts/govservice';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { maskAddress, maskIdNumber, maskName, maskPhone } from '../../platform/crypto/masking.ts';
import type { ApplicationRow, EventRow, ItemRow, PartRow, VersionRow } from './govservice.repository.ts';
import { actionsFrom, isOverdue } from './govservice.rules.ts';
import { RATEABLE, type ResultExtras } from './govservice.results.ts';
import type { ApplicationView } from './govservice.service.ts';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** A catalogue line (public). */
export function presentItemSummary(item: ItemRow, version: VersionRow) {
  const c = version.content;
  return {
    code: item.code, name: c.name, type: c.type, department: c.department, regionCode: item.regionCode, version: version.version,
    legalLimitDays: c.legalLimitDays, promisedLimitDays: c.promisedLimitDays, visits: c.visits, channels: c.channels, applicantTypes: c.applicantTypes,
    modes: { tolerance: c.modes.tolerance !== null, commitment: c.modes.commitment !== null, priority: c.modes.priority },
    kind: item.kind as 'item' | 'bundle',
    remoteVerification: c.remoteVerification === true,
    bundleItems: c.bundle ? c.bundle.members.map((m) => ({ code: m.code, name: m.name, department: m.department })) : [],
  };
}

/** An item's guide (办事指南): the whole published implementation list. */
export function presentItemGuide(item: ItemRow, version: VersionRow) {
  return { ...presentItemSummary(item, version), publishedAt: iso(version.publishedAt), content: version.content };
}

/** An item in the console editor: its versions, the draft if any. */
export function presentItemForStaff(item: ItemRow, versions: VersionRow[]) {
  return {
    id: item.id, code: item.code, kind: item.kind as 'item' | 'bundle', regionCode: item.regionCode, name: item.name, department: item.department,
    publishedVersion: versions.find((v) => v.id === item.publishedVersionId)?.version ?? null,
    draftVersion: versions.find((v) => v.id === item.draftVersionId)?.version ?? null,
    versions: versions.map((v) => ({ version: v.version, status: v.status, publishedAt: iso(v.publishedAt), content: v.content })),
  };
}

/** The timeline as the applicant sees it: what happened, the status, the department's name and the public note — never an officer or an internal note. */
export function presentTimeline(events: EventRow[]) {
  return events.map((e) => ({ action: e.action, status: e.toStatus as ApplicationStatus, department: e.department, note: e.publicNote, at: e.at.toISOString() }));
}

const memberName = (c: ItemContent, code: string) => (code ? (c.bundle?.members.find((m) => m.code === code)?.name ?? code) : null);

/**
 * 一件事一次办: what a department officer (not the window) sees of a bundle application — the form fields
 * and materials of the member items their department reviews; null = everything (an ordinary item, the window).
 */
export function departmentShare(c: ItemContent, parts: PartRow[], department: string, window: boolean): { fields: Set<string>; materials: Set<string> } | null {
  if (!c.bundle || window) return null;
  const codes = new Set(parts.filter((p) => p.department === department).map((p) => p.itemCode));
  const members = c.bundle.members.filter((m) => codes.has(m.code) || m.department === department);
  return { fields: new Set(members.flatMap((m) => m.fieldKeys)), materials: new Set(members.flatMap((m) => m.materialKeys)) };
}

function materialsOf(c: ItemContent, row: ApplicationRow) {
  return c.materials.map((m) => ({
    key: m.key, name: m.name, required: m.required, form: m.form, count: m.count, secondary: m.secondary,
    fileIds: row.materials.find((x) => x.key === m.key)?.fileIds ?? [],
    missing: row.missingMaterials.includes(m.key),
    correction: row.corrections.find((x) => x.key === m.key)?.comment ?? null,
  }));
}

function base(v: ApplicationView, now: Date) {
  const { row, version } = v;
  const c = version.content;
  return {
    id: row.id, number: row.number, status: row.status as ApplicationStatus, mode: row.mode as 'normal' | 'tolerance' | 'commitment',
    item: { code: v.item.code, name: c.name, version: version.version, department: c.department, promisedLimitDays: c.promisedLimitDays },
    regionCode: row.regionCode, applicantType: row.applicantType as 'person' | 'enterprise',
    enterprise: row.enterpriseName ? { name: row.enterpriseName, creditCode: row.enterpriseCode ?? '' } : null,
    materials: materialsOf(c, row),
    missingMaterials: row.missingMaterials, supplyBy: row.supplyBy, supplyOverdue: row.supplyEscalatedAt !== null,
    priorityRequested: row.priorityRequested, greenChannel: row.greenChannel, wantsExpress: row.wantsExpress,
    commitment: c.modes.commitment && row.mode === 'commitment' ? { text: c.modes.commitment.text, signedAt: iso(row.commitmentSignedAt) } : null,
    parts: v.parts.map((p) => ({ department: p.department, itemCode: p.itemCode || null, itemName: memberName(c, p.itemCode), status: p.status as 'pending' | 'approved' | 'rejected', note: p.publicNote, decidedAt: iso(p.decidedAt) })),
    inspection: v.inspection ? { id: v.inspection.id, department: v.inspection.department, status: v.inspection.status, dueAt: v.inspection.dueAt.toISOString(), note: v.inspection.note } : null,
    result: v.result ? { number: v.result.number, title: v.result.title, fields: v.result.fields, issuedAt: v.result.issuedAt.toISOString(), revokedAt: iso(v.result.revokedAt) } : null,
    decisionNote: row.decisionNote,
    remoteVerification: c.remoteVerification === true,
    verifications: v.verifications,
    project: v.project,
    bundleItems: c.bundle ? c.bundle.members.map((m) => ({ code: m.code, name: m.name, department: m.department, version: m.version })) : [],
    submittedAt: iso(row.submittedAt), acceptedAt: iso(row.acceptedAt), dueAt: iso(row.dueAt), decidedAt: iso(row.decidedAt),
    overdue: isOverdue(row.status as ApplicationStatus, row.dueAt, now),
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}

function readForm(cipher: FieldCipher, row: ApplicationRow): FormValues {
  return JSON.parse(cipher.decrypt(row.formCipher) ?? '{}') as FormValues;
}

/** The applicant's own application: their data in clear, the timeline, what they may do next. */
export function presentOwn(v: ApplicationView & { extras: ResultExtras }, cipher: FieldCipher, now: Date) {
  const { document, shipments, evaluation } = v.extras;
  return {
    document: document
      ? { id: document.row.id, code: document.row.code, title: document.row.title, issuedAt: document.row.issuedAt.toISOString(), revokedAt: iso(document.row.revokedAt), revokeReason: document.row.revokeReason, verifyUrl: document.verifyUrl }
      : null,
    shipments: shipments.map(({ row: s, events }) => ({
      number: s.number, direction: s.direction as 'outbound' | 'return', status: s.status, carrier: s.carrier, trackingNumber: s.trackingNumber, contents: s.contents,
      address: cipher.decrypt(s.addressCipher) ?? '', createdAt: s.createdAt.toISOString(),
      timeline: events.map((e) => ({ status: e.status, at: e.at.toISOString(), note: e.note })),
    })),
    evaluation: evaluation ? { level: evaluation.level, comment: evaluation.comment, at: evaluation.createdAt.toISOString() } : null,
    canRate: !evaluation && RATEABLE.includes(v.row.status),
    ...base(v, now),
    applicantName: cipher.decrypt(v.row.applicantNameCipher) ?? '',
    phone: cipher.decrypt(v.row.phoneCipher),
    deliveryAddress: cipher.decrypt(v.row.deliveryAddressCipher),
    priorityReason: v.row.priorityReason,
    form: readForm(cipher, v.row),
    formSchema: v.version.content.form,
    actions: actionsFrom(v.row.status as ApplicationStatus, 'applicant'),
    canSupply: ['accepted', 'under_review'].includes(v.row.status) && v.row.missingMaterials.length > 0,
    timeline: presentTimeline(v.events),
  };
}

/** Form values as staff see them: ID numbers and phones masked. */
function maskForm(c: ItemContent, values: FormValues): FormValues {
  const out: FormValues = {};
  for (const [k, val] of Object.entries(values)) {
    const f = c.form.fields.find((x) => x.key === k);
    out[k] = typeof val === 'string' && f?.type === 'id_number' ? maskIdNumber(val) : typeof val === 'string' && f?.type === 'phone' ? maskPhone(val) : val;
  }
  return out;
}

/** An application for an officer: personal data masked, the full history with internal notes, the officer's possible actions. */
export function presentForStaff(v: ApplicationView & { as: { window: boolean; department: boolean; handler?: boolean }; staffDepartment: string }, cipher: FieldCipher, now: Date) {
  const c = v.version.content;
  const myParts = v.parts.filter((p) => p.department === v.staffDepartment);
  const share = departmentShare(c, v.parts, v.staffDepartment, v.as.window || (v.as.handler ?? false));
  const b = base(v, now);
  const form = maskForm(c, readForm(cipher, v.row));
  return {
    ...b,
    materials: share ? b.materials.filter((m) => share.materials.has(m.key)) : b.materials,
    applicant: {
      name: maskName(cipher.decrypt(v.row.applicantNameCipher)), document: maskIdNumber(cipher.decrypt(v.row.applicantDocumentCipher)),
      phone: maskPhone(cipher.decrypt(v.row.phoneCipher)), agentName: v.row.agentNameCipher ? maskName(cipher.decrypt(v.row.agentNameCipher)) : null,
      deliveryAddress: v.row.deliveryAddressCipher ? maskAddress(cipher.decrypt(v.row.deliveryAddressCipher)) : null,
    },
    priorityReason: v.row.priorityReason, greenChannelReason: v.row.greenChannelReason,
    commitmentSigned: v.row.commitmentSignedAt !== null,
    form: share ? Object.fromEntries(Object.entries(form).filter(([k]) => share.fields.has(k))) : form,
    formSchema: share ? { fields: c.form.fields.filter((f) => share.fields.has(f.key)) } : c.form,
    internalParts: v.parts.map((p) => ({ department: p.department, itemCode: p.itemCode || null, itemName: memberName(c, p.itemCode), status: p.status, note: p.publicNote, internalNote: p.internalNote, decidedAt: iso(p.decidedAt) })),
    history: v.events.map((e) => ({
      action: e.action, fromStatus: e.fromStatus, status: e.toStatus, actorType: e.actorType, department: e.department, note: e.publicNote, internalNote: e.internalNote, at: e.at.toISOString(),
    })),
    as: { window: v.as.window, department: v.as.department, handler: v.as.handler ?? false },
    reviewItems: myParts.filter((p) => p.status === 'pending' && p.itemCode).map((p) => ({ code: p.itemCode, name: memberName(c, p.itemCode) ?? p.itemCode })),
    windowActions: v.as.window ? actionsFrom(v.row.status as ApplicationStatus, 'window').filter(() => v.row.mode !== 'commitment') : [],
    canReview: v.as.department && myParts.some((p) => p.status === 'pending') && ['accepted', 'under_review'].includes(v.row.status),
    canInspect: v.inspection?.status === 'open' && v.inspection.department === v.staffDepartment,
  };
}

/** A workbench line: no personal data but the masked name. */
export function presentQueueLine(row: ApplicationRow, itemName: string, parts: PartRow[], cipher: FieldCipher, now: Date, calendar: WorkingCalendar) {
  const today = dayOf(now);
  const dueDay = row.dueAt ? dayOf(row.dueAt) : null;
  return {
    id: row.id, number: row.number, itemName, status: row.status as ApplicationStatus, mode: row.mode as 'normal' | 'tolerance' | 'commitment',
    applicantType: row.applicantType as 'person' | 'enterprise',
    applicant: row.enterpriseName ?? maskName(cipher.decrypt(row.applicantNameCipher)),
    regionCode: row.regionCode, greenChannel: row.greenChannel, priorityRequested: row.priorityRequested,
    missing: row.missingMaterials.length, supplyBy: row.supplyBy, supplyOverdue: row.supplyEscalatedAt !== null,
    submittedAt: iso(row.submittedAt), dueAt: iso(row.dueAt),
    overdue: isOverdue(row.status as ApplicationStatus, row.dueAt, now),
    /** Overdue warning: due today or on the next working day. */
    dueSoon: dueDay !== null && !isOverdue(row.status as ApplicationStatus, row.dueAt, now) && ['accepted', 'under_review'].includes(row.status) && dueDay <= addWorkingDays(today, 1, calendar),
    parts: parts.filter((p) => p.applicationId === row.id).map((p) => ({ department: p.department, itemCode: p.itemCode || null, status: p.status as 'pending' | 'approved' | 'rejected' })),
  };
}
