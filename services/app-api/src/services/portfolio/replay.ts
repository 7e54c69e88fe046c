/**
 * Drives a Ledger through calendar days: on each day, first the splits of held symbols (their
 * ex-date trades already happen in post-split shares), then that day's transactions in entry order.
 * `onDay` sees the state at the end of each day from `observeFrom` on.
 */
import { AppError } from '../../http/errors.ts';
import { ZERO, type Decimal } from './decimal.ts';
import { addDays, minDate } from './dates.ts';
import { Ledger, type LedgerTransaction } from './ledger.ts';
import type { MarketData } from './market-data.ts';

export interface DayFlows {
  /** external money in (start of day), base currency, ≥ 0 */
  inflow: Decimal;
  /** external money out (end of day), base currency, ≥ 0 */
  outflow: Decimal;
  /** dividends and interest of the day, base currency */
  income: Decimal;
}

export interface ReplayOptions {
  readonly baseCurrency: string;
  /** sorted by date, then entry order */
  readonly transactions: readonly LedgerTransaction[];
  readonly market: MarketData;
  /** last day replayed (later transactions are ignored) */
  readonly until: string;
  readonly observeFrom?: string;
  readonly onDay?: (date: string, ledger: Ledger, flows: DayFlows) => void;
}

export function replay(options: ReplayOptions): Ledger {
  const { transactions, market, until } = options;
  const ledger = new Ledger(options.baseCurrency, Ledger.tracksCash(transactions), (symbol) => {
    const currency = market.currencyOf(symbol);
    if (currency === undefined) {
      throw new AppError('UNPROCESSABLE', `${symbol} is not an instrument in gold.instruments`, {
        details: [{ message: `unknown symbol ${symbol}` }],
      });
    }
    return currency;
  });
  const splits = collectSplits(transactions, market);
  const first = transactions[0]?.date;
  const observeFrom = options.observeFrom;
  let day =
    first === undefined
      ? (observeFrom ?? until)
      : observeFrom === undefined
        ? first
        : minDate(first, observeFrom);
  let txIndex = 0;
  let splitIndex = 0;
  while (splitIndex < splits.length && (splits[splitIndex]?.date ?? '') < day) splitIndex += 1;
  while (day <= until) {
    const flows: DayFlows = { inflow: ZERO, outflow: ZERO, income: ZERO };
    for (let split = splits[splitIndex]; split?.date === day; split = splits[++splitIndex]) {
      ledger.applySplit(split.symbol, split.ratio);
    }
    const fxCache = new Map<string, Decimal>();
    const fx = (currency: string): Decimal => {
      let rate = fxCache.get(currency);
      if (rate === undefined) {
        rate = market.fxRate(currency, options.baseCurrency, day);
        fxCache.set(currency, rate);
      }
      return rate;
    };
    for (let tx = transactions[txIndex]; tx?.date === day; tx = transactions[++txIndex]) {
      const effect = ledger.apply(tx, fx);
      if (effect.externalFlow.gt(0)) flows.inflow = flows.inflow.add(effect.externalFlow);
      else if (effect.externalFlow.lt(0)) flows.outflow = flows.outflow.sub(effect.externalFlow);
      flows.income = flows.income.add(effect.income);
    }
    if (options.onDay && observeFrom !== undefined && day >= observeFrom) options.onDay(day, ledger, flows);
    const next = nextDay(day, observeFrom, transactions[txIndex]?.date, splits[splitIndex]?.date);
    if (next === undefined) break;
    day = next;
  }
  return ledger;
}

/**
 * Inside the observed window every day is visited. Before it (or without one) nothing changes
 * between events, so the replay jumps to the next transaction, split or the window's start.
 */
function nextDay(
  day: string,
  observeFrom: string | undefined,
  nextTx: string | undefined,
  nextSplit: string | undefined,
): string | undefined {
  const following = addDays(day, 1);
  if (observeFrom !== undefined && day >= observeFrom) return following;
  const candidates = [nextTx, nextSplit, observeFrom].filter((d): d is string => d !== undefined);
  if (candidates.length === 0) return undefined; // nothing left to happen and nothing to observe
  const target = candidates.reduce(minDate);
  return target > day ? target : following;
}

function collectSplits(
  transactions: readonly LedgerTransaction[],
  market: MarketData,
): { date: string; symbol: string; ratio: Decimal }[] {
  const symbols = new Set<string>();
  for (const tx of transactions) if (tx.symbol !== null) symbols.add(tx.symbol);
  const events = [];
  for (const symbol of symbols) {
    for (const split of market.splitsOf(symbol))
      events.push({ date: split.date, symbol, ratio: split.ratio });
  }
  return events.sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.symbol.localeCompare(b.symbol),
  );
}
