/** Market value of positions and cash on a date, from gold closes and FX. */
import { ZERO, type Decimal } from './decimal.ts';
import type { Ledger, Position } from './ledger.ts';
import type { MarketData } from './market-data.ts';

export interface PositionValue {
  /** instrument currency */
  readonly marketValue: Decimal;
  /** per share in the shares held on `date` (gold's close × later split factor) */
  readonly price: Decimal;
  readonly priceDate: string | null;
}

/**
 * quantity × close × (product of split ratios after `date`): the close is split-adjusted for every
 * split gold knows, so the held quantity is converted to today's share units instead.
 */
export function valuePosition(position: Position, market: MarketData, date: string): PositionValue {
  if (position.quantity.isZero()) return { marketValue: ZERO, price: ZERO, priceDate: null };
  const last = market.closeOnOrBefore(position.symbol, date);
  if (last === undefined) {
    return {
      marketValue: position.quantity.mul(position.lastPrice),
      price: position.lastPrice,
      priceDate: null,
    };
  }
  const price = last.close.mul(market.splitFactorAfter(position.symbol, date));
  return { marketValue: position.quantity.mul(price), price, priceDate: last.date };
}

/** Local value of every bucket (each position, each cash currency) with its currency. */
export function bucketValues(
  ledger: Ledger,
  market: MarketData,
  date: string,
): Map<string, { currency: string; value: Decimal }> {
  const buckets = new Map<string, { currency: string; value: Decimal }>();
  for (const position of ledger.positions.values()) {
    if (position.quantity.isZero()) continue;
    buckets.set(`S:${position.symbol}`, {
      currency: position.currency,
      value: valuePosition(position, market, date).marketValue,
    });
  }
  for (const [currency, amount] of ledger.cash) {
    if (!amount.isZero()) buckets.set(`C:${currency}`, { currency, value: amount });
  }
  return buckets;
}
