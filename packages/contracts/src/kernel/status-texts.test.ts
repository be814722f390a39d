import { describe, expect, it } from 'vitest';
import { PERSON_STATUSES, PERSON_STATUS_TEXT, QUARANTINE_KINDS, QUARANTINE_KIND_TEXT, registryText, RISK_LEVELS, RISK_LEVEL_TEXT } from './status-texts.ts';

describe('registry vocabularies', () => {
  it('has a Chinese and an English text for every value, and no text for values not in the list', () => {
    for (const [list, texts] of [[PERSON_STATUSES, PERSON_STATUS_TEXT], [RISK_LEVELS, RISK_LEVEL_TEXT], [QUARANTINE_KINDS, QUARANTINE_KIND_TEXT]] as const) {
      expect(Object.keys(texts).sort()).toEqual([...list].sort());
      for (const value of list) {
        const text = (texts as Record<string, { zh: string; en: string }>)[value];
        expect(text.zh.trim(), value).not.toBe('');
        expect(text.en.trim(), value).not.toBe('');
      }
    }
  });

  it('shows a value in either language, and an unknown value as it is', () => {
    expect(registryText(PERSON_STATUS_TEXT, 'close_contact', 'zh')).toBe('密切接触者');
    expect(registryText(PERSON_STATUS_TEXT, 'close_contact', 'en')).toBe('close contact');
    expect(registryText(RISK_LEVEL_TEXT, 'high', 'zh')).toBe('高');
    expect(registryText(QUARANTINE_KIND_TEXT, 'central', 'en')).toBe('central quarantine');
    expect(registryText(PERSON_STATUS_TEXT, 'unknown_status', 'zh')).toBe('unknown_status');
    expect(registryText(PERSON_STATUS_TEXT, 'toString', 'en')).toBe('toString');
  });
});
