import { describe, expect, it } from 'vitest';
import { BATCH_FIELDS, BATCH_REJECT_REASONS } from '@fangxian/contracts/tracing';
import { BATCH_FIELD_TEXT, BATCH_REJECT_TEXT, batchRejectText } from './tracing.batch.ts';

// The downloadable result words refusals on the server (in the requester's language); the apps word
// the JSON answer's codes from their locale (apps/web/src/shared/locales/tracing-locale.test.ts).
describe('organisation batch check wording', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

  it('words every refusal code and every column in Chinese and English, with the same placeholders', () => {
    for (const r of BATCH_REJECT_REASONS) {
      expect(BATCH_REJECT_TEXT[r]?.zh?.trim(), r).toBeTruthy();
      expect(BATCH_REJECT_TEXT[r]?.en?.trim(), r).toBeTruthy();
      expect(placeholders(BATCH_REJECT_TEXT[r].en), r).toEqual(placeholders(BATCH_REJECT_TEXT[r].zh));
    }
    for (const f of BATCH_FIELDS) expect(BATCH_FIELD_TEXT[f]?.zh && BATCH_FIELD_TEXT[f]?.en, f).toBeTruthy();
  });

  it('fills a refusal’s params in', () => {
    expect(batchRejectText({ reason: 'row_invalid', params: { min: 1, max: 99 } }, 'en')).toBe('Row must be 1–99');
    expect(batchRejectText({ reason: 'name_too_long', params: { max: 50 } }, 'zh-CN')).toBe('姓名最多 50 字');
  });
});
