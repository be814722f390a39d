import { describe, expect, it } from 'vitest';
import zh from './zh-CN/screening.ts';
import en from './en/screening.ts';
// The lists the server validates and answers with (the contracts), not a copy in the web: a value
// added there without a text here fails this test.
import { SCREENING_FIELDS, SCREENING_STATUSES, SOURCE_KINDS } from '@fangxian/contracts/screening';


// Key parity with Chinese (and placeholders) is checked for every namespace in locales.test.ts.
describe('screening locale', () => {
  it('names every source kind, status and column field the API knows', () => {
    for (const locale of [zh, en]) {
      for (const k of SOURCE_KINDS) expect(locale.kind[k], k).toBeTruthy();
      for (const s of SCREENING_STATUSES) expect(locale.status[s], s).toBeTruthy();
      for (const f of SCREENING_FIELDS) expect(locale.field[f], f).toBeTruthy();
    }
  });
});
