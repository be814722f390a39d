import { describe, expect, it } from 'vitest';
import zh from './zh-CN/tracing.ts';
import en from './en/tracing.ts';
// The reason codes the server answers an import's rejected rows with (the contracts): a code added
// there without a text here fails this test.
import { BATCH_FIELDS, BATCH_REJECT_REASONS, IMPORT_REJECT_REASONS } from '@fangxian/contracts/tracing';

// Key parity with Chinese (and placeholders) is checked for every namespace in locales.test.ts.
describe('tracing locale', () => {
  it('words every reason an import refuses a row for', () => {
    for (const locale of [zh, en]) {
      for (const r of IMPORT_REJECT_REASONS) expect(locale.importReject.reasons[r], r).toBeTruthy();
    }
  });

  it('words every reason the organisation batch check refuses a row for, and every column it names', () => {
    for (const locale of [zh, en]) {
      const reasons: Record<string, string | undefined> = locale.batch.rejectReasons;
      const fields: Record<string, string | undefined> = locale.batch.fields;
      for (const r of BATCH_REJECT_REASONS) expect(reasons[r]?.trim(), r).toBeTruthy();
      for (const f of BATCH_FIELDS) expect(fields[f]?.trim(), f).toBeTruthy();
    }
  });
});
