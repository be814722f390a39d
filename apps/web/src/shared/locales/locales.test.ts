import { describe, expect, it } from 'vitest';
import zhCommon from './zh-CN/common.ts';
import zhCitizen from './zh-CN/citizen.ts';
import zhConsole from './zh-CN/console.ts';
import zhVenue from './zh-CN/venue.ts';
import enCommon from './en/common.ts';
import enCitizen from './en/citizen.ts';
import enConsole from './en/console.ts';
import enVenue from './en/venue.ts';
import zhTracing from './zh-CN/tracing.ts';
import enTracing from './en/tracing.ts';
import zhCheckin from './zh-CN/checkin.ts';
import enCheckin from './en/checkin.ts';
import zhHealth from './zh-CN/health.ts';
import enHealth from './en/health.ts';
import zhScreening from './zh-CN/screening.ts';
import enScreening from './en/screening.ts';
import zhTickets from './zh-CN/tickets.ts';
import enTickets from './en/tickets.ts';
import zhHall from './zh-CN/hall.ts';
import enHall from './en/hall.ts';
import zhResults from './zh-CN/results.ts';
import enResults from './en/results.ts';
import zhGovservice from './zh-CN/govservice.ts';
import enGovservice from './en/govservice.ts';
import { STAFF_ROLES } from '../api/types.ts';
import { DOCUMENT_TYPES } from '@fangxian/contracts/id-documents';

/** Every leaf of a locale object as [dotted key, text]. */
function leaves(value: unknown, prefix = ''): [string, string][] {
  if (typeof value === 'string') return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

const namespaces = {
  common: [zhCommon, enCommon],
  citizen: [zhCitizen, enCitizen],
  console: [zhConsole, enConsole],
  venue: [zhVenue, enVenue],
  tracing: [zhTracing, enTracing],
  checkin: [zhCheckin, enCheckin],
  health: [zhHealth, enHealth],
  screening: [zhScreening, enScreening],
  tickets: [zhTickets, enTickets],
  hall: [zhHall, enHall],
  results: [zhResults, enResults],
  govservice: [zhGovservice, enGovservice],
};

describe('locales', () => {
  for (const [ns, [zh, en]] of Object.entries(namespaces)) {
    it(`${ns}: English has exactly the Chinese keys, none empty, same placeholders`, () => {
      const zhLeaves = new Map(leaves(zh));
      const enLeaves = new Map(leaves(en));
      expect([...enLeaves.keys()].sort()).toEqual([...zhLeaves.keys()].sort());
      for (const [key, text] of [...zhLeaves, ...enLeaves]) expect(text.trim(), key).not.toBe('');
      const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      for (const [key, text] of zhLeaves) expect(placeholders(enLeaves.get(key)!), key).toEqual(placeholders(text));
    });
  }

  it('names every staff role and document type the API can return', () => {
    for (const locale of [zhCommon, enCommon]) {
      for (const role of STAFF_ROLES) expect(locale.role[role], role).toBeTruthy();
      for (const type of DOCUMENT_TYPES) expect(locale.documentType[type], type).toBeTruthy();
    }
  });

  it('explains every problem the document check can report', () => {
    for (const locale of [zhCitizen, enCitizen]) {
      for (const problem of ['empty', 'format', 'division', 'birth_date', 'check_character'] as const) expect(locale.idProblem[problem]).toBeTruthy();
    }
  });
});
