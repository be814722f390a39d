import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskAddress, maskIdNumber, maskName, maskPhone } from './masking.ts';

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['张', '张*'],
    ['欧阳娜娜', '欧***'],
    ['  李四 ', '李*'],
    ['John Smith', 'J***'],
    ['Al', 'A***'],
    ['', ''],
    ['   ', ''],
    [null, ''],
    [undefined, ''],
  ])('%j → %j', (input, expected) => expect(maskName(input)).toBe(expected));

  it('never reveals more than the first character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 2 }), (name) => {
        const masked = maskName(name);
        expect([...masked].slice(1).every((c) => c === '*')).toBe(true);
      }),
    );
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['510603199001011234', '5106**********1234'],
    ['51060319900101123X', '5106**********123X'],
    ['510603900101123', '5106*******1123'],
    ['E12345678', 'E1****678'],
    ['12345', '*****'],
    ['', ''],
    [null, ''],
  ])('%j → %j', (input, expected) => expect(maskIdNumber(input)).toBe(expected));

  it('hides the birth date of every 18-digit resident ID', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9][0-9]{16}[0-9X]$/), (id) => {
        const masked = maskIdNumber(id);
        expect(masked).toHaveLength(18);
        expect(masked.slice(4, 14)).toBe('*'.repeat(10));
      }),
    );
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['+86 138-1234-5678', '138****5678'],
    ['008613812345678', '138****5678'],
    ['0838-2222333', '083****2333'],
    ['123456', '******'],
    ['', ''],
    [null, ''],
  ])('%j → %j', (input, expected) => expect(maskPhone(input)).toBe(expected));
});

describe('maskAddress', () => {
  it.each([
    ['四川省德阳市旌阳区长江西路一段1号', '四川省德阳市****'],
    ['旌阳区', '旌**'],
    ['区', '*'],
    ['', ''],
    [null, ''],
  ])('%j → %j', (input, expected) => expect(maskAddress(input)).toBe(expected));
});
