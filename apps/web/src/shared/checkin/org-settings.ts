/** The organisation settings editor's pure part: extra fields as typed, and the settings the server takes. */
import { extraFieldsProblems, windowProblem } from '@fangxian/contracts/checkin';
import type { ExtraField, ExtraFieldType, OrgSettings } from './checkin.api.ts';

/** One extra field as typed in the editor (options comma separated, range as text). */
export interface FieldDraft {
  key: string;
  zh: string;
  en: string;
  type: ExtraFieldType;
  required: boolean;
  options: string;
  min: string;
  max: string;
}

export function draftOf(f: ExtraField): FieldDraft {
  return { key: f.key, zh: f.label.zh, en: f.label.en, type: f.type, required: f.required, options: (f.options ?? []).join(', '), min: f.min === undefined ? '' : String(f.min), max: f.max === undefined ? '' : String(f.max) };
}

/**
 * The settings as the server takes them, or the first problem (a locale key under settings.problem
 * and the field's position, 1-based).
 */
export function settingsOf(windowStart: string, deadline: string, remind: string, drafts: readonly FieldDraft[]): { settings: OrgSettings } | { problem: string; n?: number } {
  const minutes = remind.trim() === '' ? NaN : Number(remind);
  const window = windowProblem(windowStart.trim(), deadline.trim(), minutes);
  if (window) return { problem: window };
  const extraFields: ExtraField[] = [];
  for (const [i, d] of drafts.entries()) {
    const n = i + 1;
    const field: ExtraField = { key: d.key.trim(), label: { zh: d.zh.trim(), en: d.en.trim() }, type: d.type, required: d.required };
    if (d.type === 'choice') field.options = d.options.split(/[,，、]/).map((o) => o.trim()).filter((o) => o !== '');
    if (d.type === 'number') {
      const min = d.min.trim() === '' ? undefined : Number(d.min);
      const max = d.max.trim() === '' ? undefined : Number(d.max);
      if (min !== undefined) field.min = min;
      if (max !== undefined) field.max = max;
      if ((min !== undefined && !Number.isFinite(min)) || (max !== undefined && !Number.isFinite(max))) return { problem: 'range', n };
    }
    extraFields.push(field);
  }
  // The server's own checks of the definitions (the first problem, by the field's position).
  const first = extraFieldsProblems(extraFields).find((p) => p.index !== null);
  if (first) return { problem: first.problem === 'optionsNotChoice' ? 'options' : first.problem === 'rangeNotNumber' ? 'range' : first.problem, n: first.index! + 1 };
  return { settings: { windowStart: windowStart.trim(), deadline: deadline.trim(), remindBeforeMinutes: minutes, extraFields } };
}
