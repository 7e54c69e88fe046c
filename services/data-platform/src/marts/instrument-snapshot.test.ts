import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMarket, syntheticMarket, type Market } from './synthetic-market.ts';
import {
  addDays,
  buildGold,
  expectClose,
  insertRows,
  isoDate,
  openGoldFixture,
  query,
  type Bar,
  type GoldFixture,
  type Row,
} from './test-support.ts';

const quarter = (cik: string, start: string, end: string, eps: number, filed: string): Row => ({
  cik,
  taxonomy: 'us-gaap',
  concept: 'EarningsPerShareDiluted',
  unit: 'USD/shares',
  period_start: start,
  period_end: end,
  val: eps,
  fy: null,
  fp: null,
  form: end.endsWith('12-31') ? '10-K' : '10-Q',
  filed,
  accn: `${cik}-${filed}`,
  frame: null,
});
const cover = (cik: string, end: string, shares: number): Row => ({
  cik,
  taxonomy: 'dei',
  concept: 'EntityCommonStockSharesOutstanding',
  unit: 'shares',
  period_start: null,
  period_end: end,
  val: shares,
  fy: null,
  fp: null,
  form: '10-K',
  filed: end,
  accn: `${cik}-${end}`,
  frame: null,
});

/** EPS by calendar quarter for 2023-Q4 .. 2024-Q4, the 2024 Q4 only through the FY figure. */
function epsFacts(cik: string, q: readonly [number, number, number, number], fy2024: number): Row[] {
  return [
    quarter(cik, '2023-10-01', '2023-12-31', q[0], '2024-02-15'),
    quarter(cik, '2024-01-01', '2024-03-31', q[1], '2024-05-01'),
    quarter(cik, '2024-04-01', '2024-06-30', q[2], '2024-08-01'),
    quarter(cik, '2024-07-01', '2024-09-30', q[3], '2024-11-01'),
    quarter(cik, '2024-01-01', '2024-12-31', fy2024, '2025-02-12'),
  ];
}

const FACTS: Row[] = [
  // AAA: 2024 Q4 EPS = 2.30 - 0.50 - 0.55 - 0.60 = 0.65; eps_ttm = 2.30.
  ...epsFacts('0000000001', [0.45, 0.5, 0.55, 0.6], 2.3),
  cover('0000000001', '2024-10-25', 990_000),
  cover('0000000001', '2025-02-10', 1_000_000),
  // TINY: a loss over the last four quarters -> no P/E.
  ...epsFacts('0000000003', [0.1, -0.2, -0.1, 0.05], -0.3),
  // VOD.L: fundamentals in USD, price in GBP.
  ...epsFacts('0000000004', [0.01, 0.02, 0.02, 0.02], 0.08),
  cover('0000000004', '2025-02-10', 27_000_000_000),
];

interface SnapshotRow extends Record<string, unknown> {
  symbol: string;
  as_of_dt: Date;
  close: number;
  currency: string;
  ret_1d: number | null;
  ret_1w: number | null;
  ret_1m: number | null;
  ret_3m: number | null;
  ret_1y: number | null;
  ret_ytd: number | null;
  vol_30d: number | null;
  high_52w: number | null;
  low_52w: number | null;
  max_drawdown_1y: number | null;
  beta_1y: number | null;
  dividend_ttm: number | null;
  dividend_yield_ttm: number | null;
  shares_outstanding: number | null;
  market_cap: number | null;
  eps_ttm: number | null;
  pe_ttm: number | null;
}

// The contract as loops over one symbol's bars in date order.
function returnsBack(bars: readonly Bar[], rows: number): number | null {
  const last = bars[bars.length - 1];
  const base = bars[bars.length - 1 - rows];
  return last && base ? last.adjClose / base.adjClose - 1 : null;
}

function dailyReturns(bars: readonly Bar[]): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 1; i < bars.length; i++) {
    const [prev, cur] = [bars[i - 1], bars[i]];
    if (prev && cur) out.set(cur.dt, cur.adjClose / prev.adjClose - 1);
  }
  return out;
}

function expectedBeta(bars: readonly Bar[], benchmark: readonly Bar[]): number | null {
  const mine = dailyReturns(bars);
  const bench = dailyReturns(benchmark);
  const pairs: [number, number][] = [];
  for (const [dt, r] of [...mine].sort(([a], [b]) => a.localeCompare(b))) {
    const b = bench.get(dt);
    if (b !== undefined) pairs.push([r, b]);
  }
  const last = pairs.slice(-252);
  if (last.length < 252) return null;
  const mx = last.reduce((s, [x]) => s + x, 0) / last.length;
  const my = last.reduce((s, [, y]) => s + y, 0) / last.length;
  let cov = 0;
  let varY = 0;
  for (const [x, y] of last) {
    cov += (x - mx) * (y - my);
    varY += (y - my) ** 2;
  }
  return varY === 0 ? null : cov / varY;
}

function expectedMaxDrawdown(bars: readonly Bar[]): number {
  let runningMax = -Infinity;
  let worst = 0;
  for (const bar of bars.slice(-252)) {
    runningMax = Math.max(runningMax, bar.adjClose);
    worst = Math.min(worst, bar.adjClose / runningMax - 1);
  }
  return worst;
}

let fixture: GoldFixture;
let market: Market;
let snapshot: Map<string, SnapshotRow>;

beforeAll(async () => {
  fixture = await openGoldFixture();
  market = syntheticMarket();
  await loadMarket(fixture.session, market);
  await insertRows(fixture.session, 'silver.financial_facts', FACTS);
  await buildGold(fixture.session);
  const rows = await query<SnapshotRow>(fixture.session, 'SELECT * FROM gold.instrument_snapshot');
  snapshot = new Map(rows.map((r) => [r.symbol, r]));
});
afterAll(async () => {
  await fixture.close();
});

const barsOf = (symbol: string): Bar[] =>
  market.bars.filter((b) => b.symbol === symbol).sort((a, b) => a.dt.localeCompare(b.dt));

describe('gold.instrument_snapshot', () => {
  it('has one row per symbol, at its latest bar', () => {
    expect([...snapshot.keys()].sort()).toEqual(['AAA', 'SPY', 'TINY', 'VOD.L']);
    for (const [symbol, row] of snapshot) {
      const last = barsOf(symbol).at(-1);
      expect(isoDate(row.as_of_dt)).toBe(last?.dt);
      expect(row.close).toBe(last?.close);
    }
  });

  for (const symbol of ['SPY', 'AAA', 'VOD.L', 'TINY']) {
    it(`${symbol}: returns by rows back, ret_ytd, max_drawdown_1y, beta_1y, dividend_ttm`, () => {
      const bars = barsOf(symbol);
      const row = snapshot.get(symbol);
      const last = bars.at(-1);
      if (!row || !last) throw new Error(`no ${symbol}`);
      expectClose(row.ret_1d, returnsBack(bars, 1), `${symbol} ret_1d`);
      expectClose(row.ret_1w, returnsBack(bars, 5), `${symbol} ret_1w`);
      expectClose(row.ret_1m, returnsBack(bars, 21), `${symbol} ret_1m`);
      expectClose(row.ret_3m, returnsBack(bars, 63), `${symbol} ret_3m`);
      expectClose(row.ret_1y, returnsBack(bars, 252), `${symbol} ret_1y`);
      const previousYear = bars.filter((b) => b.dt < `${last.dt.slice(0, 4)}-01-01`).at(-1);
      expectClose(
        row.ret_ytd,
        previousYear ? last.adjClose / previousYear.adjClose - 1 : null,
        `${symbol} ytd`,
      );
      expectClose(row.max_drawdown_1y, expectedMaxDrawdown(bars), `${symbol} max_drawdown_1y`);
      expectClose(row.beta_1y, expectedBeta(bars, barsOf('SPY')), `${symbol} beta_1y`);
      const windowStart = addDays(last.dt, -365);
      const ttm = market.dividends
        .filter((d) => d.symbol === symbol && d.dt > windowStart && d.dt <= last.dt)
        .reduce((sum, d) => sum + d.amount, 0);
      expectClose(row.dividend_ttm, ttm, `${symbol} dividend_ttm`);
      expectClose(row.dividend_yield_ttm, ttm / last.close, `${symbol} dividend_yield_ttm`);
      const year = bars.slice(-252).map((b) => b.adjClose);
      expectClose(row.high_52w, Math.max(...year), `${symbol} high_52w`);
      expectClose(row.low_52w, Math.min(...year), `${symbol} low_52w`);
    });
  }

  it('checks the edges: SPY’s beta is 1, short histories have null long returns and beta', () => {
    expectClose(snapshot.get('SPY')?.beta_1y, 1, 'SPY beta', 1e-12);
    const tiny = snapshot.get('TINY');
    expect([tiny?.ret_1m, tiny?.ret_ytd, tiny?.beta_1y, tiny?.vol_30d]).toEqual([null, null, null, null]);
    expect(tiny?.ret_1w).not.toBeNull();
    // AAA paid on 2024-02-09 (outside the window ending 2025-02-14) and 4 times inside it.
    expectClose(snapshot.get('AAA')?.dividend_ttm, 0.22 + 0.22 + 0.23 + 0.23, 'AAA dividend_ttm');
    expect(snapshot.get('SPY')?.dividend_ttm).toBe(0);
  });

  it('fundamentals through the CIK: shares, market cap, eps_ttm and pe_ttm', () => {
    const aaa = snapshot.get('AAA');
    const close = barsOf('AAA').at(-1)?.close ?? NaN;
    expect(aaa?.shares_outstanding).toBe(1_000_000);
    expectClose(aaa?.market_cap, 1_000_000 * close, 'AAA market_cap');
    // Last four quarters: 2024 Q1..Q3 filed, Q4 = FY - Q1 - Q2 - Q3.
    const eps = 0.5 + 0.55 + 0.6 + (2.3 - 0.5 - 0.55 - 0.6);
    expectClose(aaa?.eps_ttm, eps, 'AAA eps_ttm');
    expectClose(aaa?.pe_ttm, close / eps, 'AAA pe_ttm');
    // A loss: eps_ttm reported, no P/E.
    const tiny = snapshot.get('TINY');
    expectClose(tiny?.eps_ttm, -0.2 - 0.1 + 0.05 + (-0.3 + 0.2 + 0.1 - 0.05), 'TINY eps_ttm');
    expect(tiny?.pe_ttm).toBeNull();
    expect(tiny?.shares_outstanding).toBeNull();
    // USD fundamentals against a GBP price: shares and market cap, but no EPS-based ratio.
    const vod = snapshot.get('VOD.L');
    expect(vod?.shares_outstanding).toBe(27_000_000_000);
    expect([vod?.eps_ttm, vod?.pe_ttm]).toEqual([null, null]);
    expect(snapshot.get('SPY')?.market_cap).toBeNull();
  });
});
