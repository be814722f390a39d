/**
 * The tracing module's worded codes in Chinese and English, defined once: the server writes them into
 * the organisation batch check's downloadable result (in the requester's language), and the web's
 * tracing locale takes its texts from here (`mode`, `batch.verdicts`, `batch.fields`,
 * `batch.rejectReasons`) to word the JSON answer. No TypeBox here, so a locale bundle stays light.
 * `{{max}}`-style placeholders take a refusal's params (i18next's syntax; wordWith fills them in).
 */
import type { BilingualText } from './kernel/status-texts.ts';
import type { BatchField, BatchRejectReason, BatchVerdict, TripMode } from './tracing.ts';

/** Means of transport of a trip (TRIP_MODES). */
export const TRIP_MODE_TEXT: Record<TripMode, BilingualText> = {
  train: { zh: '火车', en: 'Train' },
  flight: { zh: '飞机', en: 'Flight' },
  coach: { zh: '长途客车', en: 'Coach' },
  bus: { zh: '公交', en: 'Bus' },
  ferry: { zh: '轮船', en: 'Ferry' },
};

/** A batch-check row's verdict (BATCH_VERDICTS), as a label. */
export const BATCH_VERDICT_TEXT: Record<BatchVerdict, BilingualText> = {
  close: { zh: '密切接触者', en: 'Close contact' },
  possible: { zh: '待确认', en: 'To be confirmed' },
  general: { zh: '一般接触者', en: 'General contact' },
  none: { zh: '未匹配', en: 'No match' },
};

/** The batch check's columns as a refusal names them (BATCH_FIELDS): the template's header. */
export const BATCH_FIELD_TEXT: Record<BatchField, BilingualText> = {
  name: { zh: '姓名', en: 'Name' },
  contact: { zh: '手机号或证件号后四位', en: 'Phone or last 4 of ID' },
  mode: { zh: '交通方式', en: 'Mode' },
  number: { zh: '车次/航班号', en: 'Train / flight number' },
  date: { zh: '日期', en: 'Date' },
  carriage: { zh: '车厢/舱室', en: 'Carriage / cabin' },
  row: { zh: '排', en: 'Row' },
  seat: { zh: '座位', en: 'Seat' },
  place: { zh: '地点', en: 'Place' },
  from: { zh: '开始时间', en: 'From' },
  to: { zh: '结束时间', en: 'To' },
};

/** Why the batch check refused a row (BATCH_REJECT_REASONS); placeholders take the refusal's params. */
export const BATCH_REJECT_TEXT: Record<BatchRejectReason, BilingualText> = {
  name_too_long: { zh: '姓名最多 {{max}} 字', en: 'Name: at most {{max}} characters' },
  contact_too_long: { zh: '手机号或证件号后四位最多 {{max}} 字', en: 'Phone or ID digits: at most {{max}} characters' },
  place_invalid: { zh: '地点必填（最多 {{max}} 字，填写公布的场所名称）', en: 'Place required (at most {{max}} characters, the place as published)' },
  date_invalid: { zh: '日期应为 YYYY-MM-DD，且不晚于今天', en: 'Date must be YYYY-MM-DD and not after today' },
  from_invalid: { zh: '开始时间应为 HH:MM', en: 'Start time must be HH:MM' },
  to_invalid: { zh: '结束时间应为 HH:MM，且晚于开始时间', en: 'End time must be HH:MM and after the start' },
  from_future: { zh: '开始时间不能晚于现在', en: 'The start cannot be later than now' },
  mode_invalid: { zh: '交通方式应为 火车 / 飞机 / 长途客车 / 公交 / 轮船（或 场所）', en: 'Mode must be train / flight / coach / bus / ferry (or place)' },
  number_invalid: { zh: '车次或航班号格式不正确', en: 'The train or flight number is malformed' },
  row_invalid: { zh: '排号应为 {{min}}–{{max}}', en: 'Row must be {{min}}–{{max}}' },
  seat_letter_missing: { zh: '填写排号时需填写座位字母', en: 'A row needs a seat letter' },
  carriage_invalid: { zh: '车厢或舱室不正确（列车 1–30）', en: 'Carriage or cabin not valid (train: 1–30)' },
  seat_invalid: { zh: '座位不正确（飞机 1–99 排，A–K 不含 I；列车如 05A）', en: 'Seat not valid (plane: rows 1–99, A–K without I; train e.g. 05A)' },
  invalid: { zh: '该行未能核查（{{code}}）', en: 'The row could not be checked ({{code}})' },
};

/** One language's column of a worded table: what a locale file holds (`{ code: text }`). */
export function textsIn<K extends string>(texts: Readonly<Record<K, BilingualText>>, lang: 'zh' | 'en'): Record<K, string> {
  return Object.fromEntries(Object.entries<BilingualText>(texts).map(([k, t]) => [k, t[lang]])) as Record<K, string>;
}

/** A text in one language with its `{{name}}` placeholders filled from params (a missing one: empty). */
export function wordWith(text: BilingualText, lang: 'zh' | 'en', params?: Readonly<Record<string, string | number>>): string {
  return text[lang].replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params?.[k] ?? ''));
}
