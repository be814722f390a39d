import { describe, expect, it } from 'vitest';
import { SCREENING_FIELDS, SCREENING_STATUSES, SOURCE_KINDS } from '@fangxian/contracts/screening';
import { SCREENING_FIELD_LIST, SOURCE_KIND_LIST, STATUS_LIST, countersOf, type JobView } from './screening.api.ts';

describe('screening api (console)', () => {
  it('offers exactly the kinds, statuses and mapped fields the contracts define', () => {
    expect([...SOURCE_KIND_LIST].sort()).toEqual([...SOURCE_KINDS].sort());
    expect([...STATUS_LIST].sort()).toEqual([...SCREENING_STATUSES].sort());
    expect([...SCREENING_FIELD_LIST]).toEqual([...SCREENING_FIELDS]);
  });

  it('reads the counters from an import job\'s progress message, and nothing from a missing or unreadable one', () => {
    const job = (message: string | null) => ({ progress: { done: 1, total: 2, message } }) as JobView;
    expect(countersOf(job('{"rowsRead":3,"accepted":2,"rejected":1,"matched":0,"created":2,"reviews":0}'))).toMatchObject({ rowsRead: 3, rejected: 1 });
    expect(countersOf(job(null))).toBeNull();
    expect(countersOf(job('not json'))).toBeNull();
    expect(countersOf(undefined)).toBeNull();
  });
});
