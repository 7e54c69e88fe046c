/** Loads a portfolio's transactions and the gold data its calculations need. */
import type { Kysely } from 'kysely';
import { AppError } from '../../http/errors.ts';
import { findInstruments } from '../../db/market.repository.ts';
import type { TransactionRow } from '../../db/portfolios.repository.ts';
import type { GoldDatabase } from '../../db/schema.ts';
import { Decimal } from './decimal.ts';
import type { LedgerTransaction } from './ledger.ts';
import type { GoldSeriesCache } from './gold-series-cache.ts';
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

function group<T, K extends string>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/** Symbol → currency for every symbol; a 422 naming the unknown ones otherwise. */
export async function instrumentCurrencies(
  gold: Kysely<GoldDatabase>,
  symbols: Iterable<string>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(symbols)];
  const found = await findInstruments(gold, wanted);
  const currencies = new Map(found.map((i) => [i.symbol, i.currency ?? 'USD']));
  const unknown = wanted.filter((s) => !currencies.has(s));
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
 * Instruments and splits per request (small); prices and FX from the per-gold-version cache (whole
 * histories, shared by requests).
 */
export async function loadMarketData(
  gold: Kysely<GoldDatabase>,
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
  const [currencies, instruments, splits] = await Promise.all([
    instrumentCurrencies(gold, held),
    findInstruments(gold, [...(request.extraSymbols ?? [])]),
    loadSplits(gold, [...symbols]),
  ]);
  for (const i of instruments) currencies.set(i.symbol, i.currency ?? 'USD');
  const allCurrencies = new Set([...cashCurrencies, ...currencies.values()]);
  const [prices, fx] = await Promise.all([series.prices(symbols), series.fxRates(allCurrencies)]);
  return new MarketData({ currencies, prices, splits, fx });
}

async function loadSplits(
  gold: Kysely<GoldDatabase>,
  symbols: readonly string[],
): Promise<Map<string, SplitEvent[]>> {
  const splitRows =
    symbols.length === 0
      ? []
      : await gold
          .selectFrom('gold.corporate_actions')
          .select(['symbol', 'dt', 'numerator', 'denominator'])
          .where('symbol', 'in', symbols)
          .where('kind', '=', 'split')
          .orderBy('dt')
          .execute();
  const splits = new Map<string, SplitEvent[]>();
  for (const [symbol, rows] of group(splitRows, (r) => r.symbol)) {
    splits.set(
      symbol,
      rows
        .filter((r) => r.numerator !== null && r.denominator !== null && new Decimal(r.denominator).gt(0))
        .map((r) => ({ date: r.dt, ratio: new Decimal(r.numerator ?? '1').div(r.denominator ?? '1') })),
    );
  }
  return splits;
}

/** Splits and currencies only: enough to check that no sale exceeds the shares held. */
export async function loadStructure(
  gold: Kysely<GoldDatabase>,
  transactions: readonly LedgerTransaction[],
): Promise<MarketData> {
  const symbols = [...new Set(transactions.flatMap((t) => (t.symbol === null ? [] : [t.symbol])))];
  const [currencies, splits] = await Promise.all([
    instrumentCurrencies(gold, symbols),
    loadSplits(gold, symbols),
  ]);
  return new MarketData({ currencies, prices: new Map(), splits, fx: new Map(), ignoreFx: true });
}

/** All rows of a portfolio as ledger transactions, sharing parsed decimals. */
export function toLedgerTransactions(rows: readonly TransactionRow[]): LedgerTransaction[] {
  const memo = new Map<string, Decimal>();
  return rows.map((row) => toLedger(row, memo));
}
