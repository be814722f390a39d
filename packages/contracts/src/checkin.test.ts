import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { abnormalReasons, checkExtraAnswer, extraFieldsProblems, parseTemperature, windowProblem, type ExtraField } from './checkin.ts';

describe('check-in rules shared by server and web', () => {
  it('reads a typed one-decimal temperature in range, and it is abnormal from 37.3', () => {
    fc.assert(
      fc.property(fc.integer({ min: 340, max: 430 }), (tenths) => {
        const typed = (tenths / 10).toFixed(1);
        const t = parseTemperature(typed);
        expect(t).toBe(tenths / 10);
        expect(abnormalReasons({ temperature: t!, symptoms: [], riskAreaContact: false, codeColour: 'green' }).includes('fever')).toBe(tenths >= 373);
      }),
    );
    for (const typed of ['33.9', '43.1', '36.55', '', 'abc', '36.']) expect(parseTemperature(typed), typed).toBeNull();
  });

  it('treats blank text as not answered and trims what it keeps', () => {
    const text: ExtraField = { key: 'note', label: { zh: '备注', en: 'Note' }, type: 'text', required: true };
    expect(checkExtraAnswer(text, '   ')).toEqual({ problem: 'required' });
    expect(checkExtraAnswer({ ...text, required: false }, '   ')).toEqual({});
    expect(checkExtraAnswer(text, ' ok ')).toEqual({ value: 'ok' });
    const n: ExtraField = { key: 'n', label: { zh: '人数', en: 'People' }, type: 'number', required: false, min: 0, max: 3 };
    expect(checkExtraAnswer(n, '2')).toEqual({ value: 2 });
    expect(checkExtraAnswer(n, 4)).toEqual({ problem: 'range' });
  });

  it('finds the definition and window problems both apps report', () => {
    const choice: ExtraField = { key: 'bus', label: { zh: '班车', en: 'Bus' }, type: 'choice', required: false, options: ['a', 'a '] };
    expect(extraFieldsProblems([choice]).map((p) => p.problem)).toEqual(['options']);
    expect(extraFieldsProblems([{ ...choice, key: '1x', options: ['a', 'b'] }, { ...choice, key: '1x', options: ['a', 'b'] }]).map((p) => p.problem)).toEqual(['key', 'key', 'keyRepeated']);
    expect(windowProblem('06:00', '12:00', 120)).toBeNull();
    expect(windowProblem('12:00', '06:00', 120)).toBe('windowOrder');
    expect(windowProblem('6:00', '12:00', 120)).toBe('time');
    expect(windowProblem('06:00', '12:00', 5)).toBe('remind');
  });
});
