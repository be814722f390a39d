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
