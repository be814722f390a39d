import { describe, expect, it } from 'vitest';
import zh from './zh-CN/health.ts';
import en from './en/health.ts';
// The lists the server validates and answers with (the domain kernel and the API contracts), not a
// copy in the web: a value added there without a text here fails this test.
import { COLOURS, PERSON_STATUSES, RISK_LEVELS } from '@fangxian/contracts/kernel';
import { SYMPTOM_CODES } from '@fangxian/contracts/health-code';
import { SCAN_METHODS } from '@fangxian/contracts/venues';
import { TRANSPORTS } from '../health/health.types.ts';


// Key parity with Chinese (and placeholders) is checked for every namespace in locales.test.ts.
describe('health locale', () => {
  it('names every colour, level, status, symptom, transport, scan method and refusal the API can return', () => {
    for (const locale of [zh, en]) {
      for (const c of COLOURS) expect(locale.colour[c], c).toBeTruthy();
      for (const l of RISK_LEVELS) expect(locale.level[l], l).toBeTruthy();
      for (const s of PERSON_STATUSES) expect(locale.status[s], s).toBeTruthy();
      for (const s of SYMPTOM_CODES) expect(locale.symptom[s], s).toBeTruthy();
      for (const m of TRANSPORTS) expect(locale.transport[m], m).toBeTruthy();
      for (const m of SCAN_METHODS) expect(locale.method[m], m).toBeTruthy();
      for (const r of ['HEALTH_CODE_TOKEN_MALFORMED', 'HEALTH_CODE_TOKEN_FORGED', 'HEALTH_CODE_TOKEN_EXPIRED', 'HEALTH_CODE_TOKEN_REPLAYED', 'HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER'] as const) expect(locale.verify.refusal[r], r).toBeTruthy();
    }
  });
});
