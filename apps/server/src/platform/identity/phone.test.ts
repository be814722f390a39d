import { describe, expect, it } from 'vitest';
import { normaliseMainlandMobile } from './phone.ts';

describe('normaliseMainlandMobile', () => {
  it.each([
    ['13800000001', '13800000001'],
    ['+86 138 0000 0001', '13800000001'],
    ['0086-138-0000-0001', '13800000001'],
    ['8613800000001', '13800000001'],
    ['１３８００００００01', '13800000001'],
    ['19912345678', '19912345678'],
  ])('accepts %s', (input, expected) => expect(normaliseMainlandMobile(input)).toBe(expected));

  it.each(['', '1380000000', '138000000012', '12800000001', '23800000001', '+1 415 555 0100', '1380000000a', '010-12345678'])(
    'refuses %s',
    (input) => expect(normaliseMainlandMobile(input)).toBeNull(),
  );
});
