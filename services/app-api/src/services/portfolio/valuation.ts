/** Market value of positions and cash on a date, from gold closes and FX. */
import { ZERO, type Decimal } from './decimal.ts';
import type { Position } from './ledger.ts';
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
