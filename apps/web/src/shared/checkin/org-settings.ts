/** The organisation settings editor's pure part: extra fields as typed, and the settings the server takes. */
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

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function draftOf(f: ExtraField): FieldDraft {
  return { key: f.key, zh: f.label.zh, en: f.label.en, type: f.type, required: f.required, options: (f.options ?? []).join(', '), min: f.min === undefined ? '' : String(f.min), max: f.max === undefined ? '' : String(f.max) };
}

/**
 * The settings as the server takes them, or the first problem (a locale key under settings.problem
 * and the field's position, 1-based).
 */
export function settingsOf(windowStart: string, deadline: string, remind: string, drafts: readonly FieldDraft[]): { settings: OrgSettings } | { problem: string; n?: number } {
  if (!TIME.test(windowStart.trim()) || !TIME.test(deadline.trim())) return { problem: 'time' };
  if (windowStart.trim() >= deadline.trim()) return { problem: 'windowOrder' };
  const minutes = Number(remind);
  if (!Number.isInteger(minutes) || minutes < 10 || minutes > 720) return { problem: 'remind' };
  const keys = new Set<string>();
  const extraFields: ExtraField[] = [];
  for (const [i, d] of drafts.entries()) {
    const n = i + 1;
    const key = d.key.trim();
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(key)) return { problem: 'key', n };
    if (keys.has(key)) return { problem: 'keyRepeated', n };
    keys.add(key);
    if (!d.zh.trim() || !d.en.trim()) return { problem: 'label', n };
    const field: ExtraField = { key, label: { zh: d.zh.trim(), en: d.en.trim() }, type: d.type, required: d.required };
    if (d.type === 'choice') {
      const options = d.options.split(/[,，、]/).map((o) => o.trim()).filter((o) => o !== '');
      if (options.length < 2 || new Set(options).size !== options.length || options.some((o) => o.length > 40)) return { problem: 'options', n };
      field.options = options;
    }
    if (d.type === 'number') {
      const min = d.min.trim() === '' ? undefined : Number(d.min);
      const max = d.max.trim() === '' ? undefined : Number(d.max);
      if ((min !== undefined && !Number.isFinite(min)) || (max !== undefined && !Number.isFinite(max)) || (min !== undefined && max !== undefined && min > max)) return { problem: 'range', n };
      if (min !== undefined) field.min = min;
      if (max !== undefined) field.max = max;
    }
    extraFields.push(field);
  }
  return { settings: { windowStart: windowStart.trim(), deadline: deadline.trim(), remindBeforeMinutes: minutes, extraFields } };
}
