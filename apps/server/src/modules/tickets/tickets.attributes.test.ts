import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { attributesOfForm, checkAnswers, fieldProblems, open311Attributes, type CategoryField } from './tickets.attributes.ts';

const FORM: CategoryField[] = [
  { code: 'place_type', label: '场所类型', datatype: 'singlevaluelist', required: true, order: 2, values: [{ key: 'market', name: '农贸市场' }, { key: 'mall', name: '商场' }] },
  { code: 'people', label: '涉及人数', datatype: 'number', required: false, order: 3 },
  { code: 'seen_at', label: '发现时间', datatype: 'datetime', required: true, order: 1 },
  { code: 'issues', label: '问题', datatype: 'multivaluelist', required: false, order: 4, values: [{ key: 'mask', name: '未戴口罩' }, { key: 'scan', name: '未扫码' }] },
];

describe('category attribute forms', () => {
  it('accepts a good form and names each problem of a bad one by path', () => {
    expect(fieldProblems(FORM)).toEqual([]);
    expect(fieldProblems([
      { code: '1x', label: 'a', datatype: 'string', required: false, order: 1 },
      { code: 'a', label: ' ', datatype: 'singlevaluelist', required: false, order: 2, values: [] },
      { code: 'a', label: 'b', datatype: 'number', required: false, order: 3, values: [{ key: 'k', name: 'n' }] },
    ]).map((p) => p.path)).toEqual(['fields/0/code', 'fields/1/label', 'fields/1/values', 'fields/2/code', 'fields/2/values']);
  });

  it('checks answers: required, types, list values, unknown attributes; numbers from form strings', () => {
    expect(checkAnswers(FORM, { seen_at: '2026-12-06T09:30:00+08:00', place_type: 'market', people: '12', issues: ['mask', 'mask', 'scan'] })).toEqual({
      answers: { seen_at: '2026-12-06T09:30:00+08:00', place_type: 'market', people: 12, issues: ['mask', 'scan'] },
    });
    const bad = checkAnswers(FORM, { place_type: 'school', people: 'many', issues: ['x'], colour: 'red' });
    expect('problems' in bad && bad.problems.map((p) => `${p.field}:${p.problem}`)).toEqual([
      'colour:unknown attribute', 'seen_at:required', 'place_type:not one of the values', 'people:number expected', 'issues:not among the values',
    ]);
  });

  it('property: whatever the answers, the result is either all-valid answers of known fields or at least one problem', () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('place_type', 'people', 'seen_at', 'issues', 'other'), fc.oneof(fc.string(), fc.integer(), fc.array(fc.string()))), (raw) => {
      const r = checkAnswers(FORM, raw);
      if ('answers' in r) {
        expect(Object.keys(r.answers).every((k) => FORM.some((f) => f.code === k))).toBe(true);
        expect(r.answers.seen_at).toBeDefined();
        expect(['market', 'mall']).toContain(r.answers.place_type);
      } else expect(r.problems.length).toBeGreaterThan(0);
    }));
  });

  it('serves the form as Open311 attributes in order, lists with values', () => {
    const attrs = open311Attributes(FORM);
    expect(attrs.map((a) => [a.code, a.order, a.required])).toEqual([['seen_at', 1, true], ['place_type', 2, true], ['people', 3, false], ['issues', 4, false]]);
    expect(attrs[1]).toMatchObject({ variable: true, datatype: 'singlevaluelist', values: [{ key: 'market', name: '农贸市场' }, { key: 'mall', name: '商场' }] });
    expect(attrs[0]).not.toHaveProperty('values');
  });

  it('reads attribute[CODE] and attribute[CODE][] from an Open311 form', () => {
    expect(attributesOfForm({ service_code: 'X', 'attribute[place_type]': 'mall', 'attribute[issues][]': ['mask'] })).toEqual({ place_type: 'mall', issues: ['mask'] });
  });
});
