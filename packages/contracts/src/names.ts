/**
 * Names people type, checked the same way in the browser and on the server.
 *
 * - A person's name (a citizen's real name, a venue's contact person) follows public-security naming
 *   (GB 11643 registration): Chinese characters, rare ones from GB 18030 and the CJK extension planes
 *   included, with the middle dot · between the parts of a minority or transliterated name; or, for
 *   foreigners, Latin letters with spaces, hyphens and apostrophes. No digits, emoji or markup.
 * - A label (a venue name, a department, a staff display name) is printable text: letters, digits,
 *   punctuation and symbols, but no control or invisible formatting characters, no emoji and no
 *   markup characters (< >), and at least one letter or digit.
 *
 * Both checks normalise first (a name NFKC with its dots unified, a label NFC; spaces folded) and return the value to store.
 */

export type NameProblem =
  | 'empty'
  | 'too_short'
  | 'too_long'
  | 'control'
  | 'markup'
  | 'emoji'
  | 'digits'
  | 'mixed'
  | 'dot'
  | 'characters';

export type NameCheck = { ok: true; value: string } | { ok: false; problem: NameProblem };

export const PERSON_NAME_MAX = 64;
export const PERSON_NAME_MIN = 2;

const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/u;
// Invisible format characters (zero-width spaces and joiners, bidi overrides, BOM, tags): never part of a name.
const FORMAT = /[\p{Cf}]/u;
const MARKUP = /[<>＜＞]/u;
// Emoji: pictographs, presentation selectors, skin tones, keycaps, flags and joiners.
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Presentation}|[\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\uFE0F\u20E3\u200D]|[\u{E0020}-\u{E007F}]/u;
// In a label the letter-like symbols © ® ™ are fine unless drawn as emoji (followed by U+FE0F).
const LABEL_EMOJI = /[\u{1F000}-\u{1FAFF}\u{2600}-\u{27BF}\u{2B00}-\u{2BFF}]|\p{Emoji_Presentation}|[\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\uFE0F\u20E3\u200D]|[\u{E0020}-\u{E007F}]/u;
const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;
const DIGIT = /\p{Nd}/u;
const DOTS = /[·•‧・\u30FB\u2027\u2022\u00B7\u0387\u16EB\u2219\u22C5]/gu;
// One character of a person's name: a Han character (any extension plane), a Latin letter with its
// combining marks, the middle dot, a space, a hyphen or an apostrophe.
const PERSON_CHAR = /^[\p{Script=Han}\p{Script=Latin}\p{M}· '\-]$/u;
const LABEL_CHAR = /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]$/u;

function normalise(value: string, form: 'NFKC' | 'NFC'): string {
  return value.normalize(form).trim().replace(/\s+/gu, ' ');
}

function commonProblem(value: string, emoji: RegExp): NameProblem | null {
  if (CONTROL.test(value)) return 'control';
  if (emoji.test(value)) return 'emoji';
  if (MARKUP.test(value)) return 'markup';
  if (FORMAT.test(value)) return 'control';
  return null;
}

/** The length a person sees: code points, so a rare character from a supplementary plane counts once. */
export function visibleLength(value: string): number {
  return [...value].length;
}

/** Normalises and checks a person's name (citizen real name, contact person). */
export function checkPersonName(raw: string, maxLength = PERSON_NAME_MAX): NameCheck {
  // Controls are judged before the space folding would hide a line break or tab.
  if (/[\u0000-\u001F\u007F-\u009F]/u.test(raw)) return { ok: false, problem: 'control' };
  const value = normalise(raw, 'NFKC').replace(DOTS, '·').replace(/ ?· ?/gu, '·');
  if (value.length === 0) return { ok: false, problem: 'empty' };
  const common = commonProblem(value, EMOJI);
  if (common) return { ok: false, problem: common };
  if (DIGIT.test(value)) return { ok: false, problem: 'digits' };
  for (const ch of value) if (!PERSON_CHAR.test(ch)) return { ok: false, problem: 'characters' };
  const han = HAN.test(value);
  const latin = LATIN.test(value);
  if (!han && !latin) return { ok: false, problem: 'characters' };
  if (han && latin) return { ok: false, problem: 'mixed' };
  // A Chinese name has no spaces, hyphens or apostrophes between its characters.
  if (han && /[ '\-]/u.test(value)) return { ok: false, problem: 'characters' };
  if (/^[·'\-]|[·'\-]$|[·'\-]{2}/u.test(value)) return { ok: false, problem: 'dot' };
  const length = visibleLength(value);
  if (length < PERSON_NAME_MIN) return { ok: false, problem: 'too_short' };
  if (length > maxLength) return { ok: false, problem: 'too_long' };
  return { ok: true, value };
}

/** Normalises and checks a label: a venue name, a department, a staff display name. */
export function checkLabel(raw: string, maxLength: number): NameCheck {
  if (/[\u0000-\u001F\u007F-\u009F]/u.test(raw)) return { ok: false, problem: 'control' };
  // NFC, not NFKC: a label keeps its full-width Chinese punctuation （，）.
  const value = normalise(raw, 'NFC');
  if (value.length === 0) return { ok: false, problem: 'empty' };
  const common = commonProblem(value, LABEL_EMOJI);
  if (common) return { ok: false, problem: common };
  for (const ch of value) if (!LABEL_CHAR.test(ch)) return { ok: false, problem: 'characters' };
  if (!/[\p{L}\p{N}]/u.test(value)) return { ok: false, problem: 'characters' };
  if (visibleLength(value) > maxLength) return { ok: false, problem: 'too_long' };
  return { ok: true, value };
}

export type NameLanguage = 'zh-CN' | 'en';

/** A field as the message names it: 姓名 / name, 场所名称 / venue name, 部门 / department. */
export interface FieldLabel {
  zh: string;
  en: string;
}

export const PERSON_NAME_FIELD: FieldLabel = { zh: '姓名', en: 'The name' };

/** The named text fields of the platform with their limits; schemas, server checks and forms read them from here. */
export const TEXT_FIELDS = {
  staffDisplayName: { zh: '姓名', en: 'The name', max: 64 },
  department: { zh: '部门', en: 'The department', max: 64 },
  venueName: { zh: '场所名称', en: 'The venue name', max: 100 },
  venueContactName: { zh: '联系人', en: 'The contact name', max: 50 },
  venueStaffDisplayName: { zh: '姓名', en: 'The name', max: 50 },
} as const satisfies Record<string, FieldLabel & { max: number }>;
export type TextField = keyof typeof TEXT_FIELDS;

/** Checks a label field of TEXT_FIELDS with its own limit. */
export function checkLabelField(field: TextField, raw: string): NameCheck {
  return checkLabel(raw, TEXT_FIELDS[field].max);
}

/** The message for a refused name or label, in the UI language. */
export function nameProblemMessage(
  problem: NameProblem,
  options: { kind: 'person' | 'label'; field?: FieldLabel; maxLength?: number; language?: NameLanguage },
): string {
  const field = options.field ?? (options.kind === 'person' ? PERSON_NAME_FIELD : { zh: '名称', en: 'The name' });
  const max = options.maxLength ?? (options.kind === 'person' ? PERSON_NAME_MAX : 100);
  const en = options.language === 'en';
  switch (problem) {
    case 'empty':
      return en ? `${field.en} is required` : `请输入${field.zh}`;
    case 'too_short':
      return en ? `${field.en} needs at least ${PERSON_NAME_MIN} characters` : `${field.zh}至少 ${PERSON_NAME_MIN} 个字`;
    case 'too_long':
      return en ? `${field.en} can have at most ${max} characters` : `${field.zh}不超过 ${max} 个字`;
    case 'control':
      return en ? `${field.en} cannot contain line breaks, tabs or invisible characters` : `${field.zh}不能包含换行、制表符等控制字符或不可见字符`;
    case 'markup':
      return en ? `${field.en} cannot contain < or > (HTML markup)` : `${field.zh}不能包含 < > 等 HTML 标记字符`;
    case 'emoji':
      return en ? `${field.en} cannot contain emoji` : `${field.zh}不能包含表情符号`;
    case 'digits':
      return en ? `${field.en} cannot contain digits` : `${field.zh}不能包含数字`;
    case 'mixed':
      return en
        ? `${field.en} must be written either in Chinese characters or in Latin letters, not both`
        : `${field.zh}请只用汉字或只用英文字母填写，不要混用`;
    case 'dot':
      return en
        ? `The middle dot ·, hyphen or apostrophe may only stand between two parts of ${field.en.toLowerCase()}`
        : `间隔号“·”、连字符或撇号只能用在${field.zh}的两部分之间`;
    case 'characters':
      return options.kind === 'person'
        ? en
          ? `${field.en} may contain only Chinese characters (with the middle dot ·) or Latin letters and spaces`
          : `${field.zh}只能包含汉字（可含间隔号“·”）或英文字母和空格`
        : en
          ? `${field.en} must contain letters or digits and only printable characters`
          : `${field.zh}须包含文字或数字，且只能使用可打印的字符`;
  }
}
