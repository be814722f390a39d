import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { caseChanges } from './case-edit.rules.ts';

const file = { onsetDate: '2026-11-28', reportDate: '2026-11-30', confirmedDate: '2026-12-01', source: 'hospital', regionCode: '510603', notes: '发热门诊' };

describe('caseChanges (订正: only the fields changed are sent)', () => {
  it('sends nothing when nothing changed, whatever the empties look like', () => {
    expect(caseChanges(file, { ...file })).toEqual({});
    expect(caseChanges({ ...file, onsetDate: null, notes: '' }, { ...file, onsetDate: undefined, notes: '   ' })).toEqual({});
  });

  it('sends a cleared date as null, notes trimmed, and each changed field once', () => {
    expect(caseChanges(file, { ...file, onsetDate: undefined })).toEqual({ onsetDate: null });
    expect(caseChanges(file, { ...file, notes: ' 补充流调信息 ' })).toEqual({ notes: '补充流调信息' });
    expect(caseChanges(file, { ...file, reportDate: '2026-11-29', regionCode: '510600', source: 'screening' })).toEqual({ reportDate: '2026-11-29', regionCode: '510600', source: 'screening' });
  });

  it('applying the changes to the file gives the form\'s values (property)', () => {
    const day = fc.constantFrom('2026-11-01', '2026-11-15', '2026-12-01');
    const values = fc.record({ onsetDate: fc.option(day), reportDate: day, confirmedDate: fc.option(day), source: fc.constantFrom('hospital', 'screening'), regionCode: fc.constantFrom('510603', '510600'), notes: fc.constantFrom('', 'a', ' a ') });
    fc.assert(
      fc.property(values, values, (before, after) => {
        const changes = caseChanges(before, after);
        const merged = { ...before, ...changes };
        expect(caseChanges(merged, after)).toEqual({});
        for (const key of Object.keys(changes)) expect(changes[key as keyof typeof changes]).not.toEqual(before[key as keyof typeof before]);
      }),
    );
  });
});
