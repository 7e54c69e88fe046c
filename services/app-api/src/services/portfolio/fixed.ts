/**
 * Fixed-point decimals as BigInt (value × 10^scale) for the hot loop of the daily value series,
 * where decimal.js would allocate on every operation. Addition, subtraction and multiplication are
 * exact; the only rounding is an explicit division, half to even (the Decimal's own rounding).
 */
import { Decimal } from './decimal.ts';

/** closes are numeric(38,12) in gold: exact at 10^12 */
export const PRICE_SCALE = 12;
/** quantities in today's share units: exact for up to 18 decimals (users enter at most 12) */
export const QUANTITY_SCALE = 18;
/** usd_per_unit is numeric(38,18) in gold: exact at 10^18 */
export const FX_SCALE = 18;
/** local and base-currency values: quantity × close (18 + 12 decimals), so sums stay exact */
export const VALUE_SCALE = QUANTITY_SCALE + PRICE_SCALE;

const POW10: bigint[] = [];
export function pow10(n: number): bigint {
  let value = POW10[n];
  if (value === undefined) {
    value = 10n ** BigInt(n);
    POW10[n] = value;
  }
  return value;
}

/** A decimal string ("-12.5", "3") as value × 10^scale, rounded half to even beyond `scale`. */
export function parseScaled(text: string, scale: number): bigint {
  const dot = text.indexOf('.');
  if (dot === -1) return BigInt(text) * pow10(scale);
  const whole = text.slice(0, dot);
  const fraction = text.slice(dot + 1);
  if (fraction.length <= scale) return BigInt(whole + fraction.padEnd(scale, '0'));
  return divRound(BigInt(whole + fraction), pow10(fraction.length - scale));
}

export function fromDecimal(value: Decimal, scale: number): bigint {
  return parseScaled(value.toFixed(), scale);
}

export function toDecimal(value: bigint, scale: number): Decimal {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return new Decimal(negative ? `-${text}` : text);
}

/** a / b rounded half to even (b ≠ 0). */
export function divRound(a: bigint, b: bigint): bigint {
  const negative = a < 0n !== b < 0n;
  const n = a < 0n ? -a : a;
  const d = b < 0n ? -b : b;
  let q = n / d;
  const twice = (n - q * d) * 2n;
  if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** Money for display, like `money()`: 2 decimals, half away from zero. */
export function moneyOfScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = pow10(scale - 2);
  let cents = abs / unit;
  if ((abs - cents * unit) * 2n >= unit) cents += 1n;
  const digits = cents.toString().padStart(3, '0');
  const text = `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  return negative && cents !== 0n ? `-${text}` : text;
}

/** a / b as a double (ratios are reported as JSON numbers); values here stay far below 1e308. */
export function ratioOf(a: bigint, b: bigint): number {
  return Number(a) / Number(b);
}
