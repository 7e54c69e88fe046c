import { describe, expect, it } from 'vitest';
import { compareDecimal, decimalSign, isDecimalString, toIntlNumericString } from './decimal.ts';

describe('decimal strings', () => {
  it('recognises the API decimal format and nothing else', () => {
    expect(['0', '-1', '1234.56', '0.000001', '+2.5'].every(isDecimalString)).toBe(true);
    expect(['', '1e5', '1,5', '1.', '.5', 'NaN', '12 3'].some(isDecimalString)).toBe(false);
    expect(isDecimalString(12)).toBe(false);
  });

  it('reads the sign, with negative zero as zero', () => {
    expect(decimalSign('-0.00')).toBe(0);
    expect(decimalSign('0')).toBe(0);
    expect(decimalSign('-0.01')).toBe(-1);
    expect(decimalSign('000.10')).toBe(1);
    expect(() => decimalSign('abc')).toThrow(/decimal string/);
  });

  it('compares exactly where binary floats cannot tell values apart', () => {
    // 2^53 + 1 and 2^53 are the same double; as decimals they differ.
    expect(Number('9007199254740993') === Number('9007199254740992')).toBe(true);
    expect(compareDecimal('9007199254740993', '9007199254740992')).toBeGreaterThan(0);
    expect(compareDecimal('0.30000000000000001', '0.3')).toBeGreaterThan(0);
    expect(compareDecimal('10.25', '9.5')).toBeGreaterThan(0);
    expect(compareDecimal('-10.25', '-9.5')).toBeLessThan(0);
    expect(compareDecimal('-0.5', '0.1')).toBeLessThan(0);
    expect(compareDecimal('1.50', '1.5')).toBe(0);
    expect(compareDecimal('-0', '0.000')).toBe(0);
  });

  it('normalises to the numeric-string form Intl accepts', () => {
    expect(toIntlNumericString('+001.500')).toBe('1.5');
    expect(toIntlNumericString('-0.00')).toBe('0');
  });
});
