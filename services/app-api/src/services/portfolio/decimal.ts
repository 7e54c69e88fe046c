/**
 * The one Decimal used for money and quantities: 34 significant digits (IEEE decimal128's
 * precision), banker's rounding for intermediate divisions, and never exponent notation in output.
 */
import { Decimal as DecimalBase } from 'decimal.js';

export const Decimal = DecimalBase.clone({
  precision: 34,
  rounding: DecimalBase.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = DecimalBase;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);

/** Money for display: 2 decimals, half away from zero (what a statement shows). */
export function money(value: Decimal): string {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** Per-share prices and average costs: up to 6 decimals, trailing zeros dropped. */
export function unitPrice(value: Decimal): string {
  return value.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toString();
}

/** Quantities exactly as held (splits can produce fractions), trailing zeros dropped. */
export function quantity(value: Decimal): string {
  return value.toString();
}

/** A ratio for JSON (returns are numbers per the API contract), rounded to 10 decimals. */
export function ratio(value: Decimal): number {
  return value.toDecimalPlaces(10, Decimal.ROUND_HALF_EVEN).toNumber();
}
