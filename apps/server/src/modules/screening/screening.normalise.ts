import { checkCharacterOf, validateDocument, type ProvinceCodes } from '@fangxian/contracts/id-documents';
import { CHINA_UTC_OFFSET_MS, isDay, divisionPrefix, startOfDay } from '@fangxian/contracts/kernel';

/**
 * Normalisation of screening rows (pure): ID numbers, phones, names, dates and divisions as the
 * sources spell them, into the one form the matcher compares. No I/O; the division directory is data.
 */

/** Why a row is refused (kept with the row, shown in the rejected-rows file). */
export const REJECT_REASONS = [
  'identity_missing', // neither an ID number nor a phone
  'id_format',
  'id_checksum',
  'id_birth_date',
  'id_division',
  'phone_invalid',
  'division_unknown',
  'division_missing',
  'date_invalid',
  'row_malformed',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const REJECT_REASON_TEXT: Record<RejectReason, { zh: string; en: string }> = {
  identity_missing: { zh: '身份证号和手机号均缺失', en: 'Neither an ID number nor a phone' },
  id_format: { zh: '身份证号格式不正确', en: 'The ID number is malformed' },
  id_checksum: { zh: '身份证号校验码错误', en: 'The ID number\'s check character is wrong' },
  id_birth_date: { zh: '身份证号中的出生日期不存在', en: 'The birth date in the ID number does not exist' },
  id_division: { zh: '身份证号的省份代码不存在', en: 'The ID number\'s province code does not exist' },
  phone_invalid: { zh: '手机号不正确', en: 'The phone number is not valid' },
  division_unknown: { zh: '行政区划无法识别', en: 'Unknown administrative division' },
  division_missing: { zh: '缺少现住地（且来源未设默认区划）', en: 'No division (and the source has no default)' },
  date_invalid: { zh: '日期不存在或格式不正确', en: 'The date does not exist or is malformed' },
  row_malformed: { zh: '行格式错误', en: 'The row is malformed' },
};

/** Folds full-width characters and compatibility forms (ＡＢＣ１２３ → ABC123, ideographic space → space). */
function fold(value: string): string {
  return value.normalize('NFKC');
}

/** Upgrades a 15-digit first-generation ID number (YYMMDD, no check character) to 18 digits (19YYMMDD + check). */
export function upgradeIdNumber15(number15: string): string {
  const first17 = `${number15.slice(0, 6)}19${number15.slice(6)}`;
  return first17 + checkCharacterOf(first17);
}

export type IdVerdict = { ok: true; number: string; birthDate: string; sex: 'male' | 'female'; divisionCode: string } | { ok: false; reason: RejectReason };

/**
 * An ID number (GB 11643) as a source wrote it: spaces, dashes, full-width digits, a lower-case x, or the
 * 15-digit form (upgraded). Checked with the project's validator (real birth date, known province, check character).
 */
export function normaliseIdNumber(raw: string, today: Date = new Date(), provinces?: ProvinceCodes): IdVerdict {
  let number = fold(raw).replace(/[\s\-_.'"]/g, '').toUpperCase();
  if (/^\d{15}$/.test(number)) number = upgradeIdNumber15(number);
  if (!/^\d{17}[\dX]$/.test(number)) return { ok: false, reason: 'id_format' };
  const verdict = validateDocument('resident_id', number, today, provinces);
  if (!verdict.ok) {
    const reason: RejectReason =
      verdict.problem === 'check_character' ? 'id_checksum' : verdict.problem === 'birth_date' ? 'id_birth_date' : verdict.problem === 'division' ? 'id_division' : 'id_format';
    return { ok: false, reason };
  }
  return { ok: true, number: verdict.number, birthDate: verdict.birthDate!, sex: verdict.sex!, divisionCode: verdict.divisionCode! };
}

/**
 * A phone number in one form: mainland mobiles as 11 digits (+86, 0086, 86 prefixes, spaces, dashes,
 * brackets dropped); landlines as 0 + area code + number. Null when it is neither.
 */
export function normalisePhone(raw: string): string | null {
  let digits = fold(raw).replace(/[\s\-()（）.·/]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  if (!/^\d+$/.test(digits)) return null;
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  if (/^0[1-9]\d{8,10}$/.test(digits)) return digits;
  return null;
}

const DOTS = /[·•‧・．.。]/g;

/**
 * A name as sources write it: full-width letters folded, all spaces removed, the separators of
 * minority and foreign names (·•・．) written as the middle dot, Latin letters upper-cased. Null when empty.
 */
export function normaliseName(raw: string): string | null {
  const name = fold(raw).replace(/\s+/g, '').replace(DOTS, '·').replace(/^·+|·+$/g, '').toUpperCase();
  return name === '' ? null : name;
}

/**
 * A date as sources write it (2020-01-25, 2020/1/25, 20200125, 2020年1月25日, with or without a time),
 * or an Excel date: 'YYYY-MM-DD', or null when it is not a real date.
 */
export function normaliseDate(raw: string | Date): string | null {
  // A spreadsheet cell holds a wall-clock date without a zone; ExcelJS hands it over as that wall clock in UTC.
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  const text = fold(raw).trim();
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[ T]\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?)?$/.exec(text);
  if (!m) return null;
  if (text.length === 8 || /[-/.年]/.test(text) || text.length > 8) {
    const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    return isDay(day) ? day : null;
  }
  return null;
}

/** A report time: a date (the day's start in China) or a date with a time (China time unless it says otherwise). */
export function normaliseInstant(raw: string | Date): Date | null {
  // A spreadsheet's wall-clock time (handed over as UTC) is China time.
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : new Date(raw.getTime() - CHINA_UTC_OFFSET_MS);
  const text = fold(raw).trim();
  const day = normaliseDate(text);
  if (!day) return null;
  const time = /[ T](\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(text);
  const [h, mi, s] = time ? [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)] : [0, 0, 0];
  if (h > 23 || mi > 59 || s > 59) return null;
  return new Date(startOfDay(day).getTime() + ((h * 60 + mi) * 60 + s) * 1000);
}

// ---- divisions ----

/** One division as the directory needs it. */
export interface DivisionEntry {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
}

/** A division code that was replaced (a county became a district, two districts merged), with its old name. */
export interface RenamedDivision {
  oldCode: string;
  oldName: string;
  newCode: string;
  since: string;
}

/**
 * Codes retired from GB/T 2260 that lists and old ID cards still carry, and where they went (data:
 * extend it as the deployment meets more).
 */
export const RENAMED_DIVISIONS: readonly RenamedDivision[] = [
  { oldCode: '510626', oldName: '罗江县', newCode: '510604', since: '2017-07' },
  { oldCode: '510122', oldName: '双流县', newCode: '510116', since: '2015-12' },
  { oldCode: '510124', oldName: '郫县', newCode: '510117', since: '2016-11' },
  { oldCode: '510132', oldName: '新津县', newCode: '510118', since: '2020-06' },
  { oldCode: '510125', oldName: '新都县', newCode: '510114', since: '2001-12' },
  { oldCode: '510123', oldName: '温江县', newCode: '510115', since: '2002-04' },
  { oldCode: '110103', oldName: '崇文区', newCode: '110101', since: '2010-07' },
  { oldCode: '110104', oldName: '宣武区', newCode: '110102', since: '2010-07' },
  { oldCode: '310103', oldName: '卢湾区', newCode: '310101', since: '2011-06' },
  { oldCode: '310108', oldName: '闸北区', newCode: '310106', since: '2015-11' },
  { oldCode: '310230', oldName: '崇明县', newCode: '310151', since: '2016-07' },
];

export type DivisionVerdict = { ok: true; code: string } | { ok: false; reason: 'division_unknown' };

const SUFFIXES = ['特别行政区', '维吾尔自治区', '壮族自治区', '回族自治区', '自治区', '自治州', '自治县', '地区', '省', '市', '区', '县', '盟', '旗'];

/** The short forms a name is written in: 四川省 → 四川, 旌阳区 → 旌阳 (never shorter than 2 characters). */
function shortForms(name: string): string[] {
  const out = [name];
  for (const s of SUFFIXES) {
    if (name.endsWith(s) && name.length - s.length >= 2) {
      out.push(name.slice(0, -s.length));
      break;
    }
  }
  return out;
}

/**
 * Resolves what sources write for a division — a 6-digit code (current or retired), or a name with or
 * without its province and city (四川省德阳市旌阳区, 德阳旌阳区, 旌阳区, 罗江县) — to a current GB/T 2260
 * code. A bare county name that exists in several places is taken inside `hint` (the source's or the
 * deployment's region) when exactly one lies there.
 */
export class DivisionDirectory {
  private readonly byCode = new Map<string, DivisionEntry>();
  private readonly renamed = new Map<string, string>();
  private readonly children = new Map<string, DivisionEntry[]>();
  private readonly namesAt = new Map<string, Map<string, DivisionEntry[]>>();

  constructor(divisions: readonly DivisionEntry[], renamed: readonly RenamedDivision[] = RENAMED_DIVISIONS) {
    for (const d of divisions) this.byCode.set(d.code, d);
    for (const d of divisions) {
      const parent = d.level === 'province' ? '' : d.level === 'city' ? `${d.code.slice(0, 2)}0000` : `${d.code.slice(0, 4)}00`;
      // A county directly under a province-level municipality's placeholder city still has that city as parent.
      const list = this.children.get(parent) ?? [];
      list.push(d);
      this.children.set(parent, list);
    }
    for (const r of renamed) if (this.byCode.has(r.newCode)) this.renamed.set(r.oldCode, r.newCode);
    // Names under each parent ('' = the provinces), plus every city and county under '*' for names written without their parents.
    const put = (scope: string, name: string, d: DivisionEntry) => {
      let names = this.namesAt.get(scope);
      if (!names) this.namesAt.set(scope, (names = new Map()));
      for (const form of shortForms(name)) {
        const list = names.get(form) ?? [];
        if (!list.includes(d)) list.push(d);
        names.set(form, list);
      }
    };
    for (const [parent, list] of this.children) for (const d of list) {
      put(parent, d.name, d);
      if (d.level !== 'province') put('*', d.name, d);
    }
    for (const r of renamed) {
      const d = this.byCode.get(r.newCode);
      if (!d) continue;
      const parent = `${r.newCode.slice(0, 4)}00`;
      put(parent, r.oldName, d);
      put('*', r.oldName, d);
    }
  }

  /** The current code for a code as written (itself, or its successor when retired); null when unknown. */
  currentCode(code: string): string | null {
    if (this.byCode.has(code)) return code;
    return this.renamed.get(code) ?? null;
  }

  /** The entry of a current code. */
  entry(code: string): DivisionEntry | undefined {
    return this.byCode.get(code);
  }

  /** The county-level code of a division (itself for a county; null above county level). */
  countyOf(code: string): string | null {
    const d = this.byCode.get(code);
    return d?.level === 'county' ? d.code : null;
  }

  /** Resolves a code or a name (see the class comment). */
  resolve(raw: string, hint?: string | null): DivisionVerdict {
    const text = fold(raw).replace(/\s+/g, '');
    if (text === '') return { ok: false, reason: 'division_unknown' };
    if (/^\d+$/.test(text)) {
      const code = text.length === 12 || text.length === 9 ? text.slice(0, 6) : text;
      const current = /^\d{6}$/.test(code) ? this.currentCode(code) : null;
      return current ? { ok: true, code: current } : { ok: false, reason: 'division_unknown' };
    }
    const found = this.walk(text, hint ?? null);
    return found ? { ok: true, code: found } : { ok: false, reason: 'division_unknown' };
  }

  /** Longest name match at the start of `text` among `names`: the entries and the rest of the text. */
  private prefixMatch(names: Map<string, DivisionEntry[]> | undefined, text: string): { entries: DivisionEntry[]; rest: string } | null {
    if (!names) return null;
    for (let len = Math.min(text.length, 12); len >= 2; len--) {
      const entries = names.get(text.slice(0, len));
      if (entries) return { entries, rest: text.slice(len) };
    }
    return null;
  }

  private walk(text: string, hint: string | null): string | null {
    // With the province written first, descend from it.
    let match = this.prefixMatch(this.namesAt.get(''), text);
    let scope: DivisionEntry | null = null;
    let rest = text;
    if (match) {
      scope = match.entries[0];
      rest = match.rest;
    } else {
      match = this.prefixMatch(this.namesAt.get('*'), text);
      if (!match) return null;
      const hinted = hint ? match.entries.filter((d) => d.code.startsWith(divisionPrefix(hint))) : [];
      const pick = match.entries.length === 1 ? match.entries[0] : hinted.length === 1 ? hinted[0] : null;
      if (!pick) return null;
      scope = pick;
      rest = match.rest;
    }
    // Then down one or two levels while the text goes on naming children.
    while (rest.length > 0 && scope.level !== 'county') {
      let next = this.prefixMatch(this.namesAt.get(scope.code), rest);
      // Municipalities: 北京市东城区 — the county sits under the placeholder city 110100.
      if (!next && scope.level === 'province') {
        for (const city of this.children.get(scope.code) ?? []) {
          next = this.prefixMatch(this.namesAt.get(city.code), rest);
          if (next) break;
        }
      }
      if (!next || next.entries.length !== 1) break;
      scope = next.entries[0];
      rest = next.rest;
    }
    return scope.code;
  }
}
