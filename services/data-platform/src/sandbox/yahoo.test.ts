// Yahoo chart over real HTTP: determinism, the wire format and its quirks, recorded fixtures, errors
// and the throttle.
import { describe, expect, it } from 'vitest';
import { burst, call, chartPath, fixture, unix, useSandbox, withSandbox } from './test-support.ts';

// Wire types, as far as the assertions need them.
type Nullable = (number | null)[];
interface ChartResult {
  meta: Record<string, unknown> & {
    currency: string;
    exchangeTimezoneName: string;
    symbol: string;
    firstTradeDate: number;
  };
  timestamp?: number[];
  events?: {
    dividends?: Record<string, { amount: number; date: number }>;
    splits?: Record<string, { date: number; numerator: number; denominator: number; splitRatio: string }>;
  };
  indicators: {
    quote: [{ open: Nullable; high: Nullable; low: Nullable; close: Nullable; volume: Nullable }];
    adjclose: [{ adjclose: Nullable }];
  };
}
interface ChartBody {
  chart: { result: ChartResult[] | null; error: { code: string; description: string } | null };
}

function onlyResult(body: string): ChartResult {
  const parsed = JSON.parse(body) as ChartBody;
  const result = parsed.chart.result?.[0];
  if (!result) throw new Error(`no chart result: ${body.slice(0, 200)}`);
  return result;
}

/** Civil date of a bar in the exchange's zone. */
function localDate(ts: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ts * 1000));
}

const sandbox = useSandbox();

/** The one result of a chart request to the shared sandbox. */
async function chart(symbol: string, from: string, to: string, events?: string): Promise<ChartResult> {
  return onlyResult((await call(sandbox.baseUrls.yahoo, chartPath(symbol, from, to, events))).text);
}

describe('yahoo chart', () => {
  it('is deterministic: same bytes twice and from a second sandbox', async () => {
    const request = chartPath('DTRM', '2003-01-01T00:00:00Z', '2021-01-01T00:00:00Z');
    const first = await call(sandbox.baseUrls.yahoo, request);
    const second = await call(sandbox.baseUrls.yahoo, request);
    await withSandbox({ limits: false }, async (other) => {
      const third = await call(other.baseUrls.yahoo, request);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe('application/json;charset=utf-8');
      expect(second.bytes.equals(first.bytes)).toBe(true);
      expect(third.bytes.equals(first.bytes)).toBe(true);
    });
  });

  it('has the real envelope and meta keys', async () => {
    const response = await call(
      sandbox.baseUrls.yahoo,
      chartPath('QQQ', '2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'),
    );
    const body = JSON.parse(response.text) as ChartBody;
    expect(body.chart.error).toBeNull();
    const result = onlyResult(response.text);
    for (const key of [
      'currency',
      'symbol',
      'exchangeName',
      'fullExchangeName',
      'instrumentType',
      'firstTradeDate',
      'regularMarketTime',
      'gmtoffset',
      'timezone',
      'exchangeTimezoneName',
      'priceHint',
      'currentTradingPeriod',
      'dataGranularity',
      'range',
      'validRanges',
    ]) {
      expect(result.meta).toHaveProperty(key);
    }
    expect(result.meta).toMatchObject({
      symbol: 'QQQ',
      instrumentType: 'ETF',
      currency: 'USD',
      dataGranularity: '1d',
    });
    const quote = result.indicators.quote[0];
    const n = result.timestamp?.length ?? 0;
    expect(n).toBe(22); // January 2024 weekdays without New Year's Day
    for (const series of [
      quote.open,
      quote.high,
      quote.low,
      quote.close,
      quote.volume,
      result.indicators.adjclose[0].adjclose,
    ]) {
      expect(series).toHaveLength(n);
    }
    for (const value of [...quote.open, ...quote.high, ...quote.low, ...quote.close]) {
      if (value !== null) expect(Math.fround(value)).toBe(value); // float32 noise like the real API
    }
    for (const value of quote.volume) if (value !== null) expect(Number.isInteger(value)).toBe(true);
    quote.high.forEach((high, i) => {
      const low = quote.low[i];
      if (high !== null && low !== null && low !== undefined) expect(high).toBeGreaterThanOrEqual(low);
    });
  });

  it('stamps New York bars at the open in UTC with the DST of each date', async () => {
    const result = await chart('ALGN', '2024-03-06T00:00:00Z', '2024-03-14T00:00:00Z');
    const iso = (result.timestamp ?? []).map((t) => new Date(t * 1000).toISOString());
    // DST starts Sunday 2024-03-10: 14:30Z before, 13:30Z after; no weekend bars.
    expect(iso).toEqual([
      '2024-03-06T14:30:00.000Z',
      '2024-03-07T14:30:00.000Z',
      '2024-03-08T14:30:00.000Z',
      '2024-03-11T13:30:00.000Z',
      '2024-03-12T13:30:00.000Z',
      '2024-03-13T13:30:00.000Z',
    ]);
    expect(result.meta.exchangeTimezoneName).toBe('America/New_York');
  });

  it('skips 1 January and 25 December', async () => {
    const result = await chart('ALGN', '2023-12-20T00:00:00Z', '2024-01-05T00:00:00Z');
    const dates = (result.timestamp ?? []).map((t) => localDate(t, 'America/New_York'));
    expect(dates).not.toContain('2023-12-25');
    expect(dates).not.toContain('2024-01-01');
    expect(dates).toContain('2023-12-26');
    expect(dates).toContain('2024-01-02');
  });

  it('answers a window without sessions with an empty result, like the real API', async () => {
    const response = await call(
      sandbox.baseUrls.yahoo,
      chartPath('IBM', '2024-07-06T00:00:00Z', '2024-07-08T00:00:00Z'),
    );
    expect(response.status).toBe(200);
    const result = onlyResult(response.text);
    expect(result.timestamp).toBeUndefined();
    expect(result.indicators).toEqual({ quote: [{}], adjclose: [{}] });
  });

  it('quotes London listings in pence at 08:00 local', async () => {
    const result = await chart('TSCO.L', '2024-01-08T00:00:00Z', '2024-07-10T00:00:00Z');
    expect(result.meta).toMatchObject({
      currency: 'GBp',
      exchangeName: 'LSE',
      exchangeTimezoneName: 'Europe/London',
    });
    const stamps = result.timestamp ?? [];
    expect(new Date((stamps[0] ?? 0) * 1000).toISOString()).toBe('2024-01-08T08:00:00.000Z'); // GMT
    expect(new Date((stamps.at(-1) ?? 0) * 1000).toISOString()).toBe('2024-07-09T07:00:00.000Z'); // BST
    const closes = result.indicators.quote[0].close.filter((v): v is number => v !== null);
    expect(Math.min(...closes)).toBeGreaterThan(50); // pence, ~100x a pound price
  });

  it('maps suffixes to exchanges and opens', async () => {
    const cases: [string, string, string, string][] = [
      ['SAP.DE', 'EUR', 'Europe/Berlin', '2024-07-01T07:00:00.000Z'],
      ['BMW.F', 'EUR', 'Europe/Berlin', '2024-07-01T06:00:00.000Z'],
      ['7203.T', 'JPY', 'Asia/Tokyo', '2024-07-01T00:00:00.000Z'],
      ['AIR.NZ', 'NZD', 'Pacific/Auckland', '2024-06-30T22:00:00.000Z'],
    ];
    for (const [symbol, currency, zone, firstBar] of cases) {
      const result = await chart(symbol, '2024-06-30T12:00:00Z', '2024-07-03T00:00:00Z');
      expect(result.meta.currency).toBe(currency);
      expect(result.meta.exchangeTimezoneName).toBe(zone);
      expect(new Date((result.timestamp?.[0] ?? 0) * 1000).toISOString()).toBe(firstBar);
    }
  });

  it('shows null rows, splits and dividends over a long window, adjusted like the real API', async () => {
    let nullRows = 0;
    let splits = 0;
    let dividends = 0;
    for (const symbol of ['MSFT', 'ORCL', 'SPY', 'JNJ', 'T', 'IBM']) {
      const result = await chart(symbol, '1995-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
      const stamps = result.timestamp ?? [];
      const quote = result.indicators.quote[0];
      const adj = result.indicators.adjclose[0].adjclose;
      stamps.forEach((_, i) => {
        const row = [quote.open[i], quote.high[i], quote.low[i], quote.close[i], quote.volume[i], adj[i]];
        const nulls = row.filter((v) => v === null).length;
        expect([0, 6]).toContain(nulls); // a row is entirely null or entirely present
        if (nulls === 6) nullRows++;
      });
      for (const [key, split] of Object.entries(result.events?.splits ?? {})) {
        splits++;
        expect(key).toBe(String(split.date));
        expect(split.denominator).toBe(1);
        expect(split.splitRatio).toBe(`${split.numerator}:1`);
        const i = stamps.indexOf(split.date);
        expect(i).toBeGreaterThan(0);
        // Closes are split-adjusted, so there is no n:1 cliff at the split.
        const before = quote.close[i - 1];
        const after = quote.close[i];
        if (typeof before === 'number' && typeof after === 'number') {
          expect(Math.abs(Math.log(after / before))).toBeLessThan(Math.log(split.numerator) / 2);
        }
      }
      for (const [key, dividend] of Object.entries(result.events?.dividends ?? {})) {
        dividends++;
        expect(key).toBe(String(dividend.date));
        expect(stamps).toContain(dividend.date);
        expect(dividend.amount).toBeGreaterThan(0);
      }
      // adjclose: below close before dividends, equal to close on the last bar.
      const last = stamps.length - 1;
      if (quote.close[last] !== null) expect(adj[last]).toBe(quote.close[last]);
      if (result.events?.dividends) {
        const firstClose = quote.close.findIndex((v) => v !== null);
        expect(adj[firstClose]).toBeLessThan(quote.close[firstClose] ?? 0);
      }
    }
    expect(nullRows).toBeGreaterThan(10); // ~1 in 400 bars
    expect(splits).toBeGreaterThan(2);
    expect(dividends).toBeGreaterThan(100);
  });

  it('adjusts earlier bars for splits up to the end of the window', async () => {
    // ORCL has a 2:1 split on 2013-05-20 in the sandbox.
    const before = await chart('ORCL', '2012-01-01T00:00:00Z', '2013-01-01T00:00:00Z');
    const across = await chart('ORCL', '2012-01-01T00:00:00Z', '2014-01-01T00:00:00Z');
    expect(before.events?.splits).toBeUndefined();
    expect(Object.values(across.events?.splits ?? {}).map((s) => s.splitRatio)).toEqual(['2:1']);
    const rawClose = before.indicators.quote[0].close[5] ?? 0;
    const adjustedClose = across.indicators.quote[0].close[5] ?? 0;
    expect(adjustedClose).toBeCloseTo(rawClose / 2, 3);
    expect(across.indicators.quote[0].volume[5]).toBeCloseTo(
      (before.indicators.quote[0].volume[5] ?? 0) * 2,
      -1,
    );
  });

  it('reports only the requested event kinds', async () => {
    const divOnly = await chart('SPY', '1995-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'div');
    expect(divOnly.events?.dividends).toBeDefined();
    expect(divOnly.events?.splits).toBeUndefined();
    const none = await chart('SPY', '1995-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '');
    expect(none.events).toBeUndefined();
  });

  it('serves the recorded AAPL fixture verbatim inside its recorded range', async () => {
    const response = await call(
      sandbox.baseUrls.yahoo,
      chartPath('AAPL', '2020-09-01T00:00:00Z', '2020-10-31T00:00:00Z'),
    );
    expect(response.status).toBe(200);
    expect(
      response.bytes.equals(fixture('yahoo', 'chart_AAPL_1d_2020-08-31_to_2020-11-07_split4to1_div.json')),
    ).toBe(true);
    // Outside the recorded range AAPL is synthetic.
    const outside = await call(
      sandbox.baseUrls.yahoo,
      chartPath('AAPL', '2020-09-01T00:00:00Z', '2020-12-31T00:00:00Z'),
    );
    expect(outside.status).toBe(200);
    expect(onlyResult(outside.text).meta.symbol).toBe('AAPL');
    expect(outside.bytes.equals(response.bytes)).toBe(false);
  });

  it('answers errors with the real bodies', async () => {
    const si = await call(
      sandbox.baseUrls.yahoo,
      chartPath('SI', '2020-01-01T00:00:00Z', '2020-01-03T00:00:00Z'),
    );
    expect(si.status).toBe(404);
    expect(si.bytes.equals(fixture('yahoo', 'chart_error_404_SI_no_data_found.json'))).toBe(true);
    const missing = await call(
      sandbox.baseUrls.yahoo,
      chartPath('NOTFOUND123', '2020-01-01T00:00:00Z', '2020-01-03T00:00:00Z'),
    );
    expect(missing.status).toBe(404);
    expect(missing.text).toBe(si.text);

    // Before the first trade (1995-01-03 for most symbols).
    const early = await call(
      sandbox.baseUrls.yahoo,
      chartPath('IBM', '1994-01-03T00:00:00Z', '1994-06-01T00:00:00Z'),
    );
    expect(early.status).toBe(400);
    expect(early.text).toBe(
      `{"chart":{"result":null,"error":{"code":"Bad Request","description":"Data doesn't exist for startDate = ${unix('1994-01-03T00:00:00Z')}, endDate = ${unix('1994-06-01T00:00:00Z')}"}}}`,
    );

    for (const query of [
      'period2=1700000000&interval=1d',
      'period1=abc&period2=1700000000&interval=1d',
      'period1=1600000000&period2=1700000000',
      'period1=1600000000&period2=1700000000&interval=1wk',
    ]) {
      const bad = await call(sandbox.baseUrls.yahoo, `/v8/finance/chart/IBM?${query}`);
      expect(bad.status).toBe(400);
      const body = JSON.parse(bad.text) as ChartBody;
      expect(body.chart.result).toBeNull();
      expect(body.chart.error?.code).toBe('Bad Request');
    }
    const unknownPath = await call(sandbox.baseUrls.yahoo, '/v7/finance/nothing');
    expect(unknownPath.status).toBe(404);
  });
});

describe('rate limits', () => {
  it('throttles Yahoo above 20 requests per second with a plain-text 429 and no Retry-After', async () => {
    await withSandbox({ limits: true }, async (limited) => {
      const responses = await burst(30, () =>
        call(limited.baseUrls.yahoo, chartPath('SI', '2020-01-01T00:00:00Z', '2020-01-03T00:00:00Z')),
      );
      const throttled = responses.filter((r) => r.status === 429);
      expect(throttled.length).toBeGreaterThanOrEqual(10);
      expect(responses.filter((r) => r.status === 404)).toHaveLength(30 - throttled.length);
      expect(throttled[0]?.text).toBe('Too Many Requests');
      expect(throttled[0]?.headers.get('content-type')).toContain('text/plain');
      expect(throttled[0]?.headers.get('retry-after')).toBeNull();
    });
  });
});
