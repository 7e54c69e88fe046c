/** Holdings of a portfolio on a date: positions, cash and totals in instrument and base currency. */
import { ZERO, money, quantity, ratio, unitPrice } from './decimal.ts';
import type { Decimal } from './decimal.ts';
import type { LedgerTransaction } from './ledger.ts';
import type { MarketData } from './market-data.ts';
import { replay } from './replay.ts';
import { valuePosition } from './valuation.ts';

export interface Holding {
  symbol: string;
  currency: string;
  quantity: string;
  averageCost: string;
  costBasis: string;
  costBasisBase: string;
  price: string;
  priceDate: string | null;
  marketValue: string;
  marketValueBase: string;
  unrealizedPnl: string;
  unrealizedPnlBase: string;
  realizedPnl: string;
  realizedPnlBase: string;
  dividends: string;
  dividendsBase: string;
  dayChange: string;
  dayChangeBase: string;
  weight: number;
}

export interface HoldingsResult {
  baseCurrency: string;
  asOf: string;
  holdings: Holding[];
  cash: { currency: string; amount: string; amountBase: string }[];
  totals: {
    marketValueBase: string;
    costBasisBase: string;
    unrealizedPnlBase: string;
    realizedPnlBase: string;
    dividendsBase: string;
    cashBase: string;
    totalValueBase: string;
    dayChangeBase: string;
  };
}

export interface HoldingsInput {
  readonly baseCurrency: string;
  readonly transactions: readonly LedgerTransaction[];
  readonly market: MarketData;
  readonly asOf: string;
}

export function computeHoldings(input: HoldingsInput): HoldingsResult {
  const { baseCurrency, market, asOf } = input;
  const ledger = replay({ baseCurrency, transactions: input.transactions, market, until: asOf });

  const rows = [...ledger.positions.values()].map((position) => {
    const value = valuePosition(position, market, asOf);
    const rate = market.fxRate(position.currency, baseCurrency, asOf);
    const previous =
      value.priceDate === null ? undefined : market.previousClose(position.symbol, value.priceDate);
    const dayChange =
      previous === undefined || value.priceDate === null
        ? ZERO
        : position.quantity
            .mul(market.splitFactorAfter(position.symbol, asOf))
            .mul((market.closeOnOrBefore(position.symbol, value.priceDate)?.close ?? previous).sub(previous));
    const marketValueBase = value.marketValue.mul(rate);
    return { position, value, marketValueBase, dayChange, dayChangeBase: dayChange.mul(rate) };
  });
  const cash = [...ledger.cash].map(([currency, amount]) => ({
    currency,
    amount,
    amountBase: amount.mul(market.fxRate(currency, baseCurrency, asOf)),
  }));

  const sum = (values: Decimal[]): Decimal => values.reduce((a, b) => a.add(b), ZERO);
  const marketValueBase = sum(rows.map((r) => r.marketValueBase));
  const cashBase = sum(cash.map((c) => c.amountBase));
  const totalValueBase = marketValueBase.add(cashBase);
  const costBasisBase = sum(rows.map((r) => r.position.costBase));

  return {
    baseCurrency,
    asOf,
    holdings: rows
      .sort(
        (a, b) =>
          b.marketValueBase.cmp(a.marketValueBase) || a.position.symbol.localeCompare(b.position.symbol),
      )
      .map(({ position: p, value, marketValueBase: mvBase, dayChange, dayChangeBase }) => ({
        symbol: p.symbol,
        currency: p.currency,
        quantity: quantity(p.quantity),
        averageCost: unitPrice(p.quantity.isZero() ? ZERO : p.cost.div(p.quantity)),
        costBasis: money(p.cost),
        costBasisBase: money(p.costBase),
        price: unitPrice(value.price),
        priceDate: value.priceDate,
        marketValue: money(value.marketValue),
        marketValueBase: money(mvBase),
        unrealizedPnl: money(value.marketValue.sub(p.cost)),
        unrealizedPnlBase: money(mvBase.sub(p.costBase)),
        realizedPnl: money(p.realized),
        realizedPnlBase: money(p.realizedBase),
        dividends: money(p.dividends),
        dividendsBase: money(p.dividendsBase),
        dayChange: money(dayChange),
        dayChangeBase: money(dayChangeBase),
        weight: totalValueBase.gt(0) ? ratio(mvBase.div(totalValueBase)) : 0,
      })),
    cash: cash
      .sort((a, b) => a.currency.localeCompare(b.currency))
      .map((c) => ({ currency: c.currency, amount: money(c.amount), amountBase: money(c.amountBase) })),
    totals: {
      marketValueBase: money(marketValueBase),
      costBasisBase: money(costBasisBase),
      unrealizedPnlBase: money(marketValueBase.sub(costBasisBase)),
      realizedPnlBase: money(sum(rows.map((r) => r.position.realizedBase))),
      dividendsBase: money(sum(rows.map((r) => r.position.dividendsBase))),
      cashBase: money(cashBase),
      totalValueBase: money(totalValueBase),
      dayChangeBase: money(sum(rows.map((r) => r.dayChangeBase))),
    },
  };
}
