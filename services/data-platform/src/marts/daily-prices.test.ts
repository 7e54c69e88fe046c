import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMarket, syntheticMarket, usdPerUnit, type Market } from './synthetic-market.ts';
import {
  RUN_ID,
  barRow,
  buildGold,
  expectClose,
  insertRows,
  instrumentRow,
  isoDate,
  openGoldFixture,
  query,
  type Bar,
  type GoldFixture,
} from './test-support.ts';

/** The contract's definitions as plain loops over one symbol's bars in date order. */
interface Expected {
  ret1d: number | null;
  sma20: number | null;
  sma50: number | null;
  sma200: number | null;
  vol30d: number | null;
  drawdown: number;
  high52w: number;
  low52w: number;
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function sampleStd(values: readonly number[]): number {
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

function expectedWindows(bars: readonly Bar[]): Expected[] {
  const px = bars.map((b) => b.adjClose);
  const returns: (number | null)[] = [];
  const out: Expected[] = [];
  let runningMax = -Infinity;
  for (let i = 0; i < px.length; i++) {
    const price = px[i] ?? NaN;
    const previous = i > 0 ? (px[i - 1] ?? NaN) : null;
    const ret = previous === null ? null : price / previous - 1;
    returns.push(ret);
    const lastN = (n: number): number[] => px.slice(Math.max(0, i - n + 1), i + 1);
    const sma = (n: number): number | null => (i + 1 >= n ? mean(lastN(n)) : null);
    const last30 = returns.slice(Math.max(0, i - 29), i + 1).filter((r): r is number => r !== null);
    runningMax = Math.max(runningMax, price);
    const year = lastN(252);
    out.push({
      ret1d: ret,
      sma20: sma(20),
      sma50: sma(50),
      sma200: sma(200),
      vol30d: last30.length >= 30 ? sampleStd(last30) * Math.sqrt(252) : null,
      drawdown: price / runningMax - 1,
      high52w: Math.max(...year),
      low52w: Math.min(...year),
    });
  }
  return out;
}

interface PriceRow extends Record<string, unknown> {
  symbol: string;
  dt: Date;
  close: number;
  adj_close: number;
  currency: string;
  close_usd: number | null;
  ret_1d: number | null;
  sma_20: number | null;
  sma_50: number | null;
  sma_200: number | null;
  vol_30d: number | null;
  drawdown: number;
  high_52w: number;
  low_52w: number;
  _run_id: string;
}

let fixture: GoldFixture;
let market: Market;
let rows: PriceRow[];

beforeAll(async () => {
  fixture = await openGoldFixture();
  market = syntheticMarket();
  await loadMarket(fixture.session, market);
  await buildGold(fixture.session, 'daily_prices');
  rows = await query<PriceRow>(fixture.session, 'SELECT * FROM gold.daily_prices ORDER BY symbol, dt');
});
afterAll(async () => {
  await fixture.close();
});

const barsOf = (symbol: string): Bar[] =>
  market.bars.filter((b) => b.symbol === symbol).sort((a, b) => a.dt.localeCompare(b.dt));
const rowsOf = (symbol: string): PriceRow[] => rows.filter((r) => r.symbol === symbol);

describe('gold.daily_prices windows over each symbol’s whole history', () => {
  it('keeps one row per silver bar, with the run id', () => {
    expect(rows).toHaveLength(market.bars.length);
    expect(new Set(rows.map((r) => r._run_id))).toEqual(new Set([RUN_ID]));
    expect(market.bars.filter((b) => b.symbol === 'TINY')).toHaveLength(12);
  });

  for (const symbol of ['SPY', 'AAA', 'VOD.L', 'TINY']) {
    it(`${symbol}: ret_1d, sma_20/50/200, vol_30d, drawdown and high/low_52w match the definitions`, () => {
      const bars = barsOf(symbol);
      const expected = expectedWindows(bars);
      const actual = rowsOf(symbol);
      expect(actual.map((r) => isoDate(r.dt))).toEqual(bars.map((b) => b.dt));
      actual.forEach((row, i) => {
        const e = expected[i];
        if (!e) throw new Error(`no expectation for row ${i}`);
        const at = `${symbol} ${isoDate(row.dt)} (row ${i + 1})`;
        expectClose(row.ret_1d, e.ret1d, `${at} ret_1d`);
        expectClose(row.sma_20, e.sma20, `${at} sma_20`);
        expectClose(row.sma_50, e.sma50, `${at} sma_50`);
        expectClose(row.sma_200, e.sma200, `${at} sma_200`);
        expectClose(row.vol_30d, e.vol30d, `${at} vol_30d`);
        expectClose(row.drawdown, e.drawdown, `${at} drawdown`);
        expectClose(row.high_52w, e.high52w, `${at} high_52w`);
        expectClose(row.low_52w, e.low52w, `${at} low_52w`);
      });
    });
  }

  it('a listing with fewer than 20 rows has no moving averages or volatility, but drawdown and 52w range', () => {
    const tiny = rowsOf('TINY');
    expect(tiny.every((r) => r.sma_20 === null && r.sma_200 === null && r.vol_30d === null)).toBe(true);
    expect(tiny[0]?.ret_1d).toBeNull();
    expect(tiny.every((r) => r.high_52w >= r.low_52w && r.drawdown <= 0)).toBe(true);
  });

  it('the boundaries sit exactly at N rows: sma_200 from row 200, vol_30d from row 31', () => {
    const spy = rowsOf('SPY');
    expect(spy[198]?.sma_200).toBeNull();
    expect(spy[199]?.sma_200).not.toBeNull();
    expect(spy[29]?.vol_30d).toBeNull();
    expect(spy[30]?.vol_30d).not.toBeNull();
    expect(spy.filter((r) => r.drawdown === 0).length).toBeGreaterThan(0);
  });

  it('close_usd converts with the last ECB rate on or before dt, crossing through EUR', () => {
    for (const row of rows) {
      const dt = isoDate(row.dt);
      const rate = usdPerUnit(market.publications, row.currency, dt);
      expectClose(row.close_usd, rate === null ? null : row.close * rate, `${row.symbol} ${dt} close_usd`);
    }
    // A GBP bar on an ECB holiday (1 May) uses 30 April's rate; the last bar (after the last ECB
    // publication) uses the last published rate, never a later one.
    const mayDay = rowsOf('VOD.L').find((r) => isoDate(r.dt) === '2024-05-01');
    const april30 = usdPerUnit(market.publications, 'GBP', '2024-04-30');
    expect(mayDay && april30).toBeTruthy();
    expectClose(mayDay?.close_usd, (mayDay?.close ?? 0) * (april30 ?? 0), 'VOD.L 2024-05-01');
    const spy = rowsOf('SPY');
    expect(spy.map((r) => r.close_usd)).toEqual(spy.map((r) => r.close));
  });
});

describe('gold.daily_prices close_usd after the last ECB publication', () => {
  it('carries the last rate for up to 7 days, then gives null rather than a stale rate', async () => {
    const late = await openGoldFixture();
    try {
      const days = ['2024-03-07', '2024-03-08', '2024-03-11', '2024-03-15', '2024-03-18'];
      await insertRows(late.session, 'silver.instruments', [instrumentRow('LATE.L', 'GBP')]);
      await insertRows(
        late.session,
        'silver.daily_bars',
        days.map((dt) => barRow({ symbol: 'LATE.L', dt, close: 2, adjClose: 2, currency: 'GBP' })),
      );
      await insertRows(
        late.session,
        'silver.fx_rates',
        ['2024-03-07', '2024-03-08'].flatMap((dt, i) => [
          { dt, currency: 'USD', units_per_eur: 1.09 + i / 100, fetched_at: `${dt} 16:00:00+00` },
          { dt, currency: 'GBP', units_per_eur: 0.85, fetched_at: `${dt} 16:00:00+00` },
        ]),
      );
      await buildGold(late.session, 'daily_prices');
      const got = await query<{ dt: Date; close_usd: number | null }>(
        late.session,
        'SELECT dt, close_usd FROM gold.daily_prices ORDER BY dt',
      );
      expect(got.map((r) => isoDate(r.dt))).toEqual(days);
      const expected = [1.09 / 0.85, 1.1 / 0.85, 1.1 / 0.85, 1.1 / 0.85, null];
      got.forEach((row, i) => {
        const rate = expected[i] ?? null;
        expectClose(row.close_usd, rate === null ? null : 2 * rate, `LATE.L ${days[i] ?? ''}`);
      });
    } finally {
      await late.close();
    }
  });
});
