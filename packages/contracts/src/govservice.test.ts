import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkFormSchema, checkItemContent, composeBundle, isCreditCode, reviewPartsOf, validateForm, visibleFields, type BundleSource, type BundleSpec, type FormSchema, type ItemContent,
} from './govservice.ts';

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

describe('一件事一次办: composeBundle', () => {
  const base = (name: string, department: string, fields: FormSchema['fields'], materials: ItemContent['materials'], over: Partial<ItemContent> = {}): ItemContent => ({
    name, type: 'administrative_licence', department, reviewDepartments: [department], legalLimitDays: 20, promisedLimitDays: 5, applicantTypes: ['person', 'enterprise'],
    materials, fees: [], channels: ['online', 'mobile'], visits: 1, modes: { tolerance: null, commitment: null, priority: true }, resultTitle: `${name}证`, guide: '', form: { fields }, ...over,
  });
  const spec: BundleSpec = { name: '开办餐饮店', lifeEvent: '开办餐饮店', department: '市场监管局', items: ['A', 'B'], resultTitle: '办结通知书', guide: '' };
  const src = (code: string, content: ItemContent, version = 1): BundleSource => ({ code, versionId: `${code}-v${version}`, version, content });

  it('merges fields by key (required if any), materials by key (largest count, secondary only if all), limits, modes and parts', () => {
    const a = base('营业执照', '市场监管局', [{ key: 'shop', label: { zh: '店名', en: 'Shop' }, type: 'text' }], [{ key: 'id', name: '身份证', required: true, form: 'copy', count: 1, secondary: true }],
      { legalLimitDays: 15, promisedLimitDays: 3, modes: { tolerance: { materials: ['id'], supplyDays: 5 }, commitment: null, priority: true } });
    const b = base('消防检查', '消防支队', [{ key: 'shop', label: { zh: '店名', en: 'Shop' }, type: 'text', required: true }, { key: 'area', label: { zh: '面积', en: 'Area' }, type: 'number', required: true }],
      [{ key: 'id', name: '身份证', required: false, form: 'copy', count: 2, secondary: false }, { key: 'plan', name: '平面图', required: true, form: 'original', count: 1, secondary: true }],
      { legalLimitDays: 30, promisedLimitDays: 10, visits: 0, applicantTypes: ['enterprise'], channels: ['online', 'window'], modes: { tolerance: { materials: ['plan'], supplyDays: 3 }, commitment: { text: '承诺内容承诺内容', inspectionDays: 5 }, priority: false }, remoteVerification: true });
    const r = composeBundle(spec, [src('A', a), src('B', b)]);
    expect(r.conflicts).toEqual([]);
    const c = r.content!;
    expect(c.form.fields.map((f) => [f.key, f.required ?? false])).toEqual([['shop', true], ['area', true]]);
    expect(c.materials.map((m) => [m.key, m.required, m.count, m.secondary])).toEqual([['id', true, 2, false], ['plan', true, 1, true]]);
    expect(c.modes).toEqual({ tolerance: { materials: ['plan'], supplyDays: 3 }, commitment: null, priority: false });
    expect([c.legalLimitDays, c.promisedLimitDays, c.visits]).toEqual([30, 10, 1]);
    expect(c.applicantTypes).toEqual(['enterprise']);
    expect(c.channels).toEqual(['online']);
    expect(c.remoteVerification).toBe(true);
    expect(checkItemContent(c)).toEqual([]);
    expect(reviewPartsOf(c)).toEqual([{ itemCode: 'A', department: '市场监管局' }, { itemCode: 'B', department: '消防支队' }]);
    expect(c.bundle!.members.map((m) => [m.code, m.version, m.fieldKeys, m.materialKeys])).toEqual([['A', 1, ['shop'], ['id']], ['B', 1, ['shop', 'area'], ['id', 'plan']]]);
    expect(composeBundle({ ...spec, promisedLimitDays: 31 }, [src('A', a), src('B', b)]).conflicts).toEqual([{ key: '', problem: 'promised_over_legal' }]);
  });

  it('reports conflicts: field type, options, condition, no common applicant type or channel, lead department, too few or repeated items', () => {
    const f = (over: Partial<FormSchema['fields'][number]>) => base('X', '市场监管局', [{ key: 'kind', label: { zh: '类', en: 'K' }, type: 'choice', options: [{ value: 'a', label: { zh: 'a', en: 'a' } }], ...over }], []);
    const a = f({});
    expect(composeBundle(spec, [src('A', a), src('B', f({ type: 'text', options: undefined }))]).conflicts).toEqual([{ key: 'kind', problem: 'field_type' }]);
    expect(composeBundle(spec, [src('A', a), src('B', f({ options: [{ value: 'b', label: { zh: 'b', en: 'b' } }] }))]).conflicts).toEqual([{ key: 'kind', problem: 'field_options' }]);
    expect(composeBundle(spec, [src('A', a), src('B', f({ multiple: true }))]).conflicts).toEqual([{ key: 'kind', problem: 'field_options' }]);
    expect(composeBundle(spec, [src('A', a), src('B', { ...a, applicantTypes: ['enterprise'] }), src('C', { ...a, applicantTypes: ['person'] })]).conflicts).toEqual([{ key: '', problem: 'applicant_types' }]);
    expect(composeBundle(spec, [src('A', a), src('B', { ...a, channels: ['window'] })]).conflicts).toEqual([{ key: '', problem: 'channels' }]);
    expect(composeBundle({ ...spec, department: '别的局' }, [src('A', a), src('B', a)]).conflicts).toEqual([{ key: '别的局', problem: 'lead_department' }]);
    expect(composeBundle(spec, [src('A', a)]).conflicts).toEqual([{ key: '', problem: 'too_few_items' }]);
    expect(composeBundle(spec, [src('A', a), src('A', a)]).conflicts).toEqual([{ key: '', problem: 'duplicate_item' }]);
  });

  it('property: the merged form holds every member field once, requires what any member requires, and passes the schema check', () => {
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    const fieldArb = fc.record({ key: fc.constantFrom(...keys), required: fc.boolean() });
    const memberArb = fc.uniqueArray(fieldArb, { selector: (x) => x.key, minLength: 1, maxLength: 5 });
    fc.assert(fc.property(fc.array(memberArb, { minLength: 2, maxLength: 4 }), (members) => {
      const sources = members.map((fields, i) => src(`M${i}`, base(`事项${i}`, '市场监管局', fields.map((x) => ({ key: x.key, label: { zh: x.key, en: x.key }, type: 'text' as const, required: x.required })), [])));
      const r = composeBundle({ ...spec, items: sources.map((s) => s.code) }, sources);
      expect(r.conflicts).toEqual([]);
      const merged = r.content!.form.fields;
      const all = new Set(members.flat().map((x) => x.key));
      expect(merged.map((x) => x.key).sort()).toEqual([...all].sort());
      for (const k of all) expect(merged.find((x) => x.key === k)!.required).toBe(members.flat().some((x) => x.key === k && x.required));
      expect(checkFormSchema(r.content!.form)).toEqual([]);
      expect(reviewPartsOf(r.content!)).toHaveLength(members.length);
    }));
  });
});
