// Locale-aware formatting. Amounts (decimal strings) go to Intl as strings, so they are rounded exactly;
// ratios (JSON numbers, 0.0421 = 4.21 %) are formatted as percentages. Every signed figure carries an
// explicit + or − so gains and losses never depend on colour alone.
import { decimalSign, isDecimalString, toIntlNumericString, type DecimalString } from './decimal.ts';

export const EMPTY_VALUE = '—';

let currentLocale: string | undefined;

/** The locale used by every formatter: the browser's unless set (tests pin it). */
export function setFormatLocale(locale: string | undefined): void {
  currentLocale = locale;
  cache.clear();
}

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify([currentLocale, options]);
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(currentLocale, options);
    cache.set(key, format);
  }
  return format;
}

type SignMode = 'auto' | 'always';

function signDisplay(sign: SignMode): Intl.NumberFormatOptions['signDisplay'] {
  return sign === 'always' ? 'exceptZero' : 'auto';
}

/** "€1,234.56" from "1234.56" in the currency's usual number of decimals. */
export function formatMoney(
  amount: DecimalString | null | undefined,
  currency: string,
  options: { sign?: SignMode; fractionDigits?: number } = {},
): string {
  if (amount === null || amount === undefined || !isDecimalString(amount)) return EMPTY_VALUE;
  return numberFormat({
    style: 'currency',
    currency,
    signDisplay: signDisplay(options.sign ?? 'auto'),
    ...(options.fractionDigits === undefined
      ? {}
      : { minimumFractionDigits: options.fractionDigits, maximumFractionDigits: options.fractionDigits }),
  })
    .format(toIntlNumericString(amount))
    .replace('-', '−');
}

/** A quantity ("12.5" shares) with up to 6 decimals and grouping. */
export function formatQuantity(quantity: DecimalString | null | undefined): string {
  if (quantity === null || quantity === undefined || !isDecimalString(quantity)) return EMPTY_VALUE;
  return numberFormat({ maximumFractionDigits: 6 }).format(toIntlNumericString(quantity)).replace('-', '−');
}

/** A market price (a JSON number): up to 4 significant decimals below 1, 2 otherwise. */
export function formatPrice(price: number | null | undefined, currency?: string): string {
  if (price === null || price === undefined || !Number.isFinite(price)) return EMPTY_VALUE;
  const digits = Math.abs(price) < 1 ? 4 : 2;
  return numberFormat({
    ...(currency ? { style: 'currency', currency } : {}),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(price);
}

/** 0.0421 → "+4.21%" (sign 'always') or "4.21%". */
export function formatPercent(
  ratio: number | null | undefined,
  options: { sign?: SignMode; fractionDigits?: number } = {},
): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return EMPTY_VALUE;
  const digits = options.fractionDigits ?? 2;
  return numberFormat({
    style: 'percent',
    signDisplay: signDisplay(options.sign ?? 'auto'),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })
    .format(ratio)
    .replace('-', '−');
}

/** Plain number (ratios such as beta or P/E). */
export function formatNumber(value: number | null | undefined, fractionDigits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY_VALUE;
  return numberFormat({ minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits })
    .format(value)
    .replace('-', '−');
}

/** Large amounts in short form: "2.9T", "41.3B", for market caps and reported fundamentals. */
export function formatCompact(value: DecimalString | number | null | undefined, currency?: string): string {
  if (value === null || value === undefined) return EMPTY_VALUE;
  if (typeof value === 'string' && !isDecimalString(value)) return EMPTY_VALUE;
  if (typeof value === 'number' && !Number.isFinite(value)) return EMPTY_VALUE;
  const numeric = typeof value === 'string' ? toIntlNumericString(value) : value;
  return numberFormat({
    notation: 'compact',
    maximumFractionDigits: 1,
    ...(currency ? { style: 'currency', currency } : {}),
  })
    .format(numeric)
    .replace('-', '−');
}

/** "2026-02-17" → "Feb 17, 2026" without time-zone shifts (a date is a calendar day, not an instant). */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return EMPTY_VALUE;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(currentLocale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** An instant (ISO 8601) in the reader's time zone. */
export function formatDateTime(isoTimestamp: string | null | undefined): string {
  if (!isoTimestamp) return EMPTY_VALUE;
  const date = new Date(isoTimestamp);
  if (Number.isNaN(date.getTime())) return isoTimestamp;
  return new Intl.DateTimeFormat(currentLocale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export type Direction = 'up' | 'down' | 'flat';

/** Direction of a signed figure, from a decimal string or a ratio. */
export function directionOf(value: DecimalString | number | null | undefined): Direction {
  if (value === null || value === undefined) return 'flat';
  if (typeof value === 'number') return value > 0 ? 'up' : value < 0 ? 'down' : 'flat';
  if (!isDecimalString(value)) return 'flat';
  const sign = decimalSign(value);
  return sign > 0 ? 'up' : sign < 0 ? 'down' : 'flat';
}
