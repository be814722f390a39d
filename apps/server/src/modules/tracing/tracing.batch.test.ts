import { describe, expect, it } from 'vitest';
import { batchRejectText } from './tracing.batch.ts';

// The downloadable result words refusals on the server (in the requester's language) from the
// contracts' table (packages/contracts/src/tracing-texts.ts, which its own test checks complete); the
// apps word the JSON answer's codes from their locale, which takes the same table.
describe('organisation batch check wording', () => {
  it('fills a refusal’s params in, in the requester’s language', () => {
    expect(batchRejectText({ reason: 'row_invalid', params: { min: 1, max: 99 } }, 'en')).toBe('Row must be 1–99');
    expect(batchRejectText({ reason: 'name_too_long', params: { max: 50 } }, 'zh-CN')).toBe('姓名最多 50 字');
  });
});
