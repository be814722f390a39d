import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import zh from './zh-CN/tracing.ts';
import en from './en/tracing.ts';
// The reason codes the server answers an import's rejected rows with (the contracts): a code added
// there without a text here fails this test.
import { BATCH_FIELDS, BATCH_REJECT_REASONS, BATCH_VERDICTS, IMPORT_REJECT_REASONS, TRIP_MODES } from '@fangxian/contracts/tracing';
import { BATCH_FIELD_TEXT, BATCH_REJECT_TEXT, BATCH_VERDICT_TEXT, TRIP_MODE_TEXT, wordWith } from '@fangxian/contracts/tracing-texts';
import { batchFieldLabel, batchRejectText } from '../tracing/batch-check.ts';

// Key parity with Chinese (and placeholders) is checked for every namespace in locales.test.ts.
describe('tracing locale', () => {
  it('words every reason an import refuses a row for', () => {
    for (const locale of [zh, en]) {
      for (const r of IMPORT_REJECT_REASONS) expect(locale.importReject.reasons[r], r).toBeTruthy();
    }
  });

  // The batch check's codes are worded once, in the contracts (whose test checks every code of each
  // list has both texts); the server's result workbook reads that table, and the apps must show the
  // very same text for every code, params filled in, in both languages.
  it('shows the contracts’ text of every batch-check code, as the server’s result workbook words it', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { 'zh-CN': { tracing: zh }, en: { tracing: en } }, lng: 'zh-CN', defaultNS: 'tracing', interpolation: { escapeValue: false }, initAsync: false });
    const params = { max: 50, min: 1, code: 'SOME_CODE' };
    for (const [lng, lang] of [['zh-CN', 'zh'], ['en', 'en']] as const) {
      const t = i18n.getFixedT(lng, 'tracing');
      for (const r of BATCH_REJECT_REASONS) expect(batchRejectText(t, { reason: r, params }), r).toBe(wordWith(BATCH_REJECT_TEXT[r], lang, params));
      for (const f of BATCH_FIELDS) expect(batchFieldLabel(t, f), f).toBe(BATCH_FIELD_TEXT[f][lang]);
      for (const v of BATCH_VERDICTS) expect(t(`batch.verdicts.${v}`), v).toBe(BATCH_VERDICT_TEXT[v][lang]);
      for (const m of TRIP_MODES) expect(t(`mode.${m}`), m).toBe(TRIP_MODE_TEXT[m][lang]);
    }
  });
});
