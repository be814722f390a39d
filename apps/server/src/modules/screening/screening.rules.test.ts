import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCharacterOf } from '@fangxian/contracts/id-documents';
import {
  DivisionDirectory, normaliseDate, normaliseIdNumber, normaliseInstant, normaliseName, normalisePhone, upgradeIdNumber15, type DivisionEntry,
} from './screening.normalise.ts';
import { matchPerson, nameSimilarity, type Candidate } from './screening.match.ts';
import { normaliseRow, proposeMapping, resolveColumns } from './screening.rows.ts';

const TODAY = new Date('2026-12-01T00:00:00Z');
const idOf = (first17: string) => first17 + checkCharacterOf(first17);
const ID = idOf('51060319900307123'); // 旌阳区, 1990-03-07, male

const DIVISIONS: DivisionEntry[] = [
  { code: '510000', name: '四川省', level: 'province' },
  { code: '510600', name: '德阳市', level: 'city' },
  { code: '510603', name: '旌阳区', level: 'county' },
  { code: '510604', name: '罗江区', level: 'county' },
  { code: '510623', name: '中江县', level: 'county' },
  { code: '510100', name: '成都市', level: 'city' },
  { code: '510116', name: '双流区', level: 'county' },
  { code: '110000', name: '北京市', level: 'province' },
  { code: '110100', name: '市辖区', level: 'city' },
  { code: '110101', name: '东城区', level: 'county' },
  { code: '110105', name: '朝阳区', level: 'county' },
  { code: '220000', name: '吉林省', level: 'province' },
  { code: '220100', name: '长春市', level: 'city' },
  { code: '220104', name: '朝阳区', level: 'county' },
];
const directory = new DivisionDirectory(DIVISIONS);

/** Ways sources mangle what people type: full-width characters, spaces, dashes. */
const fullWidth = (s: string) => [...s].map((ch) => (/[0-9A-Za-z]/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join('');
const spaced = (s: string, every: number) => [...s].map((ch, i) => (i > 0 && i % every === 0 ? ` ${ch}` : ch)).join('');

describe('ID numbers', () => {
  it('accepts an 18-digit number however it is written, and reads birth date and sex', () => {
    for (const written of [ID, fullWidth(ID), spaced(ID, 4), ` ${ID.slice(0, 6)}-${ID.slice(6, 14)}-${ID.slice(14)} `, ID.toLowerCase()]) {
      expect(normaliseIdNumber(written, TODAY)).toEqual({ ok: true, number: ID, birthDate: '1990-03-07', sex: 'male', divisionCode: '510603' });
    }
  });

  it('upgrades a 15-digit number (19 inserted, check character added)', () => {
    const old = `${ID.slice(0, 6)}${ID.slice(8, 17)}`;
    expect(old).toHaveLength(15);
    expect(upgradeIdNumber15(old)).toBe(ID);
    expect(normaliseIdNumber(old, TODAY)).toMatchObject({ ok: true, number: ID });
  });

  it('refuses a wrong check character, an impossible birth date, an unknown province, a bad shape', () => {
    const wrong = ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1');
    expect(normaliseIdNumber(wrong, TODAY)).toEqual({ ok: false, reason: 'id_checksum' });
    expect(normaliseIdNumber(idOf('51060319900230123'), TODAY)).toEqual({ ok: false, reason: 'id_birth_date' });
    expect(normaliseIdNumber(idOf('99060319900307123'), TODAY)).toEqual({ ok: false, reason: 'id_division' });
    expect(normaliseIdNumber('51060319900307', TODAY)).toEqual({ ok: false, reason: 'id_format' });
  });

  it('property: any valid number in any spelling normalises to itself; one changed digit is refused', () => {
    const valid = fc
      .tuple(fc.integer({ min: 1930, max: 2020 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 999 }))
      .map(([y, m, d, seq]) => idOf(`510603${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`));
    fc.assert(
      fc.property(valid, fc.integer({ min: 1, max: 6 }), fc.boolean(), (id, every, wide) => {
        const written = spaced(wide ? fullWidth(id) : id, every);
        const v = normaliseIdNumber(written, TODAY);
        return v.ok && v.number === id;
      }),
    );
    fc.assert(
      fc.property(valid, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (id, pos, delta) => {
        const changed = id.slice(0, pos) + String((Number(id[pos]) + delta) % 10) + id.slice(pos + 1);
        return !normaliseIdNumber(changed, TODAY).ok;
      }),
    );
  });
});

describe('phones, names, dates', () => {
  it('writes mainland phones as 11 digits whatever the prefix and separators', () => {
    for (const p of ['13912345678', '+86 139 1234 5678', '+86-139-1234-5678', '0086 13912345678', '8613912345678', '139-1234-5678', '１３９１２３４５６７８', '(+86)139 1234 5678']) {
      expect(normalisePhone(p), p).toBe('13912345678');
    }
    expect(normalisePhone('0838-2201234')).toBe('08382201234');
    for (const bad of ['12345', '23912345678', '139123456789', 'phone', '']) expect(normalisePhone(bad), bad).toBeNull();
  });

  it('property: a phone written with +86, spaces and dashes normalises to the same digits', () => {
    const mobile = fc.tuple(fc.constantFrom('13', '15', '17', '18', '19'), fc.stringMatching(/^\d{9}$/)).map(([a, b]) => a + b);
    fc.assert(
      fc.property(mobile, fc.constantFrom('', '+86', '+86 ', '0086', '86'), fc.constantFrom('', ' ', '-'), fc.boolean(), (phone, prefix, sep, wide) => {
        const written = prefix + `${phone.slice(0, 3)}${sep}${phone.slice(3, 7)}${sep}${phone.slice(7)}`;
        return normalisePhone(wide ? fullWidth(written) : written) === phone;
      }),
    );
  });

  it('writes names without spaces, with one middle dot, full-width letters folded', () => {
    expect(normaliseName(' 张 三 ')).toBe('张三');
    expect(normaliseName('张\u3000三')).toBe('张三');
    expect(normaliseName('买买提•艾力')).toBe('买买提·艾力');
    expect(normaliseName('买买提．艾力')).toBe('买买提·艾力');
    expect(normaliseName('ｊｏｈｎ smith')).toBe('JOHNSMITH');
    expect(normaliseName('   ')).toBeNull();
  });

  it('reads the date forms of the lists and refuses impossible dates', () => {
    for (const d of ['2020-01-25', '2020/1/25', '20200125', '2020年1月25日', '2020.01.25', '2020-01-25 08:30']) expect(normaliseDate(d), d).toBe('2020-01-25');
    for (const d of ['2020-02-30', '2020-13-01', '25/01/2020', 'yesterday']) expect(normaliseDate(d), d).toBeNull();
    expect(normaliseInstant('2020-01-25 08:30')?.toISOString()).toBe('2020-01-25T00:30:00.000Z');
    expect(normaliseInstant('2020-01-25 25:30')).toBeNull();
    // Spreadsheet cells: a wall clock handed over in UTC, read as China time.
    expect(normaliseDate(new Date(Date.UTC(2020, 0, 25, 20, 0)))).toBe('2020-01-25');
    expect(normaliseInstant(new Date(Date.UTC(2020, 0, 25, 8, 30)))?.toISOString()).toBe('2020-01-25T00:30:00.000Z');
  });
});

describe('divisions', () => {
  it('resolves codes, retired codes, and names with or without their parents', () => {
    expect(directory.resolve('510603')).toEqual({ ok: true, code: '510603' });
    expect(directory.resolve('510626')).toEqual({ ok: true, code: '510604' }); // 罗江县 → 罗江区 (2017)
    expect(directory.resolve('510122')).toEqual({ ok: true, code: '510116' }); // 双流县 → 双流区
    expect(directory.resolve('四川省德阳市旌阳区')).toEqual({ ok: true, code: '510603' });
    expect(directory.resolve('德阳市 旌阳区')).toEqual({ ok: true, code: '510603' });
    expect(directory.resolve('德阳旌阳')).toEqual({ ok: true, code: '510603' });
    expect(directory.resolve('旌阳区')).toEqual({ ok: true, code: '510603' });
    expect(directory.resolve('罗江县')).toEqual({ ok: true, code: '510604' });
    expect(directory.resolve('中江县城北街道12号')).toEqual({ ok: true, code: '510623' });
    expect(directory.resolve('德阳市')).toEqual({ ok: true, code: '510600' });
    expect(directory.resolve('北京市东城区')).toEqual({ ok: true, code: '110101' });
  });

  it('takes an ambiguous bare name inside the hint, and refuses it without one', () => {
    expect(directory.resolve('朝阳区')).toEqual({ ok: false, reason: 'division_unknown' });
    expect(directory.resolve('朝阳区', '220100')).toEqual({ ok: true, code: '220104' });
    expect(directory.resolve('吉林省长春市朝阳区')).toEqual({ ok: true, code: '220104' });
    for (const bad of ['510699', '火星', '999999', '']) expect(directory.resolve(bad).ok, bad).toBe(false);
  });
});

describe('rows', () => {
  const headers = ['姓名', '身份证号', '手机号', '现住地', '抵达日期'];
  const columns = resolveColumns(headers);
  const rc = { divisions: directory, defaultDivision: null, today: TODAY };

  it('maps default headers and a saved mapping', () => {
    expect(columns).toMatchObject({ name: 0, idNumber: 1, phone: 2, residenceDivision: 3, arrivalDate: 4 });
    expect(resolveColumns(['Full name', 'Cell'], { name: 'full name', phone: 'Cell' })).toEqual({ name: 0, phone: 1 });
  });

  it('normalises a good row and refuses each kind of bad row with its reason', () => {
    const ok = normaliseRow(['张 三', spaced(ID, 6), '+86 139-1234-5678', '旌阳区', '2020/1/25'], columns, rc);
    expect(ok).toEqual({
      ok: true,
      record: expect.objectContaining({ name: '张三', idNumber: ID, phone: '13912345678', residenceDivision: '510603', householdDivision: '510603', arrivalDate: '2020-01-25', sex: 'male' }),
    });
    const reasons = [
      ['张三', '', '', '旌阳区', ''],
      ['张三', ID.slice(0, 17) + 'Y', '', '旌阳区', ''],
      ['张三', '', '12345', '旌阳区', ''],
      ['张三', '', '13912345678', '火星区', ''],
      ['张三', '', '13912345678', '', ''],
      ['张三', '', '13912345678', '旌阳区', '2020-02-30'],
    ].map((cells) => {
      const v = normaliseRow(cells, columns, rc);
      return v.ok ? 'ok' : v.reason;
    });
    expect(reasons).toEqual(['identity_missing', 'id_format', 'phone_invalid', 'division_unknown', 'division_missing', 'date_invalid']);
    expect(normaliseRow(['张三', '', '13912345678', '', ''], columns, { ...rc, defaultDivision: '510600' })).toMatchObject({ ok: true, record: { residenceDivision: '510600' } });
  });
});

describe('matching', () => {
  const person = (id: string, keys: Partial<Candidate>): Candidate => ({ id, documentIndex: null, phoneIndex: null, name: null, ...keys });

  it('matches exactly on the ID index, before anything else', () => {
    const cands = [person('a', { phoneIndex: 'p1', name: '张三' }), person('b', { documentIndex: 'd1', name: '李四' })];
    expect(matchPerson({ documentIndex: 'd1', phoneIndex: 'p1', name: '张三' }, cands)).toEqual({ kind: 'match', personId: 'b', by: 'document', score: 1 });
  });

  it('matches phone + the same name, sends a similar name to review, keeps a different name apart', () => {
    const cands = [person('a', { phoneIndex: 'p1', name: '张小明' })];
    expect(matchPerson({ documentIndex: null, phoneIndex: 'p1', name: '张小明' }, cands)).toMatchObject({ kind: 'match', personId: 'a', by: 'phone_name' });
    expect(matchPerson({ documentIndex: null, phoneIndex: 'p1', name: '张小民' }, cands)).toMatchObject({ kind: 'review', candidateId: 'a' });
    expect(matchPerson({ documentIndex: null, phoneIndex: 'p1', name: '王芳' }, cands)).toEqual({ kind: 'new' });
    // A telecom row has a phone only: one known person with it is taken.
    expect(matchPerson({ documentIndex: null, phoneIndex: 'p1', name: null }, cands)).toMatchObject({ kind: 'match', personId: 'a' });
  });

  it('never merges two different ID numbers, and sends two equally good candidates to review', () => {
    expect(matchPerson({ documentIndex: 'd2', phoneIndex: 'p1', name: '张三' }, [person('a', { documentIndex: 'd1', phoneIndex: 'p1', name: '张三' })])).toEqual({ kind: 'new' });
    const twins = [person('a', { phoneIndex: 'p1', name: '张三' }), person('b', { phoneIndex: 'p1', name: '张三' })];
    expect(matchPerson({ documentIndex: null, phoneIndex: 'p1', name: '张三' }, twins)).toMatchObject({ kind: 'review', reasons: expect.arrayContaining(['several_candidates']) });
  });

  it('property: the same person in different spellings merges; two people sharing a phone never merge', () => {
    const han = fc.constantFrom(...'张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤明华伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀霞平刚桂英');
    const name = fc.array(han, { minLength: 2, maxLength: 4 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(name, fc.integer({ min: 1, max: 3 }), (n, every) => {
        const written = normaliseName(spaced(fullWidth(n), every));
        return matchPerson({ documentIndex: null, phoneIndex: 'p', name: written }, [person('x', { phoneIndex: 'p', name: normaliseName(n) })]).kind === 'match';
      }),
    );
    fc.assert(
      fc.property(name, name, (a, b) => {
        fc.pre(a !== b);
        return matchPerson({ documentIndex: null, phoneIndex: 'p', name: a }, [person('x', { phoneIndex: 'p', name: b })]).kind !== 'match';
      }),
    );
    expect(nameSimilarity('买买提·艾力', '买买提艾力')).toBe(0.95);
  });
});

describe('column mapping from a sample file', () => {
  it('takes the usual headers, then headers containing a word for the field, below title rows', () => {
    const p = proposeMapping([
      ['德阳市返乡人员排查表'],
      [],
      ['序号', '人员姓名', '公民身份号码', '联系手机', '户籍所在区县', '现住详细地址', '现居住地', '到达时间'],
      ['1', '张三', ID, '13800000000', '旌阳区', '长江路1号', '旌阳区', '2020-01-25'],
    ], TODAY);
    expect(p.headerLine).toBe(3);
    expect(p.mapping).toEqual({
      name: '人员姓名',
      idNumber: '公民身份号码',
      phone: '联系手机',
      householdDivision: '户籍所在区县',
      address: '现住详细地址',
      residenceDivision: '现居住地',
      arrivalDate: '到达时间',
    });
    expect(p.basis.idNumber).toBe('header');
  });

  it('finds ID and phone columns by their content when the headers say nothing', () => {
    const p = proposeMapping([
      ['A', 'B', 'C'],
      ['张三', ID, '+86 138-0000-0000'],
      ['李四', idOf('51062319880808002'), '13900000000'],
      ['王五', '', '139 0000 0001'],
    ], TODAY);
    expect(p.mapping).toEqual({ idNumber: 'B', phone: 'C' });
    expect(p.basis).toEqual({ idNumber: 'content', phone: 'content' });
  });

  it('property: a proposed header is used for one field only, and every proposal names a header of the file', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.constantFrom('姓名', '身份证号', '手机', '电话', '地址', '现住地', '户籍地', ID, '13800000000'), fc.string()), { maxLength: 8 }), { maxLength: 6 }), (rows) => {
        const p = proposeMapping(rows, TODAY);
        const proposed = Object.values(p.mapping);
        expect(new Set(proposed).size).toBe(proposed.length);
        for (const h of proposed) expect(p.headers).toContain(h);
      }),
    );
  });
});
