import { afterEach, describe, expect, it } from 'vitest';
import {
  directionOf,
  formatCompact,
  formatDate,
  formatMoney,
  formatPercent,
  formatQuantity,
  setFormatLocale,
} from './format.ts';

afterEach(() => setFormatLocale('en-US'));

describe('formatMoney', () => {
  it('formats decimal strings exactly, beyond float precision', () => {
    // As a double, 9007199254740993.01 is 9007199254740992: a float path would print ...992.00.
    expect(formatMoney('9007199254740993.01', 'USD')).toBe('$9,007,199,254,740,993.01');
  });

  it('rounds half away from zero on the decimal digits, not on a float', () => {
    // 1.005 as a double is 1.00499999999999989...; a float path rounds it down to 1.00.
    expect(formatMoney('1.005', 'USD')).toBe('$1.01');
    expect(formatMoney('-2.675', 'EUR')).toBe('−€2.68');
  });

  it('uses the currency minor units and the locale', () => {
    expect(formatMoney('1234.5', 'JPY')).toBe('¥1,235');
    setFormatLocale('de-DE');
    expect(formatMoney('1234.5', 'EUR')).toBe('1.234,50\u00a0€');
  });

  it('shows an explicit sign for gains and losses when asked', () => {
    expect(formatMoney('12.3', 'GBP', { sign: 'always' })).toBe('+£12.30');
    expect(formatMoney('-12.3', 'GBP', { sign: 'always' })).toBe('−£12.30');
    expect(formatMoney('0.00', 'GBP', { sign: 'always' })).toBe('£0.00');
  });

  it('shows a dash for missing or malformed values rather than a wrong number', () => {
    expect(formatMoney(null, 'USD')).toBe('—');
    expect(formatMoney('12,5', 'USD')).toBe('—');
  });
});

describe('other formatters', () => {
  it('formats ratios as signed percentages', () => {
    expect(formatPercent(0.0421, { sign: 'always' })).toBe('+4.21%');
    expect(formatPercent(-0.1, { sign: 'always' })).toBe('−10.00%');
    expect(formatPercent(null)).toBe('—');
  });

  it('keeps quantity decimals up to six places', () => {
    expect(formatQuantity('1234.123456789')).toBe('1,234.123457');
    expect(formatQuantity('10')).toBe('10');
  });

  it('shortens large amounts', () => {
    expect(formatCompact('2940000000000', 'USD')).toBe('$2.9T');
    expect(formatCompact(-41_300_000)).toBe('−41.3M');
  });

  it('formats calendar dates without shifting the day by time zone', () => {
    expect(formatDate('2026-01-01')).toBe('Jan 1, 2026');
  });

  it('tells direction from strings and numbers', () => {
    expect(directionOf('-0.01')).toBe('down');
    expect(directionOf('0.00')).toBe('flat');
    expect(directionOf(0.5)).toBe('up');
  });
});
