import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chart,
  exactDecimal,
  failedChecks,
  fixtureText,
  localDate,
  onlyResult,
  openSilverFixture,
  YAHOO,
  yahoo,
  type ChartPayload,
  type SilverFixture,
} from './test-support.ts';

let f: SilverFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

interface BarRow extends Record<string, unknown> {
  symbol: string;
  dt: string;
  open: string | null;
  high: string | null;
  low: string | null;
  close: string;
  adj_close: string | null;
  volume: bigint | null;
  currency: string;
  source_currency: string;
  exchange_timezone: string;
  fetched_at: string;
  bronze_object: string;
  bronze_sha256: string;
}

const BARS = `SELECT symbol, dt::VARCHAR AS dt, open::VARCHAR AS open, high::VARCHAR AS high, low::VARCHAR AS low,
  close::VARCHAR AS close, adj_close::VARCHAR AS adj_close, volume, currency, source_currency, exchange_timezone,
  strftime(fetched_at, '%Y-%m-%dT%H:%M:%SZ') AS fetched_at, bronze_object, bronze_sha256
  FROM silver.daily_bars`;

const bars = (fixture: SilverFixture, symbol: string): Promise<BarRow[]> =>
  fixture.session.all<BarRow>(`${BARS} WHERE symbol = '${symbol}' ORDER BY dt`);

const conservation = (results: Awaited<ReturnType<SilverFixture['buildSilver']>>): string | undefined =>
  results.find((r) => r.model === 'daily_bars' && r.check.startsWith('conservation'))?.detail;

/** Yahoo's number as it is written in the payload (JSON.stringify and the payload agree). */
const text = (value: number | null | undefined): string => {
  if (value === null || value === undefined) throw new Error('expected a number');
  return String(value);
};

describe('silver.daily_bars', () => {
  it('dates AAPL bars by the New York trading date of each timestamp', async () => {
    const payload = chart(YAHOO.AAPL);
    f = await openSilverFixture([yahoo(payload, '2026-02-16')]);
    const results = await f.buildSilver();
    expect(failedChecks(results)).toEqual([]);

    const stamps = onlyResult(payload).timestamp ?? [];
    const quote = onlyResult(payload).indicators.quote[0];
    const got = await bars(f, 'AAPL');
    expect(got.map((b) => b.dt)).toEqual(stamps.map((t) => localDate(t, 'America/New_York')));
    expect(got[0]).toMatchObject({
      dt: '2020-08-31',
      close: exactDecimal(text(quote.close[0]), 1n, 12),
      volume: BigInt(text(quote.volume[0])),
      currency: 'USD',
      source_currency: 'USD',
      exchange_timezone: 'America/New_York',
    });
    expect(conservation(results)).toBe(`in ${stamps.length} = out ${stamps.length} + dropped 0`);
  });

  it('uses the exchange time zone, not the UTC date or meta.gmtoffset (NZX opens at 21:00Z the day before)', async () => {
    const payload = chart(YAHOO.OCDO);
    const result = onlyResult(payload);
    Object.assign(result.meta, {
      symbol: 'AIR.NZ',
      currency: 'NZD',
      exchangeTimezoneName: 'Pacific/Auckland',
      gmtoffset: 0,
    });
    const open = Date.parse('2024-01-03T21:00:00Z') / 1000; // 10:00 NZDT on 2024-01-04
    result.timestamp = [open];
    f = await openSilverFixture([yahoo(payload, '2026-02-16')]);
    expect(failedChecks(await f.buildSilver())).toEqual([]);
    const [bar] = await bars(f, 'AIR.NZ');
    expect(new Date(open * 1000).toISOString().slice(0, 10)).toBe('2024-01-03');
    expect(bar?.dt).toBe(localDate(open, 'Pacific/Auckland'));
    expect(bar?.dt).toBe('2024-01-04');
  });

  it('drops the null WSU.DE 2023-08-07 row and counts it', async () => {
    f = await openSilverFixture([yahoo(fixtureText('yahoo', YAHOO.WSU_2023), '2023-09-04')]);
    const results = await f.buildSilver();
    expect(failedChecks(results)).toEqual([]);
    expect((await bars(f, 'WSU.DE')).map((b) => b.dt)).toEqual(['2023-08-04', '2023-08-08']);
    expect(conservation(results)).toBe('in 3 = out 2 + dropped 1');
  });

  it('lets the later WSU.DE re-recording (2025, later partition) supersede the 2023 one', async () => {
    const body2025 = fixtureText('yahoo', YAHOO.WSU_2025);
    const later = chart(YAHOO.WSU_2025);
    f = await openSilverFixture([
      yahoo(fixtureText('yahoo', YAHOO.WSU_2023), '2023-09-04'),
      yahoo(body2025, '2025-02-20'),
    ]);
    const results = await f.buildSilver();
    expect(failedChecks(results)).toEqual([]);

    const got = await bars(f, 'WSU.DE');
    expect(got.map((b) => b.dt)).toEqual(['2023-08-04', '2023-08-07', '2023-08-08']);
    const quote = onlyResult(later).indicators.quote[0];
    const adj = onlyResult(later).indicators.adjclose[0].adjclose;
    expect(got[1]).toMatchObject({
      dt: '2023-08-07',
      open: exactDecimal(text(quote.open[1]), 1n, 12),
      high: exactDecimal(text(quote.high[1]), 1n, 12),
      low: exactDecimal(text(quote.low[1]), 1n, 12),
      close: exactDecimal(text(quote.close[1]), 1n, 12),
      adj_close: exactDecimal(text(adj[1]), 1n, 12),
      volume: 336n,
      currency: 'EUR',
      fetched_at: '2025-02-20T22:00:00Z',
      bronze_sha256: createHash('sha256').update(body2025).digest('hex'),
    });
    expect(got[1]?.bronze_object).toMatch(/dt=2025-02-20\/WSU\.DE\.json$/);
    // Every bar comes from the later capture (its adj_close differs from 2023's for the same day).
    expect(new Set(got.map((b) => b.fetched_at))).toEqual(new Set(['2025-02-20T22:00:00Z']));
    expect(got[0]?.adj_close).toBe(exactDecimal(text(adj[0]), 1n, 12));
    // 6 timestamps in = 3 bars + 1 null close (2023) + 2 superseded (2023's 08-04 and 08-08).
    expect(conservation(results)).toBe('in 6 = out 3 + dropped 3');
  });

  it("never lets a later capture's all-null row hide an earlier value", async () => {
    const body2025 = fixtureText('yahoo', YAHOO.WSU_2025);
    f = await openSilverFixture([
      yahoo(body2025, '2025-02-20'),
      yahoo(fixtureText('yahoo', YAHOO.WSU_2023), '2025-02-21'),
    ]);
    const results = await f.buildSilver();
    expect(failedChecks(results)).toEqual([]);
    const got = await bars(f, 'WSU.DE');
    expect(got.map((b) => [b.dt, b.fetched_at])).toEqual([
      ['2023-08-04', '2025-02-21T22:00:00Z'],
      ['2023-08-07', '2025-02-20T22:00:00Z'],
      ['2023-08-08', '2025-02-21T22:00:00Z'],
    ]);
    expect(conservation(results)).toBe('in 6 = out 3 + dropped 3');
  });

  it('converts OCDO.L from pence (GBp) to GBP: the fixture value / 100, exactly, in decimal', async () => {
    const payload = chart(YAHOO.OCDO);
    f = await openSilverFixture([yahoo(payload, '2026-02-16')]);
    expect(failedChecks(await f.buildSilver())).toEqual([]);

    const result = onlyResult(payload);
    const quote = result.indicators.quote[0];
    const [bar] = await bars(f, 'OCDO.L');
    expect(bar).toMatchObject({
      dt: localDate(result.timestamp?.[0] ?? 0, 'Europe/London'),
      open: exactDecimal(text(quote.open[0]), 100n, 12),
      high: exactDecimal(text(quote.high[0]), 100n, 12),
      low: exactDecimal(text(quote.low[0]), 100n, 12),
      close: exactDecimal(text(quote.close[0]), 100n, 12),
      adj_close: exactDecimal(text(result.indicators.adjclose[0].adjclose[0]), 100n, 12),
      volume: 728520n,
      currency: 'GBP',
      source_currency: 'GBp',
    });
    expect(bar?.close).toBe('12.595000000000');
    // 1286.5699462890625 / 100 has 15 decimals: DECIMAL(38,12) holds it rounded half away from zero.
    expect(bar?.high).toBe('12.865699462891');
  });

  it('converts every form of number exactly, on the fast path and the exact one, in major and minor units', async () => {
    // Plain text and exponents, half-way cases at the last decimal kept, values past the fast path
    // (10^6 in a major unit, 10^8 in a minor one), negatives (open has no positivity check).
    const closes = [
      1286.5699462890625, 1.00000000005, 0.123456789012345, 2.675, 123456789.5, 987654321.123, 1234567.891,
      5e-11, 1.5e-12, 5e-13, 1e-7, 100000000, 0.0000015,
    ];
    const opens = closes.map((c, i) => (i % 2 === 0 ? -c : c));
    const day = 86_400;
    const payload = (symbol: string, currency: string): ChartPayload => {
      const p = chart(YAHOO.OCDO);
      const result = onlyResult(p);
      Object.assign(result.meta, { symbol, currency });
      const first = result.timestamp?.[0] ?? 0;
      result.timestamp = closes.map((_, i) => first + i * day);
      const quote = result.indicators.quote[0];
      quote.open = opens;
      quote.close = closes;
      quote.high = closes.map(() => 1e9);
      quote.low = closes.map(() => 0);
      quote.volume = closes.map(() => 1);
      result.indicators.adjclose[0].adjclose = closes;
      return p;
    };
    f = await openSilverFixture(
      [
        ['OCDO.L', 'GBp'],
        ['NPN.JO', 'ZAc'],
        ['AAPL', 'USD'],
      ].map(([symbol, currency]) => yahoo(payload(symbol ?? '', currency ?? ''), '2026-02-16')),
    );
    // Some of these round to 0 (close_positive fails): only the conversion is checked here.
    await f.buildSilver();
    for (const [symbol, divisor] of [
      ['OCDO.L', 100n],
      ['NPN.JO', 100n],
      ['AAPL', 1n],
    ] as const) {
      const got = await bars(f, symbol);
      expect(got.map((b) => [b.open, b.close, b.adj_close])).toEqual(
        closes.map((c, i) => [
          exactDecimal(text(opens[i]), divisor, 12),
          exactDecimal(text(c), divisor, 12),
          exactDecimal(text(c), divisor, 12),
        ]),
      );
    }
  });

  it("drops the mutual fund's trailing null NAV row and keeps its zero volume", async () => {
    f = await openSilverFixture([yahoo(fixtureText('yahoo', YAHOO.FUND), '2026-02-16')]);
    const results = await f.buildSilver();
    expect(failedChecks(results)).toEqual([]);
    const got = await bars(f, '0P0000XTS7');
    expect(got.map((b) => [b.dt, b.volume])).toEqual([['2024-09-12', 0n]]);
    expect(conservation(results)).toBe('in 2 = out 1 + dropped 1');
  });

  it('reads a window without sessions (no timestamp, empty quote) as zero bars', async () => {
    const payload = chart(YAHOO.AAPL);
    const result = onlyResult(payload) as unknown as Record<string, unknown>;
    delete result.timestamp;
    delete result.events;
    result.indicators = { quote: [{}], adjclose: [{}] };
    f = await openSilverFixture([yahoo(payload, '2026-02-16')]);
    const results = await f.buildSilver();
    expect(failedChecks(results)).toEqual([]);
    expect(await bars(f, 'AAPL')).toEqual([]);
    expect(conservation(results)).toBe('in 0 = out 0 + dropped 0');
  });
});
