import ExcelJS from 'exceljs';
import { addDays, isDay, todayInChina } from '@fangxian/contracts/kernel';
import type { Principal } from '../../platform/access/principal.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { day as dayCell, eachImportRow, type RejectedRow, type RowRejection } from './tracing.import.ts';
import * as repo from './tracing.repository.ts';
import { normaliseTripNumber, publicLabel, tripContactLevel, type TripContactLevel, type TripMode } from './tracing.rules.ts';
import { assertSeat } from './tracing.service.ts';
import type { BatchField, BatchMatch as ContractBatchMatch, BatchRejectReason, BatchRowResult as ContractBatchRowResult, BatchVerdict, CaseStatus } from '@fangxian/contracts/tracing';
import { BATCH_FIELD_TEXT, BATCH_REJECT_TEXT, BATCH_VERDICT_TEXT, TRIP_MODE_TEXT, wordWith } from '@fangxian/contracts/tracing-texts';
import type { BilingualText } from '@fangxian/contracts/kernel/status-texts';

/**
 * Organisation batch check (单位批量核查): an organisation uploads its staff's trips (XLSX, first
 * sheet, a header row) and gets each row's verdict by the same pure rules as the citizen self-check
 * (tripContactLevel), compared in one statement against the published, de-identified trips only.
 * Nothing of the list is stored: the names and phones the organisation typed come back to it in its
 * own answer and are never logged (the audit entry carries counts only). Bad rows come back with line,
 * field and reason; the good rows are checked.
 */

const COLUMNS: Record<string, BatchField> = {
  姓名: 'name', name: 'name',
  手机号: 'contact', 手机号码: 'contact', 联系方式: 'contact', '手机号或证件号后四位': 'contact', phone: 'contact', contact: 'contact',
  交通方式: 'mode', 出行方式: 'mode', mode: 'mode', kind: 'mode',
  车次航班号: 'number', '车次/航班号': 'number', 车次: 'number', 航班号: 'number', 班次: 'number', number: 'number',
  日期: 'date', 出行日期: 'date', date: 'date',
  '车厢/舱室': 'carriage', 车厢: 'carriage', 舱室: 'carriage', carriage: 'carriage', cabin: 'carriage',
  排: 'row', 排号: 'row', row: 'row',
  座位: 'seat', 座位号: 'seat', seat: 'seat',
  地点: 'place', 场所: 'place', 场所名称: 'place', place: 'place',
  开始时间: 'from', 到达时间: 'from', from: 'from',
  结束时间: 'to', 离开时间: 'to', to: 'to',
};
/** Words of the mode column that mark a place row (a stay at a place, not a trip). */
const PLACE_MODES = new Set(['场所', '地点', '停留', 'place', 'stay']);

const MODES: Record<string, TripMode> = {
  火车: 'train', 列车: 'train', 高铁: 'train', 动车: 'train', train: 'train',
  飞机: 'flight', 航班: 'flight', flight: 'flight',
  长途客车: 'coach', 客车: 'coach', 大巴: 'coach', coach: 'coach',
  公交: 'bus', 公交车: 'bus', bus: 'bus',
  轮船: 'ferry', 客轮: 'ferry', 船: 'ferry', ferry: 'ferry',
};

/** The header row of the template, in Chinese (English names are accepted too). */
export const BATCH_HEADER = ['姓名', '手机号或证件号后四位', '交通方式', '车次/航班号', '日期', '车厢/舱室', '排', '座位', '地点', '开始时间', '结束时间'];

/** The most rows one batch takes. */
export const MAX_BATCH_ROWS = 2000;

/** A match as the check builds it: with the label in English too, for the result workbook in English (the JSON answer's schema, BatchMatch, leaves it out). */
export type BatchMatch = ContractBatchMatch & { publicLabelEn?: string };

/** A checked row (the contracts' BatchRowResult, the route's response), its matches with their English labels. */
export type BatchRowResult = Omit<ContractBatchRowResult, 'matches'> & { matches: BatchMatch[] };

/** A refused row: line, the column at fault and the reason as a code with params (BATCH_REJECT_REASONS). */
export type BatchRejected = RejectedRow<BatchRejectReason>;

const RANK: Record<BatchVerdict, number> = { close: 3, possible: 2, general: 1, none: 0 };

/** The worst verdict of a row's matches (close > possible > general), `none` without a match. */
export function rowVerdict(levels: readonly TripContactLevel[]): BatchVerdict {
  return levels.reduce<BatchVerdict>((worst, l) => (RANK[l] > RANK[worst] ? l : worst), 'none');
}

const VERDICT_TEXT: Record<BatchVerdict, { zh: string; en: string }> = {
  close: { zh: '密切接触者：与病例同一班次且在密接范围（飞机前后三排、列车同一车厢、轮船同一舱室、长途客车同车）。请其立即居家并向社区或疾控报告（12345）。', en: 'Close contact: same trip as a case, within the close-contact range. They should stay home and report to their community or the CDC (12345) now.' },
  possible: { zh: '待确认：与病例同一班次，缺车厢或座位号无法判断是否为密接。请补充后重新核查，并主动向社区报告。', en: 'To be confirmed: same trip as a case; a carriage or seat is needed to tell whether they are a close contact. Add it and check again, and report to the community.' },
  general: { zh: '一般接触者：与病例同一班次但不在密接范围。请做好健康监测，出现症状及时就医并报告。', en: 'General contact: same trip as a case, outside the close-contact range. Monitor health and report symptoms.' },
  none: { zh: '未匹配：已公布的病例行程中没有该班次。', en: 'No match: no published case trip has this number and date.' },
};

const PLACE_TEXT = {
  possible: { zh: '时空交集待确认：请其做好健康监测，并主动向社区或疾控报告（12345），由流调人员研判。', en: 'Co-presence to be assessed: they should monitor their health and report to their community or the CDC (12345); tracing officers will assess it.' },
  none: { zh: '未匹配：已公布的病例停留地点中没有该地点在该时段。', en: 'No match: no published case stay at this place overlaps this time.' },
};

/** A time of day as HH:MM (9:05, 09:05, 0905, 9点05), or null. */
function clock(s: string): string | null {
  const m = /^(\d{1,2})[:：点时]?(\d{2})分?$/.exec(s.replace(/\s/g, ''));
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59 || (Number(m[1]) === 24 && m[2] !== '00')) return null;
  return Number(m[1]) === 24 ? '23:59' : `${m[1].padStart(2, '0')}:${m[2]}`;
}

/** A place name as compared with published places: no spaces, lower case. */
export function placeKey(place: string): string {
  return place.replace(/\s/g, '').toLowerCase();
}

/** The template: the header row and one example row. */
export async function batchTemplate(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('员工行程');
  sheet.addRow(BATCH_HEADER);
  sheet.addRow(['张三', '5678', '火车', 'G1234', todayInChina(), '5', '', '12F', '', '', '']);
  sheet.addRow(['李四', '1234', '场所', '', addDays(todayInChina(), -1), '', '', '', '旌阳区某农贸市场', '09:00', '10:30']);
  sheet.columns.forEach((c) => (c.width = 16));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A day cell as YYYY-MM-DD (a date cell, 2020/1/24, 2020年1月24日), else the text as written. */
function dayOf(v: unknown): string {
  return dayCell(v) ?? '';
}

/** A handler's 4xx error as a refusal of its row (none is expected: every check answers its own code). */
function batchRejectionOf(err: unknown): RowRejection<BatchRejectReason> {
  if (!(err instanceof AppError) || err.status >= 500) throw err;
  return { field: (err.details?.field as string | undefined) ?? null, reason: 'invalid', params: { code: err.code } };
}

/** Checks an organisation's list: each good row's verdict, each bad row's line, field and reason code. */
export async function batchCheck(ctx: AppContext, principal: Principal, content: Buffer, meta: RequestMeta): Promise<{ checked: number; rows: BatchRowResult[]; rejected: BatchRejected[] }> {
  const today = todayInChina();
  type Good = Omit<BatchRowResult, 'verdict' | 'explanation' | 'matches' | 'overlapMinutes'> & { window?: { from: Date; to: Date } };
  const good: Good[] = [];
  // The one reading of an import file (tracing.import.ts): the first sheet, the header (Chinese or
  // English) mapped to fields, the date and — unless it is a list of places — mode and number columns
  // required, at most MAX_BATCH_ROWS rows; each row checked here, a refusal coming back as a code.
  const spec = {
    columns: COLUMNS,
    required: (present: ReadonlySet<BatchField>): BatchField[] => (present.has('place') ? ['date'] : ['date', 'mode', 'number']),
    maxRows: MAX_BATCH_ROWS,
    rejectionOf: batchRejectionOf,
  };
  const rejected = await eachImportRow<BatchField, BatchRejectReason>({ format: 'xlsx', content }, spec, async (row): Promise<RowRejection<BatchRejectReason> | void> => {
    const text = row.text;
    if (Object.values(row.raw).every((v) => v === null || v === undefined || String(v).trim() === '')) return; // an empty line
    const name = text('name');
    if (name.length > 50) return { field: 'name', reason: 'name_too_long', params: { max: 50 } };
    const contact = text('contact');
    if (contact.length > 20) return { field: 'contact', reason: 'contact_too_long', params: { max: 20 } };
    const modeText = text('mode');
    if (PLACE_MODES.has(modeText.toLowerCase()) || (!modeText && text('place'))) {
      // A stay at a place: the place as published (a venue's name or the place's name), the date, from–to (HH:MM, China time).
      const place = text('place');
      if (!place || place.length > 100) return { field: 'place', reason: 'place_invalid', params: { max: 100 } };
      const date = dayOf(row.raw.date);
      if (!isDay(date) || date > today) return { field: 'date', reason: 'date_invalid' };
      const from = clock(text('from'));
      const to = clock(text('to'));
      if (!from) return { field: 'from', reason: 'from_invalid' };
      if (!to || to <= from) return { field: 'to', reason: 'to_invalid' };
      const window = { from: new Date(`${date}T${from}:00+08:00`), to: new Date(`${date}T${to}:00+08:00`) };
      if (window.from.getTime() > Date.now()) return { field: 'from', reason: 'from_future' };
      good.push({ line: row.line, name, contact, kind: 'place', mode: null, number: null, place, from, to, date, carriage: null, seat: null, window });
      return;
    }
    const mode = MODES[modeText] ?? MODES[modeText.toLowerCase()];
    if (!mode) return { field: 'mode', reason: 'mode_invalid' };
    const number = normaliseTripNumber(mode, text('number'));
    if (!number) return { field: 'number', reason: 'number_invalid' };
    const date = dayOf(row.raw.date);
    if (!isDay(date) || date > today) return { field: 'date', reason: 'date_invalid' };
    const carriage = text('carriage') || null;
    const rowPart = text('row');
    const seatPart = text('seat');
    if (rowPart && !/^\d{1,2}$/.test(rowPart)) return { field: 'row', reason: 'row_invalid', params: { min: 1, max: 99 } };
    // A row and a seat letter make one seat ("23" + "A" = "23A"); a seat already with its row is kept.
    const seat = rowPart && /^[A-Za-z]$/.test(seatPart) ? `${rowPart}${seatPart.toUpperCase()}` : seatPart || null;
    if (rowPart && !seat) return { field: 'seat', reason: 'seat_letter_missing' };
    try {
      assertSeat(mode, carriage ?? undefined, seat ?? undefined);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      const field = (err.details?.field as string | undefined) ?? 'seat';
      return field === 'carriage' ? { field: 'carriage', reason: 'carriage_invalid' } : { field: 'seat', reason: 'seat_invalid' };
    }
    good.push({ line: row.line, name, contact, kind: 'trip', mode, number, place: null, from: null, to: null, date, carriage, seat });
  });
  // All trips in one statement, all places in another — published points only.
  const trips = good.map((g, i) => ({ g, i })).filter(({ g }) => g.kind === 'trip');
  const matched = await repo.publishedTripsMatching(
    ctx.db,
    trips.map(({ g, i }) => ({ key: String(i), mode: g.mode!, number: g.number!, date: g.date })),
  );
  const byRow = new Map<number, BatchMatch[]>();
  for (const m of matched) {
    const g = good[Number(m.key)];
    const level = tripContactLevel(g.mode!, { carriage: m.point.carriage, seat: m.point.seat }, { carriage: g.carriage ?? undefined, seat: g.seat ?? undefined });
    const list = byRow.get(Number(m.key)) ?? [];
    list.push({ publicLabel: publicLabel(m.caseStatus as CaseStatus, m.publicNumber), publicLabelEn: publicLabel(m.caseStatus as CaseStatus, m.publicNumber, 'en'), regionCode: m.regionCode, carriage: m.point.carriage, level });
    byRow.set(Number(m.key), list);
  }
  const places = good.map((g, i) => ({ g, i })).filter(({ g }) => g.kind === 'place');
  const stays = await repo.publishedStaysMatching(
    ctx.db,
    places.map(({ g, i }) => ({ key: String(i), place: placeKey(g.place!), from: g.window!.from, to: g.window!.to })),
  );
  const overlapOf = new Map<number, number>();
  for (const m of stays) {
    const i = Number(m.key);
    const w = good[i].window!;
    const minutes = Math.round((Math.min(w.to.getTime(), m.point.toAt.getTime()) - Math.max(w.from.getTime(), m.point.fromAt.getTime())) / 60_000);
    overlapOf.set(i, (overlapOf.get(i) ?? 0) + minutes);
    const list = byRow.get(i) ?? [];
    // Same place at overlapping times: a co-presence the officers assess (待确认), never a verdict by itself.
    list.push({ publicLabel: publicLabel(m.caseStatus as CaseStatus, m.publicNumber), publicLabelEn: publicLabel(m.caseStatus as CaseStatus, m.publicNumber, 'en'), regionCode: m.regionCode, carriage: null, level: 'possible' });
    byRow.set(i, list);
  }
  const rows = good.map(({ window: _window, ...g }, i) => {
    const matches = byRow.get(i) ?? [];
    const verdict = rowVerdict(matches.map((m) => m.level));
    const labels = [...new Set(matches.map((m) => m.publicLabel))].join('、');
    const overlapMinutes = g.kind === 'place' ? (overlapOf.get(i) ?? 0) : null;
    const explanation =
      g.kind === 'place'
        ? verdict === 'none'
          ? PLACE_TEXT.none
          : { zh: `${g.date} ${g.from}–${g.to} 在「${g.place}」，与${labels}公布的停留时间重叠约 ${overlapMinutes} 分钟。${PLACE_TEXT.possible.zh}`, en: `At "${g.place}" on ${g.date} ${g.from}–${g.to}, overlapping a case's published stay by about ${overlapMinutes} minutes. ${PLACE_TEXT.possible.en}` }
        : verdict === 'none'
          ? VERDICT_TEXT.none
          : { zh: `${g.date} ${g.number} 与${labels}同一班次。${VERDICT_TEXT[verdict].zh}`, en: `${g.number} on ${g.date} is the same trip as a case's. ${VERDICT_TEXT[verdict].en}` };
    return { ...g, overlapMinutes, verdict, explanation, matches };
  });
  await recordAudit(ctx.db, {
    actor: principal,
    ip: meta.ip,
    requestId: meta.requestId,
    action: 'tracing.batch-check',
    subjectType: 'tracing_itinerary_point',
    regionCode: principal.kind === 'staff' ? principal.regionCode : null,
    detail: { checked: rows.length, rejected: rejected.length, matched: rows.filter((r) => r.verdict !== 'none').length },
  });
  return { checked: rows.length, rows, rejected };
}

type Lang = 'zh-CN' | 'en';
const word = (w: BilingualText, lang: Lang) => w[lang === 'en' ? 'en' : 'zh'];

/** The mode column of the result: a trip's mode, or a place row (a stay at a place). */
const MODE_LABEL: Record<TripMode | 'place', BilingualText> = { ...TRIP_MODE_TEXT, place: { zh: '场所', en: 'Place' } };

/** A refusal worded in a language, its params filled in (the texts: contracts, BATCH_REJECT_TEXT). */
export function batchRejectText(r: Pick<BatchRejected, 'reason' | 'params'>, lang: Lang): string {
  return wordWith(BATCH_REJECT_TEXT[r.reason], lang === 'en' ? 'en' : 'zh', r.params);
}

const SHEET_TEXT = {
  results: { zh: '核查结果', en: 'Results' },
  rejected: { zh: '错误行', en: 'Rejected rows' },
  header: [
    { zh: '行号', en: 'Line' },
    BATCH_FIELD_TEXT.name,
    BATCH_FIELD_TEXT.contact,
    BATCH_FIELD_TEXT.mode,
    { zh: '车次/航班号', en: 'Number' },
    BATCH_FIELD_TEXT.date,
    BATCH_FIELD_TEXT.carriage,
    BATCH_FIELD_TEXT.seat,
    { zh: '结论', en: 'Verdict' },
    { zh: '匹配病例', en: 'Matching cases' },
    { zh: '说明', en: 'Explanation' },
    BATCH_FIELD_TEXT.place,
    { zh: '时段', en: 'Time' },
  ],
  rejectedHeader: [
    { zh: '行号', en: 'Line' },
    { zh: '字段', en: 'Field' },
    { zh: '原因', en: 'Reason' },
  ],
} satisfies Record<string, BilingualText | BilingualText[]>;

/** The result as an XLSX workbook in the requester's language: one sheet of verdicts, one of the rejected rows. */
export async function batchResultWorkbook(result: { rows: BatchRowResult[]; rejected: BatchRejected[] }, lang: Lang = 'zh-CN'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(word(SHEET_TEXT.results, lang));
  sheet.addRow(SHEET_TEXT.header.map((h) => word(h, lang)));
  for (const r of result.rows) {
    sheet.addRow([r.line, r.name, r.contact, word(MODE_LABEL[r.mode ?? 'place'], lang), r.number ?? '', r.date, r.carriage ?? '', r.seat ?? '', word(BATCH_VERDICT_TEXT[r.verdict], lang), [...new Set(r.matches.map((m) => (lang === 'en' ? (m.publicLabelEn ?? m.publicLabel) : m.publicLabel)))].join(lang === 'en' ? ', ' : '、'), word(r.explanation, lang), r.place ?? '', r.from ? `${r.from}–${r.to}` : '']);
  }
  const bad = book.addWorksheet(word(SHEET_TEXT.rejected, lang));
  bad.addRow(SHEET_TEXT.rejectedHeader.map((h) => word(h, lang)));
  for (const r of result.rejected) bad.addRow([r.line, r.field ? word(BATCH_FIELD_TEXT[r.field as BatchField] ?? { zh: r.field, en: r.field }, lang) : '', batchRejectText(r, lang)]);
  sheet.columns.forEach((c) => (c.width = 14));
  return Buffer.from(await book.xlsx.writeBuffer());
}
