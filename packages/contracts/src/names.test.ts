import { describe, expect, it } from 'vitest';
import { checkLabel, checkPersonName, nameProblemMessage } from './names.ts';

const problem = (check: ReturnType<typeof checkPersonName>) => (check.ok ? null : check.problem);

describe('checkPersonName', () => {
  it('accepts Chinese names, rare characters from the CJK extension planes and the middle dot', () => {
    expect(checkPersonName('张三')).toEqual({ ok: true, value: '张三' });
    expect(checkPersonName('欧阳娜娜')).toEqual({ ok: true, value: '欧阳娜娜' });
    // 𠮷 (U+20BB7, extension B) and 𪚥 (U+2A6A5): rare characters used in real names.
    expect(checkPersonName('𠮷野家')).toEqual({ ok: true, value: '𠮷野家' });
    expect(checkPersonName('王𪚥')).toEqual({ ok: true, value: '王𪚥' });
    // 〇 is a Han character (U+3007), seen in given names.
    expect(checkPersonName('李〇')).toEqual({ ok: true, value: '李〇' });
    expect(checkPersonName('买买提·艾力')).toEqual({ ok: true, value: '买买提·艾力' });
  });

  it('unifies the look-alike dots and spaces around them to the middle dot', () => {
    expect(checkPersonName('阿依古丽•买买提')).toEqual({ ok: true, value: '阿依古丽·买买提' });
    expect(checkPersonName('阿依古丽・买买提')).toEqual({ ok: true, value: '阿依古丽·买买提' });
    expect(checkPersonName('阿依古丽 · 买买提')).toEqual({ ok: true, value: '阿依古丽·买买提' });
  });

  it('accepts Latin names for foreigners with spaces, hyphens and apostrophes, and folds spaces', () => {
    expect(checkPersonName('  John   Smith ')).toEqual({ ok: true, value: 'John Smith' });
    expect(checkPersonName("Mary-Jane O'Neil")).toEqual({ ok: true, value: "Mary-Jane O'Neil" });
    expect(checkPersonName('José Núñez')).toEqual({ ok: true, value: 'José Núñez' });
    // Full-width letters are folded to ASCII by NFKC.
    expect(checkPersonName('ＡＮＮＡ')).toEqual({ ok: true, value: 'ANNA' });
  });

  it('refuses emoji, markup, controls and digits with their own problem', () => {
    expect(problem(checkPersonName('😀😀测试'))).toBe('emoji');
    expect(problem(checkPersonName('张❤三'))).toBe('emoji');
    expect(problem(checkPersonName('张三\u200D'))).toBe('emoji');
    expect(problem(checkPersonName('<b>张三</b>'))).toBe('markup');
    expect(problem(checkPersonName('<script>alert(1)</script>'))).toBe('markup');
    expect(problem(checkPersonName('张\n三'))).toBe('control');
    expect(problem(checkPersonName('张\t三'))).toBe('control');
    expect(problem(checkPersonName('张三\u202E'))).toBe('control');
    expect(problem(checkPersonName('张三3'))).toBe('digits');
    expect(problem(checkPersonName('张三３'))).toBe('digits');
  });

  it('refuses other characters, mixed scripts, stray dots and wrong lengths', () => {
    expect(problem(checkPersonName('   '))).toBe('empty');
    expect(problem(checkPersonName('张'))).toBe('too_short');
    expect(problem(checkPersonName('张'.repeat(65)))).toBe('too_long');
    expect(problem(checkPersonName('张'.repeat(20), 10))).toBe('too_long');
    expect(problem(checkPersonName('张三San'))).toBe('mixed');
    expect(problem(checkPersonName('·张三'))).toBe('dot');
    expect(problem(checkPersonName('张三·'))).toBe('dot');
    expect(problem(checkPersonName('张··三'))).toBe('dot');
    expect(problem(checkPersonName('张 三'))).toBe('characters');
    expect(problem(checkPersonName('张三!'))).toBe('characters');
    expect(problem(checkPersonName('김철수'))).toBe('characters');
    expect(problem(checkPersonName('\uE000\uE001'))).toBe('characters');
  });

  it('counts a supplementary-plane character as one', () => {
    expect(checkPersonName('𠮷'.repeat(64)).ok).toBe(true);
    expect(problem(checkPersonName('𠮷'.repeat(65)))).toBe('too_long');
  });
});

describe('checkLabel', () => {
  it('accepts printable names with letters, digits, punctuation and symbols', () => {
    expect(checkLabel('万达广场（旌阳店）', 100)).toEqual({ ok: true, value: '万达广场（旌阳店）' });
    expect(checkLabel('M&G 文具 · 2号店', 100)).toEqual({ ok: true, value: 'M&G 文具 · 2号店' });
    expect(checkLabel('疾控中心  流调一组', 64)).toEqual({ ok: true, value: '疾控中心 流调一组' });
    expect(checkLabel('Café® 𠮷野家', 100)).toEqual({ ok: true, value: 'Café® 𠮷野家' });
  });

  it('refuses emoji, markup, controls, invisible characters, no letters and over-long text', () => {
    expect(checkLabel('😀超市', 100)).toEqual({ ok: false, problem: 'emoji' });
    expect(checkLabel('超市®️', 100)).toEqual({ ok: false, problem: 'emoji' });
    expect(checkLabel('🇨🇳超市', 100)).toEqual({ ok: false, problem: 'emoji' });
    expect(checkLabel('<img src=x onerror=alert(1)>', 100)).toEqual({ ok: false, problem: 'markup' });
    expect(checkLabel('＜b＞超市', 100)).toEqual({ ok: false, problem: 'markup' });
    expect(checkLabel('超市\r\n', 100)).toEqual({ ok: false, problem: 'control' });
    expect(checkLabel('超\u200B市', 100)).toEqual({ ok: false, problem: 'control' });
    expect(checkLabel('超市\u0085', 100)).toEqual({ ok: false, problem: 'control' });
    expect(checkLabel('！！！', 100)).toEqual({ ok: false, problem: 'characters' });
    expect(checkLabel(' ', 100)).toEqual({ ok: false, problem: 'empty' });
    expect(checkLabel('部'.repeat(65), 64)).toEqual({ ok: false, problem: 'too_long' });
  });
});

describe('nameProblemMessage', () => {
  it('names the field and the limit in Chinese and English', () => {
    expect(nameProblemMessage('emoji', { kind: 'person' })).toBe('姓名不能包含表情符号');
    expect(nameProblemMessage('emoji', { kind: 'person', language: 'en' })).toBe('The name cannot contain emoji');
    expect(nameProblemMessage('too_long', { kind: 'label', field: { zh: '部门', en: 'The department' }, maxLength: 64 })).toBe('部门不超过 64 个字');
    expect(nameProblemMessage('markup', { kind: 'label', field: { zh: '场所名称', en: 'The venue name' }, language: 'en' })).toBe(
      'The venue name cannot contain < or > (HTML markup)',
    );
  });
});
