import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { ErrorBodySchema } from './errors.ts';

describe('error body schema', () => {
  it('requires a code and a message, details optional', () => {
    expect(Value.Check(ErrorBodySchema, { code: 'NOT_FOUND', message: '未找到' })).toBe(true);
    expect(Value.Check(ErrorBodySchema, { code: 'VALIDATION_FAILED', message: 'bad', details: { field: 'x', n: 1 } })).toBe(true);
    expect(Value.Check(ErrorBodySchema, { code: 'NOT_FOUND' })).toBe(false);
    expect(Value.Check(ErrorBodySchema, { message: 'x' })).toBe(false);
    expect(Value.Check(ErrorBodySchema, { code: 'X', message: 'x', details: 'text' })).toBe(false);
  });
});
