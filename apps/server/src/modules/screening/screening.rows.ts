import { SCREENING_FIELDS, type ScreeningFieldName } from '@fangxian/contracts/screening';
import {
  normaliseDate, normaliseIdNumber, normaliseInstant, normaliseName, normalisePhone, type DivisionDirectory, type RejectReason,
} from './screening.normalise.ts';

/**
 * From a source's row to a screening record (pure): the column mapping picks the cells, the
 * normalisers clean them, and a row either becomes a record or is refused with one reason.
 */

/** The fields a source's columns can be mapped to (the contracts' list, shared with the console). */
export { SCREENING_FIELDS };
export type ScreeningField = ScreeningFieldName;

/** Headers recognised without a saved mapping (what the lists of 2020 used). */
export const DEFAULT_HEADERS: Record<ScreeningField, readonly string[]> = {
  name: ['姓名', '名字', 'name'],
  idNumber: ['身份证号', '身份证号码', '证件号码', '公民身份号码', 'id', 'id_number', 'idnumber'],
  phone: ['手机号', '手机号码', '联系电话', '电话', '手机', 'phone', 'mobile'],
  residenceDivision: ['现住地', '现居住地', '居住地', '所在区县', '现住区县', '区县', 'residence', 'division'],
  householdDivision: ['户籍地', '户籍所在地', 'household'],
  address: ['现住址', '详细地址', '地址', 'address'],
  origin: ['来源地', '来自', '出发地', '途经地', 'origin'],
  arrivalDate: ['抵达日期', '到达日期', '返回日期', '入境日期', 'arrival', 'arrival_date'],
  reportedAt: ['报告时间', '推送时间', '发现时间', '信令时间', 'reported_at', 'reportedat'],
};

const headerKey = (h: string) => h.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * Which column index holds each field: the saved mapping first (field → header), then the default
 * headers. Unmapped fields are absent.
 */
export function resolveColumns(headers: readonly string[], mapping: Record<string, string> = {}): Partial<Record<ScreeningField, number>> {
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = headerKey(String(h ?? ''));
    if (key && !index.has(key)) index.set(key, i);
  });
  const out: Partial<Record<ScreeningField, number>> = {};
  for (const field of SCREENING_FIELDS) {
    const saved = mapping[field];
    const candidates = saved ? [saved] : DEFAULT_HEADERS[field];
    for (const c of candidates) {
      const i = index.get(headerKey(c));
      if (i !== undefined) {
        out[field] = i;
        break;
      }
    }
  }
  return out;
}

/** A cell as the readers hand it over (CSV: text; XLSX: text, number or date). */
export type Cell = string | number | Date | null | undefined;

/** A row made into a screening record: normalised clear values (encrypted before they are stored). */
export interface ScreeningRecord {
  name: string | null;
  idNumber: string | null;
  birthDate: string | null;
  sex: 'male' | 'female' | null;
  phone: string | null;
  residenceDivision: string | null;
  householdDivision: string | null;
  address: string | null;
  origin: string | null;
  arrivalDate: string | null;
  reportedAt: Date | null;
}

export type RowVerdict = { ok: true; record: ScreeningRecord } | { ok: false; reason: RejectReason; field?: ScreeningField };

const text = (cell: Cell): string => {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(cell);
  return String(cell).trim();
};

export interface RowContext {
  divisions: DivisionDirectory;
  /** The source's default division (for rows without one), and the hint for bare county names. */
  defaultDivision: string | null;
  /** The deployment's region, another hint for bare names. */
  regionHint?: string | null;
  today?: Date;
}

/** Normalises one row; the first problem found refuses it. */
export function normaliseRow(cells: readonly Cell[], columns: Partial<Record<ScreeningField, number>>, rc: RowContext): RowVerdict {
  const cell = (f: ScreeningField): Cell => (columns[f] === undefined ? undefined : cells[columns[f]!]);
  const rawId = text(cell('idNumber'));
  const rawPhone = text(cell('phone'));
  if (!rawId && !rawPhone) return { ok: false, reason: 'identity_missing' };

  let idNumber: string | null = null;
  let birthDate: string | null = null;
  let sex: 'male' | 'female' | null = null;
  let idDivision: string | null = null;
  if (rawId) {
    const v = normaliseIdNumber(rawId, rc.today);
    if (!v.ok) return { ok: false, reason: v.reason, field: 'idNumber' };
    ({ number: idNumber, birthDate, sex } = v);
    idDivision = rc.divisions.currentCode(v.divisionCode);
  }
  let phone: string | null = null;
  if (rawPhone) {
    phone = normalisePhone(rawPhone);
    if (!phone) return { ok: false, reason: 'phone_invalid', field: 'phone' };
  }

  const hint = rc.defaultDivision ?? rc.regionHint ?? null;
  const division = (field: 'residenceDivision' | 'householdDivision'): { code: string | null } | { reason: RejectReason } => {
    const raw = text(cell(field));
    if (!raw) return { code: null };
    const v = rc.divisions.resolve(raw, hint);
    return v.ok ? { code: v.code } : { reason: v.reason };
  };
  const residence = division('residenceDivision');
  if ('reason' in residence) return { ok: false, reason: residence.reason, field: 'residenceDivision' };
  const household = division('householdDivision');
  if ('reason' in household) return { ok: false, reason: household.reason, field: 'householdDivision' };
  const residenceDivision = residence.code ?? rc.defaultDivision;
  if (!residenceDivision && !household.code) return { ok: false, reason: 'division_missing', field: 'residenceDivision' };

  let arrivalDate: string | null = null;
  const rawArrival = cell('arrivalDate');
  if (rawArrival instanceof Date || text(rawArrival)) {
    arrivalDate = normaliseDate(rawArrival instanceof Date ? rawArrival : text(rawArrival));
    if (!arrivalDate) return { ok: false, reason: 'date_invalid', field: 'arrivalDate' };
  }
  let reportedAt: Date | null = null;
  const rawReported = cell('reportedAt');
  if (rawReported instanceof Date || text(rawReported)) {
    reportedAt = normaliseInstant(rawReported instanceof Date ? rawReported : text(rawReported));
    if (!reportedAt) return { ok: false, reason: 'date_invalid', field: 'reportedAt' };
  }
  const free = (f: ScreeningField) => text(cell(f)).normalize('NFKC').replace(/\s+/g, ' ').trim() || null;

  return {
    ok: true,
    record: {
      name: normaliseName(text(cell('name'))),
      idNumber,
      birthDate,
      sex,
      phone,
      residenceDivision,
      householdDivision: household.code ?? idDivision,
      address: free('address'),
      origin: free('origin'),
      arrivalDate,
      reportedAt,
    },
  };
}

/** Words that name a field inside a longer header (身份证号码（18位）, 联系手机, 户籍所在区县…). */
const HEADER_WORDS: Record<ScreeningField, readonly string[]> = {
  name: ['姓名', '名字', 'name'],
  idNumber: ['身份证', '证件号', '身份号码', 'idnumber', 'idcard'],
  phone: ['手机', '电话', '联系方式', 'phone', 'mobile', 'tel'],
  residenceDivision: ['现住', '居住', '区县', 'residence'],
  householdDivision: ['户籍', 'household'],
  address: ['地址', '住址', 'address'],
  origin: ['来源地', '来自', '出发地', '途经', 'origin'],
  arrivalDate: ['抵达', '到达', '返回', '入境', 'arrival'],
  reportedAt: ['报告', '推送', '发现', '信令', 'reported'],
};

const CONTAINMENT_ORDER: readonly ScreeningField[] = ['idNumber', 'phone', 'name', 'householdDivision', 'address', 'residenceDivision', 'origin', 'arrivalDate', 'reportedAt'];

export interface MappingProposal {
  /** The row taken as the header (1-based, as a spreadsheet numbers it). */
  headerLine: number;
  headers: string[];
  /** Screening field → the header proposed for it. */
  mapping: Partial<Record<ScreeningField, string>>;
  /** Why each field was proposed: its header's name, or what the cells below it look like. */
  basis: Partial<Record<ScreeningField, 'header' | 'content'>>;
}

/**
 * Proposes a column mapping from the first rows of a sample file (pure): the header row is the first
 * naming an ID or phone column (else the first row); each field takes the column whose header is one of
 * the usual headers, else whose header contains a word for it, else — for ID numbers and phones — the
 * column where most sample cells are valid ones. A header is proposed for one field at most.
 */
export function proposeMapping(rows: readonly (readonly Cell[])[], today?: Date): MappingProposal {
  const asText = (r: readonly Cell[]) => r.map((c) => text(c));
  const names = (field: ScreeningField, header: string) => {
    const key = headerKey(header);
    return key !== '' && HEADER_WORDS[field].some((w) => key.includes(headerKey(w)));
  };
  let headerIndex = rows.findIndex((r) => {
    const found = resolveColumns(asText(r));
    return found.idNumber !== undefined || found.phone !== undefined || asText(r).some((h) => names('idNumber', h) || names('phone', h));
  });
  if (headerIndex < 0) {
    // No header names an ID or phone: the header is the row above the first holding one (or the first row).
    const firstData = rows.findIndex((r) => asText(r).some((v) => normaliseIdNumber(v, today).ok || normalisePhone(v) !== null));
    headerIndex = Math.max(0, firstData - 1);
  }
  const headers = asText(rows[headerIndex] ?? []);
  const sample = rows.slice(headerIndex + 1, headerIndex + 21).map(asText);
  const used = new Set<number>();
  const mapping: MappingProposal['mapping'] = {};
  const basis: MappingProposal['basis'] = {};
  // A mapping names a header: two columns with the same header are one choice.
  const isUsed = (i: number) => used.has(i) || Object.values(mapping).includes(headers[i]);
  const take = (field: ScreeningField, i: number, why: 'header' | 'content') => {
    used.add(i);
    mapping[field] = headers[i];
    basis[field] = why;
  };
  const exact = resolveColumns(headers);
  for (const field of SCREENING_FIELDS) {
    const i = exact[field];
    if (i !== undefined && !isUsed(i)) take(field, i, 'header');
  }
  // The more specific words first: 户籍所在区县 is the household, 现住详细地址 the address.
  for (const field of CONTAINMENT_ORDER) {
    if (mapping[field] !== undefined) continue;
    const i = headers.findIndex((h, k) => !isUsed(k) && names(field, h));
    if (i >= 0) take(field, i, 'header');
  }
  const looksLike: Partial<Record<ScreeningField, (v: string) => boolean>> = {
    idNumber: (v) => normaliseIdNumber(v, today).ok,
    phone: (v) => normalisePhone(v) !== null,
  };
  for (const [field, test] of Object.entries(looksLike) as [ScreeningField, (v: string) => boolean][]) {
    if (mapping[field] !== undefined) continue;
    let best = -1;
    let bestShare = 0.6;
    headers.forEach((h, i) => {
      if (isUsed(i) || !h) return;
      const values = sample.map((r) => r[i] ?? '').filter(Boolean);
      if (values.length === 0) return;
      const share = values.filter(test).length / values.length;
      if (share >= bestShare) {
        best = i;
        bestShare = share;
      }
    });
    if (best >= 0) take(field, best, 'content');
  }
  return { headerLine: headerIndex + 1, headers, mapping, basis };
}
