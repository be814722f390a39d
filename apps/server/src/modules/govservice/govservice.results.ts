/**
 * What an approval produces beyond the result record: the signed PDF result (platform/documents),
 * the result shipment when the applicant asked for express delivery (platform/delivery), and the
 * applicant's 好差评 rating of the handling (platform/evaluations).
 */
import { dayOf } from '@fangxian/contracts/kernel';
import type { ItemContent } from '@fangxian/contracts/govservice';
import type { Principal } from '../../platform/access/principal.ts';
import type { Tx } from '../../platform/db/database.ts';
import { createShipmentIn, saveAddressIn, shipmentsOfSource, timelineOf, LocalCarrierAdapter } from '../../platform/delivery/index.ts';
import { documentsOfSource, prepareDocument, revokeDocument, storeDocument, verifyUrlOf, type PreparedDocument } from '../../platform/documents/index.ts';
import { evaluationsOfSource, recordEvaluation } from '../../platform/evaluations/index.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { GovserviceErrors as E } from './govservice.errors.ts';
import * as repo from './govservice.repository.ts';
import { assertStorableText } from './govservice.text.ts';

/** The source type of the documents, shipments and evaluations of an application. */
export const SOURCE = 'govservice.application';
/** The carrier result shipments go by: the local adapter's (the stand-in for a contracted carrier). */
export const RESULT_CARRIER = LocalCarrierAdapter.carriers[0];

/** A result prepared before the decision's transaction: its number and, when the font is there, its signed PDF. */
export interface PreparedResult {
  number: string;
  document: PreparedDocument | null;
}

const holderOf = (ctx: AppContext, row: repo.ApplicationRow) => (row.applicantType === 'enterprise' ? row.enterpriseName! : ctx.cipher.decrypt(row.applicantNameCipher)!);

/** The result record's public fields (also the facts printed on the PDF: no ID numbers, no phones). */
export function resultFields(row: repo.ApplicationRow, itemCode: string, c: ItemContent, now: Date): Record<string, string> {
  return {
    item: c.name, itemCode, application: row.number, department: c.department,
    ...(row.enterpriseCode ? { creditCode: row.enterpriseCode } : {}), mode: row.mode, issuedOn: dayOf(now),
    ...(c.bundle ? { items: c.bundle.members.map((m) => `${m.name}（${m.code}）`).join('、') } : {}),
  };
}

const MODE_NAMES: Record<string, string> = { normal: '一般程序', tolerance: '容缺受理', commitment: '告知承诺' };

/**
 * Renders and signs the approval letter of an application (CPU work, about two seconds): called
 * before the transaction that may approve it. Without the CJK font the result is recorded without a
 * PDF (DOCUMENTS_FONT_MISSING is not a reason to hold back an approval).
 */
export async function prepareResult(ctx: AppContext, row: repo.ApplicationRow, itemCode: string, c: ItemContent, number: string, now: Date): Promise<PreparedResult> {
  const f = resultFields(row, itemCode, c, now);
  const facts = [
    { label: '事项名称', value: `${c.name}（${itemCode}）` },
    ...(f.items ? [{ label: '一件事包含事项', value: f.items }] : []),
    { label: '办件编号', value: row.number },
    { label: '决定书编号', value: number },
    ...(f.creditCode ? [{ label: '统一社会信用代码', value: f.creditCode }] : []),
    { label: '办理方式', value: MODE_NAMES[row.mode] ?? row.mode },
    { label: '决定', value: row.mode === 'commitment' ? '准予办理（告知承诺，接受事后核查）' : '准予办理' },
  ];
  try {
    const document = await prepareDocument(ctx, {
      kind: c.type === 'administrative_licence' ? 'certificate' : 'approval_letter', title: c.resultTitle, facts, holderName: holderOf(ctx, row), holderCitizenId: row.citizenId,
      issuerDepartment: c.department, regionCode: row.regionCode, sourceType: SOURCE, sourceId: row.id,
    }, now);
    return { number, document };
  } catch (e) {
    if (e instanceof AppError && e.code === 'DOCUMENTS_FONT_MISSING') {
      ctx.log.warn({ applicationId: row.id }, 'govservice: no CJK font, result recorded without its PDF');
      return { number, document: null };
    }
    throw e;
  }
}

/**
 * 不予许可决定书: the merged refusal of the departments is issued as a signed PDF like an approval
 * (kind `refusal_letter`, facts: the item, the application, each refusing department's reason; no
 * personal data), rendered and stored in the decision's transaction. Without the CJK font the refusal
 * stands without its PDF (logged).
 */
export async function storeRefusalDocument(ctx: AppContext, tx: Tx, row: repo.ApplicationRow, itemCode: string, c: ItemContent, reasons: string, now: Date): Promise<void> {
  const facts = [
    { label: '事项名称', value: `${c.name}（${itemCode}）` },
    ...(c.bundle ? [{ label: '一件事包含事项', value: c.bundle.members.map((m) => `${m.name}（${m.code}）`).join('、') }] : []),
    { label: '办件编号', value: row.number },
    ...(row.enterpriseCode ? [{ label: '统一社会信用代码', value: row.enterpriseCode }] : []),
    { label: '决定', value: '不予许可（不予办理）' },
    { label: '理由', value: reasons },
    { label: '救济途径', value: '如不服本决定，可自收到之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。' },
  ];
  try {
    const document = await prepareDocument(ctx, {
      kind: 'refusal_letter', title: `${c.name}不予许可决定书`, facts, holderName: holderOf(ctx, row), holderCitizenId: row.citizenId,
      issuerDepartment: c.department, regionCode: row.regionCode, sourceType: SOURCE, sourceId: row.id,
    }, now);
    await storeDocument(tx, document, { actor: { kind: 'system', id: 'govservice' } });
  } catch (e) {
    if (e instanceof AppError && e.code === 'DOCUMENTS_FONT_MISSING') {
      ctx.log.warn({ applicationId: row.id }, 'govservice: no CJK font, refusal recorded without its PDF');
      return;
    }
    throw e;
  }
}

/**
 * In the approval's transaction: stores the signed PDF, and when the applicant asked for express
 * delivery, saves the address they gave to their address book and creates the result shipment
 * (department → applicant) through the carrier's adapter.
 */
export async function storeResultArtifacts(ctx: AppContext, tx: Tx, row: repo.ApplicationRow, c: ItemContent, result: repo.ResultRow, prepared: PreparedResult, now: Date): Promise<void> {
  const actor = { kind: 'system' as const, id: 'govservice' };
  if (prepared.document) await storeDocument(tx, prepared.document, { actor });
  if (row.wantsExpress && row.deliveryAddressCipher) {
    const person = await repo.citizenIdentity(tx, row.citizenId);
    const phone = ctx.cipher.decrypt(row.phoneCipher) ?? ctx.cipher.decrypt(person?.phoneCipher ?? null);
    const recipient = ctx.cipher.decrypt(row.applicantNameCipher) ?? '';
    const address = await saveAddressIn(ctx, tx, row.citizenId, { recipient, phone: phone ?? '', address: ctx.cipher.decrypt(row.deliveryAddressCipher)!, regionCode: row.regionCode });
    await createShipmentIn(ctx, tx, actor, {
      direction: 'return', addressId: address.id, regionCode: row.regionCode, department: c.department,
      contents: `${result.title}（${result.number}）`, carrier: RESULT_CARRIER, sourceType: SOURCE, sourceId: row.id,
    }, undefined, now);
  }
}

/** In the revocation's transaction: revokes the application's valid documents with the reason (audited by documents). */
export async function revokeResultDocuments(ctx: AppContext, tx: Tx, actor: Principal, applicationId: string, reason: string, meta: RequestMeta): Promise<void> {
  for (const doc of await documentsOfSource(tx, SOURCE, applicationId)) {
    if (!doc.revokedAt) await revokeDocument(ctx, actor, doc.id, reason, meta, tx);
  }
}

/** The applicant's view of an application's document, shipments (with their timelines) and rating. */
export async function resultExtras(ctx: AppContext, applicationId: string) {
  const [documents, shipments, evaluations] = await Promise.all([
    documentsOfSource(ctx.db, SOURCE, applicationId), shipmentsOfSource(ctx, SOURCE, applicationId), evaluationsOfSource(ctx, SOURCE, applicationId),
  ]);
  const timelines = await timelineOf(ctx, shipments.map((s) => s.id));
  return {
    document: documents[0] ? { row: documents[0], verifyUrl: verifyUrlOf(ctx, documents[0].code) } : null,
    shipments: shipments.map((s) => ({ row: s, events: timelines.get(s.id) ?? [] })),
    evaluation: evaluations[0] ?? null,
  };
}
export type ResultExtras = Awaited<ReturnType<typeof resultExtras>>;

/** The statuses after which the applicant may rate the handling (a final decision). */
export const RATEABLE = ['approved', 'rejected', 'revoked'];

/**
 * 好差评: the applicant rates the handling of a decided application, once, on the five national
 * levels; recorded under the item and its lead department; 不满意 / 非常不满意 open the department's
 * rectification task (platform/evaluations).
 */
export async function rateOwn(
  ctx: AppContext, citizen: Extract<Principal, { kind: 'citizen' }>, id: string, input: { level: number; comment?: string | null }, meta: RequestMeta, now: Date,
): Promise<void> {
  assertStorableText(input);
  await ctx.db.transaction(async (tx) => {
    const row = await repo.findApplication(tx, id, true);
    if (!row || row.citizenId !== citizen.citizenId) throw new AppError(CommonErrors.NOT_FOUND);
    if (!RATEABLE.includes(row.status)) throw new AppError(E.GOVSERVICE_TRANSITION_ILLEGAL, { status: row.status });
    const version = (await repo.versionById(tx, row.itemVersionId))!;
    const item = (await repo.itemById(tx, row.itemId))!;
    await recordEvaluation(tx, {
      sourceType: SOURCE, sourceId: row.id, handling: 1, subjectCode: item.code, subjectName: version.content.name, department: version.content.department,
      regionCode: row.regionCode, citizenId: citizen.citizenId, level: input.level, comment: input.comment ?? null, channel: 'app',
    }, { actor: citizen, meta }, now);
  });
}
