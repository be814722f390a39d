import { describe, expect, it } from 'vitest';
import { BATCH_FIELDS, BATCH_REJECT_REASONS, BATCH_VERDICTS, TRIP_MODES } from './tracing.ts';
import { BATCH_FIELD_TEXT, BATCH_REJECT_TEXT, BATCH_VERDICT_TEXT, textsIn, TRIP_MODE_TEXT, wordWith } from './tracing-texts.ts';

describe('tracing worded codes', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
  const tables = [
    ['TRIP_MODES', TRIP_MODES, TRIP_MODE_TEXT],
    ['BATCH_VERDICTS', BATCH_VERDICTS, BATCH_VERDICT_TEXT],
    ['BATCH_FIELDS', BATCH_FIELDS, BATCH_FIELD_TEXT],
    ['BATCH_REJECT_REASONS', BATCH_REJECT_REASONS, BATCH_REJECT_TEXT],
  ] as const;

  it('words exactly the codes of each list, in Chinese and English with the same placeholders', () => {
    for (const [name, list, texts] of tables) {
      expect(Object.keys(texts).sort(), name).toEqual([...list].sort());
      for (const code of list) {
        const text = (texts as Record<string, { zh: string; en: string }>)[code];
        expect(text.zh.trim(), `${name}.${code}`).not.toBe('');
        expect(text.en.trim(), `${name}.${code}`).not.toBe('');
        expect(placeholders(text.en), `${name}.${code}`).toEqual(placeholders(text.zh));
      }
    }
  });

  it('gives one language of a table and fills placeholders in', () => {
    expect(textsIn(BATCH_VERDICT_TEXT, 'zh')).toEqual({ close: '密切接触者', possible: '待确认', general: '一般接触者', none: '未匹配' });
    expect(textsIn(TRIP_MODE_TEXT, 'en').coach).toBe('Coach');
    expect(wordWith(BATCH_REJECT_TEXT.row_invalid, 'en', { min: 1, max: 99 })).toBe('Row must be 1–99');
    expect(wordWith(BATCH_REJECT_TEXT.name_too_long, 'zh', { max: 50 })).toBe('姓名最多 50 字');
    expect(wordWith(BATCH_REJECT_TEXT.invalid, 'zh')).toBe('该行未能核查（）');
  });
});
