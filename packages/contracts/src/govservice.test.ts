import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFormSchema, checkItemContent, isCreditCode, validateForm, visibleFields, type FormSchema, type ItemContent } from './govservice.ts';

const schema: FormSchema = {
  fields: [
    { key: 'shopName', label: { zh: '店名', en: 'Shop name' }, type: 'text', required: true, minLength: 2, maxLength: 30 },
    { key: 'area', label: { zh: '经营面积', en: 'Area' }, type: 'number', required: true, min: 1, max: 10000 },
    { key: 'openOn', label: { zh: '开业日期', en: 'Opening day' }, type: 'date' },
    { key: 'ownerId', label: { zh: '负责人身份证号', en: 'Owner ID' }, type: 'id_number', required: true },
    { key: 'phone', label: { zh: '联系电话', en: 'Phone' }, type: 'phone', required: true },
    { key: 'creditCode', label: { zh: '统一社会信用代码', en: 'USCC' }, type: 'uscc' },
    { key: 'kind', label: { zh: '经营类别', en: 'Kind' }, type: 'choice', required: true, options: [{ value: 'food', label: { zh: '餐饮', en: 'Food' } }, { value: 'retail', label: { zh: '零售', en: 'Retail' } }] },
    { key: 'seats', label: { zh: '座位数', en: 'Seats' }, type: 'number', required: true, min: 0, visibleWhen: { field: 'kind', in: ['food'] } },
    { key: 'postcode', label: { zh: '邮编', en: 'Postcode' }, type: 'text', pattern: '\\d{6}' },
  ],
};
const good = { shopName: ' 老王面馆 ', area: 80, ownerId: '11010519491231002X', phone: '13812345678', kind: 'food', seats: 20, creditCode: '91510600MA62XXXX0Q' };

describe('GB 32100 credit code', () => {
  it('accepts real codes and refuses a wrong check character', () => {
    expect(isCreditCode('91350100M000100Y43')).toBe(true);
    expect(isCreditCode('91110000600037341L')).toBe(true);
    expect(isCreditCode('91110000600037341K')).toBe(false);
    expect(isCreditCode('9111000060003734')).toBe(false);
    expect(isCreditCode('91110000600037341I')).toBe(false); // I is not in the alphabet
  });
});

describe('form schema validation', () => {
  const ok = { ...good, creditCode: '91110000600037341L' };
  it('accepts good values and cleans them', () => {
    const r = validateForm(schema, ok);
    expect(r.errors).toEqual([]);
    expect(r.values.shopName).toBe('老王面馆');
    expect(r.values.ownerId).toBe('11010519491231002X');
  });

  it('names every problem by field', () => {
    const r = validateForm(schema, { shopName: '王', area: 0, openOn: '2026-02-30', ownerId: '110105194912310021', phone: '1234', kind: 'bar', postcode: '12345', extra: 'x', creditCode: '91110000600037341K' });
    const byField = Object.fromEntries(r.errors.map((e) => [e.field, e.problem]));
    expect(byField).toEqual({
      extra: 'unknown', shopName: 'too_short', area: 'below_min', openOn: 'date', ownerId: 'id_number', phone: 'phone', kind: 'option', postcode: 'pattern', creditCode: 'uscc',
    });
  });

  it('takes a number written as decimal text for a number field, never for a text field', () => {
    expect(validateForm(schema, { ...ok, area: '80.5' }).values.area).toBe(80.5);
    expect(validateForm(schema, { ...ok, area: '8O' }).errors).toEqual([{ field: 'area', problem: 'type' }]);
    expect(validateForm(schema, { ...ok, postcode: 610000 }).errors).toEqual([{ field: 'postcode', problem: 'type' }]);
  });

  it('a conditional field is required only when shown, and refused when hidden', () => {
    expect(validateForm(schema, { ...ok, seats: undefined } as never).errors).toEqual([{ field: 'seats', problem: 'required' }]);
    expect(validateForm(schema, { ...ok, kind: 'retail', seats: undefined } as never).errors).toEqual([]);
    expect(validateForm(schema, { ...ok, kind: 'retail' }).errors).toEqual([{ field: 'seats', problem: 'hidden' }]);
    expect(visibleFields(schema, { kind: 'retail' }).has('seats')).toBe(false);
  });

  it('refuses values of the wrong type without throwing', () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom(...schema.fields.map((f) => f.key)), fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string()))), (values) => {
      const r = validateForm(schema, values);
      for (const e of r.errors) expect(schema.fields.map((f) => f.key)).toContain(e.field);
      for (const k of Object.keys(r.values)) expect(r.errors.some((e) => e.field === k)).toBe(false);
    }));
  });

  it('checks the schema itself: keys, duplicates, options, patterns, conditions on earlier fields', () => {
    expect(checkFormSchema(schema)).toEqual([]);
    const bad: FormSchema = {
      fields: [
        { key: 'Bad Key', label: { zh: 'a', en: 'a' }, type: 'text' },
        { key: 'a', label: { zh: 'a', en: 'a' }, type: 'choice', options: [] },
        { key: 'a', label: { zh: 'a', en: 'a' }, type: 'text', pattern: '(' },
        { key: 'b', label: { zh: 'b', en: 'b' }, type: 'text', visibleWhen: { field: 'later', in: ['x'] } },
        { key: 'later', label: { zh: 'c', en: 'c' }, type: 'number', min: 5, max: 1 },
      ],
    };
    expect(checkFormSchema(bad).map((e) => `${e.field}:${e.problem}`)).toEqual(['Bad Key:key', 'a:options', 'a:duplicate_key', 'a:pattern', 'b:visible_when', 'later:bounds']);
  });

  it('checks an item: promised ≤ legal, lead department reviews, 容缺 materials are secondary', () => {
    const item: ItemContent = {
      name: 'x', type: 'administrative_licence', department: 'A', reviewDepartments: ['A'], legalLimitDays: 20, promisedLimitDays: 5, applicantTypes: ['person'],
      materials: [{ key: 'm1', name: 'm1', required: true, form: 'original', count: 1, secondary: false }], fees: [], channels: ['online'], visits: 0,
      modes: { tolerance: { materials: ['m1'], supplyDays: 5 }, commitment: null, priority: false }, resultTitle: 'x', guide: '', form: schema,
    };
    expect(checkItemContent(item)).toEqual(['tolerance_material_not_secondary']);
    expect(checkItemContent({ ...item, promisedLimitDays: 30, reviewDepartments: ['B'], modes: { ...item.modes, tolerance: null } })).toEqual(['promised_over_legal', 'lead_department_not_reviewing']);
  });
});
