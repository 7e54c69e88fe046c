/**
 * Performance over from..to (docs/portfolio-math.md):
 * - a daily value series V_t (end of day, base currency);
 * - TWR: Π (V_t + O_t) / (V_{t−1} + I_t) − 1, inflows I at the start of their day, outflows O at the
 *   end; days with nothing invested (V_{t−1} + I_t = 0) count as 0 %;
 * - XIRR of −V_{from−1} at `from`, the external flows, and +V_to at `to`;
 * - total return G / (V_{from−1} + ΣI), G = V_to − V_{from−1} − Σ(I − O), split into income
 *   (dividends + interest), currency (Σ local value_{t−1} × Δfx_t over foreign buckets) and price
 *   (the rest, fees included);
 * - the benchmark's adjusted-close return over the same dates.
 */
import { money, ratio, type Decimal } from './decimal.ts';
import { addDays } from './dates.ts';
import { DailyValuer } from './daily-values.ts';
import { VALUE_SCALE, fromDecimal, moneyOfScaled, pow10, ratioOf, toDecimal } from './fixed.ts';
import type { LedgerTransaction } from './ledger.ts';
import type { MarketData } from './market-data.ts';
import { replay } from './replay.ts';
import { xirr, type DatedAmount } from './xirr.ts';

export interface PerformancePoint {
  date: string;
  value: string;
  netFlows: string;
  twrIndex: number;
}

export interface PerformanceResult {
  from: string;
  to: string;
  baseCurrency: string;
  startValue: string;
  endValue: string;
  netFlows: string;
  gain: string;
  income: string;
  twr: number;
  xirr: number | null;
  totalReturn: number;
  contributions: { price: number; income: number; currency: number };
  series: PerformancePoint[];
  benchmark: { symbol: string; twr: number | null };
}

export interface PerformanceInput {
  readonly baseCurrency: string;
  readonly transactions: readonly LedgerTransaction[];
  readonly market: MarketData;
  readonly from: string;
  readonly to: string;
  readonly benchmark: string;
}

export function computePerformance(input: PerformanceInput): PerformanceResult {
  const { baseCurrency, market, from, to } = input;
  const dayBefore = addDays(from, -1);
  const valuer = new DailyValuer(baseCurrency, market);
  // Amounts × 10^VALUE_SCALE (exact sums, see fixed.ts); the TWR index is a double (a product of
  // ratios reported as a number, docs/portfolio-math.md).
  let startValue = 0n;
  let previousValue = 0n;
  let endValue = 0n;
  let inflows = 0n;
  let outflows = 0n;
  let income = 0n;
  let currencyEffect = 0n;
  let index = 1;
  const scaled = (amount: Decimal): bigint => (amount.isZero() ? 0n : fromDecimal(amount, VALUE_SCALE));
  const series: PerformancePoint[] = [];
  const flows: DatedAmount[] = [];

  replay({
    baseCurrency,
    transactions: input.transactions,
    market,
    until: to,
    observeFrom: dayBefore,
    onDay: (date, ledger, day) => {
      const { value, currencyEffect: effect } = valuer.valueOn(date, ledger);
      if (date === dayBefore) {
        startValue = value;
      } else {
        const inflow = scaled(day.inflow);
        const outflow = scaled(day.outflow);
        const denominator = previousValue + inflow;
        if (denominator > 0n) index *= ratioOf(value + outflow, denominator);
        inflows += inflow;
        outflows += outflow;
        income += scaled(day.income);
        currencyEffect += effect;
        const net = inflow - outflow;
        if (net !== 0n) flows.push({ date, amount: -ratioOf(net, UNIT) });
        series.push({
          date,
          value: moneyOfScaled(value, VALUE_SCALE),
          netFlows: moneyOfScaled(net, VALUE_SCALE),
          twrIndex: round10(index),
        });
      }
      previousValue = value;
      endValue = value;
    },
  });

  const dec = (amount: bigint): Decimal => toDecimal(amount, VALUE_SCALE);
  const netFlows = dec(inflows - outflows);
  const gain = dec(endValue - startValue).sub(netFlows);
  const invested = dec(startValue + inflows);
  const incomeBase = dec(income);
  const currencyBase = dec(currencyEffect);
  const share = (amount: Decimal): number => (invested.gt(0) ? ratio(amount.div(invested)) : 0);
  const cashFlows: DatedAmount[] = [
    ...(startValue === 0n ? [] : [{ date: from, amount: -ratioOf(startValue, UNIT) }]),
    ...flows,
    ...(endValue === 0n ? [] : [{ date: to, amount: ratioOf(endValue, UNIT) }]),
  ];

  return {
    from,
    to,
    baseCurrency,
    startValue: moneyOfScaled(startValue, VALUE_SCALE),
    endValue: moneyOfScaled(endValue, VALUE_SCALE),
    netFlows: money(netFlows),
    gain: money(gain),
    income: money(incomeBase),
    twr: round10(index - 1),
    xirr: xirr(cashFlows),
    totalReturn: share(gain),
    contributions: {
      price: share(gain.sub(incomeBase).sub(currencyBase)),
      income: share(incomeBase),
      currency: share(currencyBase),
    },
    series,
    benchmark: { symbol: input.benchmark, twr: benchmarkReturn(market, input.benchmark, dayBefore, to) },
  };
}

const UNIT = pow10(VALUE_SCALE);

/** A ratio for JSON, rounded to 10 decimals like `ratio()`. */
function round10(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}

/** Adjusted close (dividends reinvested) at `to` over the one at `dayBefore` (or the first one after). */
function benchmarkReturn(market: MarketData, symbol: string, dayBefore: string, to: string): number | null {
  const start = market.adjCloseOnOrBefore(symbol, dayBefore) ?? market.firstAdjClose(symbol)?.adjClose;
  const end = market.adjCloseOnOrBefore(symbol, to);
  if (start === undefined || end === undefined || start.isZero()) return null;
  return ratio(end.div(start).sub(1));
}
