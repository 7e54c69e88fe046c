/** Loads a portfolio's transactions and the gold data its calculations need. */
import type { Kysely } from 'kysely';
import { AppError } from '../../http/errors.ts';
import { findInstruments } from '../../db/market.repository.ts';
import type { TransactionRow } from '../../db/portfolios.repository.ts';
import type { GoldDatabase } from '../../db/schema.ts';
import { Decimal } from './decimal.ts';
import type { LedgerTransaction } from './ledger.ts';
import type { GoldReference, GoldSeriesCache } from './gold-series-cache.ts';
import { MarketData, type SplitEvent } from './market-data.ts';

/**
 * Ledger transactions from rows. Decimals are immutable, so equal texts (fees, round quantities) share
 * one parsed value: pass the same `memo` for all rows of a portfolio.
 */
function toLedger(row: TransactionRow, memo: Map<string, Decimal>): LedgerTransaction {
  const parse = (text: string): Decimal => {
    let value = memo.get(text);
    if (value === undefined) {
      value = new Decimal(text);
      memo.set(text, value);
    }
    return value;
  };
  const dec = (value: string | null): Decimal | null => (value === null ? null : parse(value));
  return {
    id: row.id,
    type: row.type,
    date: row.date,
    symbol: row.symbol,
    quantity: dec(row.quantity),
    price: dec(row.price),
    fee: parse(row.fee),
    amount: dec(row.amount),
    currency: row.currency,
  };
}

/** Symbol → currency for every symbol; a 422 naming the unknown ones otherwise. */
export async function instrumentCurrencies(
  gold: Kysely<GoldDatabase>,
  symbols: Iterable<string>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(symbols)];
  const found = await findInstruments(gold, wanted);
  return currenciesOf(new Map(found.map((i) => [i.symbol, i.currency ?? 'USD'])), wanted);
}

/** The currencies of `wanted` from gold's instrument list; a 422 naming the unknown ones otherwise. */
function currenciesOf(known: ReadonlyMap<string, string>, wanted: readonly string[]): Map<string, string> {
  const currencies = new Map<string, string>();
  const unknown: string[] = [];
  for (const symbol of wanted) {
    const currency = known.get(symbol);
    if (currency === undefined) unknown.push(symbol);
    else currencies.set(symbol, currency);
  }
  if (unknown.length > 0) {
    throw new AppError(
      'UNPROCESSABLE',
      `Unknown symbol${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
      {
        details: unknown.map((symbol) => ({
          path: 'symbol',
          message: `${symbol} is not an instrument of the platform (see GET /instruments?q=)`,
        })),
      },
    );
  }
  return currencies;
}

export interface PortfolioMarketRequest {
  readonly transactions: readonly LedgerTransaction[];
  readonly baseCurrency: string;
  readonly extraSymbols?: readonly string[];
}

/**
 * Everything from the per-gold-version cache: instruments' currencies and splits (whole lists) and
 * the price and FX histories the portfolio touches. A warm request queries no gold table.
 */
export async function loadMarketData(
  series: GoldSeriesCache,
  request: PortfolioMarketRequest,
): Promise<MarketData> {
  const symbols = new Set<string>(request.extraSymbols ?? []);
  const cashCurrencies = new Set<string>([request.baseCurrency]);
  for (const tx of request.transactions) {
    if (tx.symbol !== null) symbols.add(tx.symbol);
    else cashCurrencies.add(tx.currency ?? request.baseCurrency);
  }
  const held = [...new Set(request.transactions.flatMap((t) => (t.symbol === null ? [] : [t.symbol])))];
  const reference = await series.reference();
  const currencies = currenciesOf(reference.currencies, held);
  for (const symbol of request.extraSymbols ?? []) {
    const currency = reference.currencies.get(symbol);
    if (currency !== undefined) currencies.set(symbol, currency);
  }
  const allCurrencies = new Set([...cashCurrencies, ...currencies.values()]);
  const [prices, fx] = await Promise.all([series.prices(symbols), series.fxRates(allCurrencies)]);
  return new MarketData({ currencies, prices, splits: splitsOf(reference, symbols), fx });
}

function splitsOf(reference: GoldReference, symbols: Iterable<string>): Map<string, readonly SplitEvent[]> {
  const splits = new Map<string, readonly SplitEvent[]>();
  for (const symbol of symbols) {
    const events = reference.splits.get(symbol);
    if (events !== undefined) splits.set(symbol, events);
  }
  return splits;
}

/** Splits and currencies only: enough to check that no sale exceeds the shares held. */
export async function loadStructure(
  series: GoldSeriesCache,
  transactions: readonly LedgerTransaction[],
): Promise<MarketData> {
  const symbols = [...new Set(transactions.flatMap((t) => (t.symbol === null ? [] : [t.symbol])))];
  const reference = await series.reference();
  return new MarketData({
    currencies: currenciesOf(reference.currencies, symbols),
    prices: new Map(),
    splits: splitsOf(reference, symbols),
    fx: new Map(),
    ignoreFx: true,
  });
}

/** All rows of a portfolio as ledger transactions, sharing parsed decimals. */
export function toLedgerTransactions(rows: readonly TransactionRow[]): LedgerTransaction[] {
  const memo = new Map<string, Decimal>();
  return rows.map((row) => toLedger(row, memo));
}
