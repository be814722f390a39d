import { describe, expect, it } from 'vitest';
import { AppError, CommonErrors, allErrorCodes, defineErrors, errorBody } from './errors.ts';

const UnitErrors = defineErrors('UNIT_TEST', {
  UNIT_TEST_BROKEN: { status: 409, zh: '坏了', en: 'Broken' },
  UNIT_TEST_GONE: { status: 410, zh: '没了', en: 'Gone' },
});

describe('error catalogues', () => {
  it('returns entries keyed by code that carry their status and messages', () => {
    expect(UnitErrors.UNIT_TEST_BROKEN).toEqual({ code: 'UNIT_TEST_BROKEN', status: 409, zh: '坏了', en: 'Broken' });
    const err = new AppError(UnitErrors.UNIT_TEST_GONE, { id: 1 });
    expect(err).toMatchObject({ code: 'UNIT_TEST_GONE', status: 410, details: { id: 1 } });
    expect(err.is(UnitErrors.UNIT_TEST_GONE)).toBe(true);
    expect(err.is(UnitErrors.UNIT_TEST_BROKEN)).toBe(false);
    // Checked by the compiler (npm run typecheck), never run:
    const code = 'UNIT_TEST_GONE';
    const mistakes = () => [
      // @ts-expect-error -- a code is an entry of a catalogue, never a string
      new AppError(code),
      // @ts-expect-error -- a mistyped code does not compile
      new AppError(UnitErrors.UNIT_TEST_GNOE),
    ];
    expect(typeof mistakes).toBe('function');
  });

  it('refuses codes without the module prefix', () => {
    // @ts-expect-error -- every code must start with the prefix
    expect(() => defineErrors('UNIT_TEST', { OTHER_THING: { status: 400, zh: 'x', en: 'x' } })).toThrow(/must start with UNIT_TEST_/);
    expect(() => defineErrors('unit', { unit_thing: { status: 400, zh: 'x', en: 'x' } })).toThrow(/UPPER_SNAKE_CASE/);
  });

  it('lists the common codes and the given catalogues once each, sorted', () => {
    const codes = allErrorCodes([UnitErrors, UnitErrors]).map((e) => e.code);
    expect(codes).toContain('NOT_FOUND');
    expect(codes).toContain('UNIT_TEST_BROKEN');
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(codes.length);
    const clash = defineErrors('UNIT_TEST', { UNIT_TEST_BROKEN: { status: 400, zh: '另一个', en: 'Another' } });
    expect(() => allErrorCodes([UnitErrors, clash])).toThrow(/defined twice/);
  });

  it('renders the body in the caller\'s language, with details only below 500', () => {
    expect(errorBody(UnitErrors.UNIT_TEST_BROKEN, 'en', { a: 1 })).toEqual({ code: 'UNIT_TEST_BROKEN', message: 'Broken', details: { a: 1 } });
    expect(errorBody(CommonErrors.INTERNAL, 'zh-CN', { secret: 1 })).toEqual({ code: 'INTERNAL', message: '系统繁忙，请稍后再试' });
  });
});
