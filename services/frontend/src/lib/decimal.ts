// Money and quantities arrive from the API as decimal strings ("1234.56"). They are compared and
// formatted as strings so no amount ever passes through a binary float (Intl.NumberFormat formats
// numeric strings exactly). Charts convert to numbers for plotting only (toPlotNumber).

/** A decimal string as the API sends it: optional minus, digits, optional fraction. */
export type DecimalString = string;

const DECIMAL_PATTERN = /^([+-]?)(\d+)(?:\.(\d+))?$/;

interface ParsedDecimal {
  negative: boolean;
  integer: string;
  fraction: string;
}

function parse(value: DecimalString): ParsedDecimal | undefined {
  const match = DECIMAL_PATTERN.exec(value.trim());
  if (!match) return undefined;
  const integer = (match[2] ?? '0').replace(/^0+(?=\d)/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const isZero = /^0*$/.test(integer) && fraction === '';
  return { negative: match[1] === '-' && !isZero, integer, fraction };
}

export function isDecimalString(value: unknown): value is DecimalString {
  return typeof value === 'string' && parse(value) !== undefined;
}

/** −1, 0 or 1; "-0.00" is 0. Throws on a string that is not a decimal. */
export function decimalSign(value: DecimalString): -1 | 0 | 1 {
  const parsed = parseOrThrow(value);
  if (/^0*$/.test(parsed.integer) && parsed.fraction === '') return 0;
  return parsed.negative ? -1 : 1;
}

/** Exact comparison of two decimal strings: negative when a < b, 0 when equal, positive when a > b. */
export function compareDecimal(a: DecimalString, b: DecimalString): number {
  const x = parseOrThrow(a);
  const y = parseOrThrow(b);
  const signX = decimalSign(a);
  const signY = decimalSign(b);
  if (signX !== signY) return signX - signY;
  const magnitude = compareMagnitude(x, y);
  return signX < 0 ? -magnitude : magnitude;
}

function compareMagnitude(x: ParsedDecimal, y: ParsedDecimal): number {
  if (x.integer.length !== y.integer.length) return x.integer.length - y.integer.length;
  if (x.integer !== y.integer) return x.integer < y.integer ? -1 : 1;
  const width = Math.max(x.fraction.length, y.fraction.length);
  const fx = x.fraction.padEnd(width, '0');
  const fy = y.fraction.padEnd(width, '0');
  if (fx === fy) return 0;
  return fx < fy ? -1 : 1;
}

/** For charts only: a float approximation of an amount, never used for arithmetic on money. */
export function toPlotNumber(value: DecimalString | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

function parseOrThrow(value: DecimalString): ParsedDecimal {
  const parsed = parse(value);
  if (!parsed)
    throw new TypeError(`Expected a decimal string such as "1234.56", got ${JSON.stringify(value)}`);
  return parsed;
}

/** The canonical numeric-string form Intl.NumberFormat accepts exactly ("+1.50" → "1.50"). */
export function toIntlNumericString(value: DecimalString): `${number}` {
  const parsed = parseOrThrow(value);
  const fraction = parsed.fraction === '' ? '' : `.${parsed.fraction}`;
  return `${parsed.negative ? '-' : ''}${parsed.integer}${fraction}` as `${number}`;
}
