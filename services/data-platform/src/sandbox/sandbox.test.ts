// Real HTTP against started sandboxes: one with limits off for behaviour, fresh ones with limits on
// for the throttles (so rate windows never leak between tests).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEcbWorkingDay, parseIsoDate } from './calendar.ts';
import { startSandbox, type Sandbox } from './index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'ingestion');
const fixture = (source: string, file: string): Buffer =>
  readFileSync(path.join(FIXTURES, source, 'fixtures', file));
const UA = { 'user-agent': 'fin-platform tests ops@example.com' };
const unix = (iso: string): number => Date.parse(iso) / 1000;

interface Fetched {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
}

async function call(base: string, pathAndQuery: string, init: RequestInit = {}): Promise<Fetched> {
  const response = await fetch(`${base}${pathAndQuery}`, init);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
}

// ---------------------------------------------------------------------------------------------
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
interface Fact {
  start?: string;
  end: string;
  val: number;
  accn: string;
  fy: number;
  fp: string;
  form: string;
  filed: string;
  frame?: string;
}
interface CompanyFacts {
  cik: number;
  entityName: string;
  facts: Record<
    string,
    Record<string, { label: string; description: string; units: Record<string, Fact[]> }>
  >;
}

function chartPath(symbol: string, from: string, to: string, events = 'div%7Csplit'): string {
  return `/v8/finance/chart/${encodeURIComponent(symbol)}?period1=${unix(from)}&period2=${unix(to)}&interval=1d&events=${events}&includePrePost=false`;
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

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ limits: false });
});

afterAll(async () => {
  await sandbox.close();
});

describe('sandbox server', () => {
  it('listens on a free port and indexes the base URLs', async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.baseUrls).toEqual({
      yahoo: `${sandbox.url}/yahoo`,
      secData: `${sandbox.url}/sec-data`,
      secWww: `${sandbox.url}/sec-www`,
      fx: `${sandbox.url}/fx/v1`,
      openfigi: `${sandbox.url}/openfigi`,
    });
    const before = sandbox.requests();
    const index = await call(sandbox.url, '/');
    expect(index.status).toBe(200);
    expect((JSON.parse(index.text) as { baseUrls: unknown }).baseUrls).toEqual(sandbox.baseUrls);
    expect(sandbox.requests()).toBe(before + 1);
  });
});

describe('yahoo chart', () => {
  it('is deterministic: same bytes twice and from a second sandbox', async () => {
    const request = chartPath('DTRM', '2003-01-01T00:00:00Z', '2021-01-01T00:00:00Z');
    const first = await call(sandbox.baseUrls.yahoo, request);
    const second = await call(sandbox.baseUrls.yahoo, request);
    const other = await startSandbox({ limits: false });
    try {
      const third = await call(other.baseUrls.yahoo, request);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe('application/json;charset=utf-8');
      expect(second.bytes.equals(first.bytes)).toBe(true);
      expect(third.bytes.equals(first.bytes)).toBe(true);
    } finally {
      await other.close();
    }
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
    const result = onlyResult(
      (await call(sandbox.baseUrls.yahoo, chartPath('ALGN', '2024-03-06T00:00:00Z', '2024-03-14T00:00:00Z')))
        .text,
    );
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
    const result = onlyResult(
      (await call(sandbox.baseUrls.yahoo, chartPath('ALGN', '2023-12-20T00:00:00Z', '2024-01-05T00:00:00Z')))
        .text,
    );
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
    const result = onlyResult(
      (
        await call(
          sandbox.baseUrls.yahoo,
          chartPath('TSCO.L', '2024-01-08T00:00:00Z', '2024-07-10T00:00:00Z'),
        )
      ).text,
    );
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
      const result = onlyResult(
        (
          await call(
            sandbox.baseUrls.yahoo,
            chartPath(symbol, '2024-06-30T12:00:00Z', '2024-07-03T00:00:00Z'),
          )
        ).text,
      );
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
      const result = onlyResult(
        (
          await call(
            sandbox.baseUrls.yahoo,
            chartPath(symbol, '1995-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),
          )
        ).text,
      );
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
    const before = onlyResult(
      (await call(sandbox.baseUrls.yahoo, chartPath('ORCL', '2012-01-01T00:00:00Z', '2013-01-01T00:00:00Z')))
        .text,
    );
    const across = onlyResult(
      (await call(sandbox.baseUrls.yahoo, chartPath('ORCL', '2012-01-01T00:00:00Z', '2014-01-01T00:00:00Z')))
        .text,
    );
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
    const divOnly = onlyResult(
      (
        await call(
          sandbox.baseUrls.yahoo,
          chartPath('SPY', '1995-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'div'),
        )
      ).text,
    );
    expect(divOnly.events?.dividends).toBeDefined();
    expect(divOnly.events?.splits).toBeUndefined();
    const none = onlyResult(
      (
        await call(
          sandbox.baseUrls.yahoo,
          chartPath('SPY', '1995-01-01T00:00:00Z', '2025-01-01T00:00:00Z', ''),
        )
      ).text,
    );
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

describe('sec', () => {
  it('refuses clients without a declared User-Agent', async () => {
    const none = await call(sandbox.baseUrls.secWww, '/files/company_tickers.json', {
      headers: { 'user-agent': '' },
    });
    expect(none.status).toBe(403);
    expect(none.headers.get('content-type')).toContain('text/html');
    expect(none.text).toContain('Undeclared Automated Tool');
    const noEmail = await call(sandbox.baseUrls.secData, '/submissions/CIK0000789019.json', {
      headers: { 'user-agent': 'my-script/1.0' },
    });
    expect(noEmail.status).toBe(403);
  });

  it('serves company_tickers.json and the recorded documents verbatim', async () => {
    const tickers = await call(sandbox.baseUrls.secWww, '/files/company_tickers.json', { headers: UA });
    expect(tickers.status).toBe(200);
    expect(tickers.bytes.equals(fixture('sec', 'company_tickers.json'))).toBe(true);
    const mrvl = await call(sandbox.baseUrls.secData, '/api/xbrl/companyfacts/CIK0001835632.json', {
      headers: UA,
    });
    expect(mrvl.bytes.equals(fixture('sec', 'companyfacts_CIK0001835632_MRVL.json'))).toBe(true);
    const tsla = await call(sandbox.baseUrls.secData, '/submissions/CIK0001318605.json', { headers: UA });
    expect(tsla.bytes.equals(fixture('sec', 'submissions_CIK0001318605_TSLA.json'))).toBe(true);
  });

  it('answers unknown or malformed CIKs with the S3 NoSuchKey XML', async () => {
    const recorded = await call(sandbox.baseUrls.secData, '/submissions/CIK-000000001.json', { headers: UA });
    expect(recorded.status).toBe(404);
    expect(recorded.headers.get('content-type')).toBe('application/xml');
    expect(recorded.bytes.equals(fixture('sec', 'error_404_submissions_CIK-000000001_NoSuchKey.xml'))).toBe(
      true,
    );
    for (const bad of [
      '/api/xbrl/companyfacts/CIK0000000001.json',
      '/api/xbrl/companyfacts/CIK789019.json',
      '/nothing/here',
    ]) {
      const response = await call(sandbox.baseUrls.secData, bad, { headers: UA });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/xml');
      expect(response.text).toContain('<Code>NoSuchKey</Code>');
    }
  });

  it('synthesises companyfacts with the real semantics for a CIK from the tickers file', async () => {
    const response = await call(sandbox.baseUrls.secData, '/api/xbrl/companyfacts/CIK0000789019.json', {
      headers: UA,
    });
    expect(response.status).toBe(200);
    const again = await call(sandbox.baseUrls.secData, '/api/xbrl/companyfacts/CIK0000789019.json', {
      headers: UA,
    });
    expect(again.bytes.equals(response.bytes)).toBe(true);
    const body = JSON.parse(response.text) as CompanyFacts;
    expect(body.cik).toBe(789019);
    expect(body.entityName).toBe('MICROSOFT CORP');
    const gaap = body.facts['us-gaap'] ?? {};
    for (const concept of [
      'Revenues',
      'NetIncomeLoss',
      'Assets',
      'StockholdersEquity',
      'EarningsPerShareDiluted',
    ]) {
      expect(gaap[concept]?.label).toBeTruthy();
    }
    expect(Object.keys(gaap.EarningsPerShareDiluted?.units ?? {})).toEqual(['USD/shares']);
    const shares = body.facts.dei?.EntityCommonStockSharesOutstanding?.units.shares ?? [];
    expect(shares.length).toBeGreaterThan(30);

    const assets = gaap.Assets?.units.USD ?? [];
    for (const fact of assets) expect(fact.start).toBeUndefined(); // instants
    const revenues = gaap.Revenues?.units.USD ?? [];
    expect(revenues.length).toBeGreaterThan(80);
    const years = new Set(revenues.map((f) => f.fy));
    expect(years.size).toBeGreaterThanOrEqual(9);
    for (const fact of revenues) {
      expect(fact.start).toBeDefined();
      expect(['10-Q', '10-K']).toContain(fact.form);
      expect(fact.fp === 'FY').toBe(fact.form === '10-K');
    }
    // The same period is repeated by later filings with the same value, and framed exactly once.
    const byPeriod = new Map<string, Fact[]>();
    for (const fact of [...revenues, ...assets]) {
      const key = `${fact.start ?? ''}|${fact.end}`;
      byPeriod.set(key, [...(byPeriod.get(key) ?? []), fact]);
    }
    expect([...byPeriod.values()].some((facts) => facts.length > 1)).toBe(true);
    for (const facts of byPeriod.values()) expect(new Set(facts.map((f) => f.val)).size).toBe(1);
    for (const unitFacts of [revenues, assets, shares]) {
      const frames = unitFacts.flatMap((f) => (f.frame ? [f.frame] : []));
      expect(new Set(frames).size).toBe(frames.length);
      expect(frames.length).toBeGreaterThan(10);
    }
    expect(assets.every((f) => !f.frame || /^CY\d{4}Q[1-4]I$/.test(f.frame))).toBe(true);
    expect(revenues.every((f) => !f.frame || /^CY\d{4}(Q[1-4])?$/.test(f.frame))).toBe(true);

    // Its submissions list the same filings.
    const submissions = JSON.parse(
      (await call(sandbox.baseUrls.secData, '/submissions/CIK0000789019.json', { headers: UA })).text,
    ) as {
      cik: string;
      name: string;
      tickers: string[];
      filings: { recent: Record<string, unknown[]>; files: unknown[] };
    };
    expect(submissions.cik).toBe('0000789019');
    expect(submissions.tickers).toContain('MSFT');
    expect(submissions.filings.files).toEqual([]);
    const recent = submissions.filings.recent;
    const length = recent.accessionNumber?.length ?? 0;
    for (const column of Object.values(recent)) expect(column).toHaveLength(length);
    for (const fact of revenues) {
      const i = recent.accessionNumber?.indexOf(fact.accn) ?? -1;
      expect(i).toBeGreaterThanOrEqual(0);
      expect(recent.form?.[i]).toBe(fact.form);
      expect(recent.filingDate?.[i]).toBe(fact.filed);
    }
  });

  it('synthesises the paged submissions file listed in a recorded document', async () => {
    const response = await call(sandbox.baseUrls.secData, '/submissions/CIK0001318605-submissions-001.json', {
      headers: UA,
    });
    expect(response.status).toBe(200);
    const page = JSON.parse(response.text) as Record<string, unknown[]>;
    expect(page.accessionNumber).toHaveLength(720);
    expect(page.filingDate?.[0]).toBe('2018-02-11');
    expect(page.filingDate?.at(-1)).toBe('2005-02-17');
    const missing = await call(sandbox.baseUrls.secData, '/submissions/CIK0001318605-submissions-002.json', {
      headers: UA,
    });
    expect(missing.status).toBe(404);
  });
});

describe('fx (Frankfurter v1)', () => {
  const csvRow = (date: string): Record<string, number> => {
    const lines = fixture('fx', 'ecb_eurofxref-hist_1999-01-04_to_2025-05-09.csv')
      .toString('utf8')
      .split('\n');
    const header = (lines[0] ?? '').split(',');
    const row = (lines.find((line) => line.startsWith(`${date},`)) ?? '').split(',');
    const out: Record<string, number> = {};
    header.forEach((currency, i) => {
      const value = row[i] ?? '';
      if (i > 0 && currency !== '' && value !== '' && value !== 'N/A') out[currency] = Number(value);
    });
    return out;
  };

  it('serves the real ECB values for a past date', async () => {
    const response = await call(sandbox.baseUrls.fx, '/2017-03-03');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(response.text.startsWith('{"amount":1.0,"base":"EUR","date":"2017-03-03"')).toBe(true);
    const body = JSON.parse(response.text) as { rates: Record<string, number> };
    expect(body.rates.USD).toBe(1.0565);
    expect(body.rates).toEqual(csvRow('2017-03-03'));
    const filtered = JSON.parse((await call(sandbox.baseUrls.fx, '/2017-03-03?symbols=USD,GBP')).text) as {
      rates: unknown;
    };
    expect(filtered.rates).toEqual({ GBP: 0.86355, USD: 1.0565 });
    // A Saturday answers with Friday's rates.
    const weekend = JSON.parse((await call(sandbox.baseUrls.fx, '/2017-03-04?symbols=USD')).text) as {
      date: string;
    };
    expect(weekend.date).toBe('2017-03-03');
  });

  it('serves time series on working days only, starting on the last working day before the start', async () => {
    const response = await call(sandbox.baseUrls.fx, '/2024-01-01..2024-01-05?symbols=USD');
    expect(JSON.parse(response.text)).toEqual({
      amount: 1,
      base: 'EUR',
      start_date: '2023-12-29',
      end_date: '2024-01-05',
      rates: {
        '2023-12-29': { USD: 1.105 },
        '2024-01-02': { USD: 1.0956 },
        '2024-01-03': { USD: 1.0919 },
        '2024-01-04': { USD: 1.0953 },
        '2024-01-05': { USD: 1.0921 },
      },
    });
  });

  it('continues after the recorded history on ECB working days up to today, deterministically', async () => {
    const first = await call(sandbox.baseUrls.fx, '/2025-04-01..?symbols=USD,JPY');
    const second = await call(sandbox.baseUrls.fx, '/2025-04-01..?symbols=USD,JPY');
    expect(second.bytes.equals(first.bytes)).toBe(true);
    const body = JSON.parse(first.text) as {
      end_date: string;
      rates: Record<string, Record<string, number>>;
    };
    const dates = Object.keys(body.rates);
    expect(dates).toEqual([...dates].sort());
    for (const date of dates) {
      expect(isEcbWorkingDay(parseIsoDate(date) ?? 0)).toBe(true);
      expect(body.rates[date]?.USD).toBeGreaterThan(0);
    }
    // Good Friday, Easter Monday, 1 May 2025 are TARGET closing days.
    for (const closed of ['2025-04-18', '2025-04-21', '2025-05-01']) expect(dates).not.toContain(closed);
    expect(body.rates['2025-05-09']).toEqual({ JPY: 163.36, USD: 1.1252 });
    expect(dates.some((d) => d > '2025-05-09')).toBe(true);
    expect(body.end_date <= new Date().toISOString().slice(0, 10)).toBe(true);
  });

  it('answers errors like Frankfurter', async () => {
    const invalid = await call(sandbox.baseUrls.fx, '/2024-02-30');
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get('cache-control')).toBe('no-store');
    expect(JSON.parse(invalid.text)).toEqual({ message: 'invalid date' });
    const nothing = await call(sandbox.baseUrls.fx, '/1990-01-01..1990-02-01');
    expect(nothing.status).toBe(404);
    expect(JSON.parse(nothing.text)).toEqual({ message: 'not found' });
    const base = await call(sandbox.baseUrls.fx, '/latest?base=USD');
    expect(base.status).toBe(422);
    expect(typeof (JSON.parse(base.text) as { message: unknown }).message).toBe('string');
    const latest = await call(sandbox.baseUrls.fx, '/latest');
    expect(latest.status).toBe(200);
  });
});

describe('openfigi', () => {
  const mapping = (base: string, jobs: unknown, headers: Record<string, string> = {}): Promise<Fetched> =>
    call(base, '/v3/mapping', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof jobs === 'string' ? jobs : JSON.stringify(jobs),
    });

  it('answers every job in order: recorded, synthetic, warning and error items', async () => {
    const jobs = [
      { idType: 'TICKER', idValue: 'AAPL', exchCode: 'US' },
      { idType: 'TICKER', idValue: 'NOTFOUNDX' },
      { idType: 'NOPE', idValue: 'AAPL' },
      { idType: 'TICKER', idValue: 'MSFT', exchCode: 'US' },
      { idType: 'ID_ISIN', idValue: 'US0000000001' },
    ];
    const response = await mapping(sandbox.baseUrls.openfigi, jobs);
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-policy')).toBe('25;w=60');
    expect(response.headers.get('ratelimit-limit')).toBe('25');
    expect(response.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
    expect(response.headers.get('ratelimit-reset')).toMatch(/^\d+$/);
    const results = JSON.parse(response.text) as Record<string, unknown>[];
    expect(results).toHaveLength(jobs.length);
    const recorded = JSON.parse(
      fixture('openfigi', 'v3_mapping_TICKER_AAPL_exchCode_US_200.json').toString('utf8'),
    ) as unknown[];
    expect(results[0]).toEqual(recorded[0]);
    expect(results[1]).toEqual({ warning: 'No identifier found.' });
    expect(results[2]).toEqual({ error: 'Invalid value for idType.' });
    const msft = (results[3] as { data: Record<string, string>[] }).data[0] ?? {};
    expect(msft).toMatchObject({
      ticker: 'MSFT',
      exchCode: 'US',
      marketSector: 'Equity',
      name: 'MICROSOFT CORP',
    });
    expect(msft.figi).toMatch(/^BBG[0-9BCDFGHJKLMNPQRSTVWXYZ]{9}$/);
    expect(msft.figi).toBe(msft.compositeFIGI);
    expect(results[4]).toHaveProperty('data');
    // Deterministic ids.
    const again = await mapping(sandbox.baseUrls.openfigi, jobs);
    expect(again.text).toBe(response.text);
  });

  it('rejects bad bodies, too many jobs, invalid keys and unknown paths', async () => {
    const notJson = await mapping(sandbox.baseUrls.openfigi, 'not json');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toContain('text/plain');
    const notArray = await mapping(sandbox.baseUrls.openfigi, { idType: 'TICKER', idValue: 'AAPL' });
    expect(notArray.status).toBe(400);
    const six = Array.from({ length: 6 }, () => ({ idType: 'TICKER', idValue: 'IBM' }));
    const tooMany = await mapping(sandbox.baseUrls.openfigi, six);
    expect(tooMany.status).toBe(413);
    expect(tooMany.headers.get('content-type')).toContain('text/plain');
    const withKey = await mapping(sandbox.baseUrls.openfigi, six, { 'x-openfigi-apikey': 'good-key' });
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get('ratelimit-policy')).toBe('25;w=6');
    expect(JSON.parse(withKey.text)).toHaveLength(6);
    const hundredOne = Array.from({ length: 101 }, () => ({ idType: 'TICKER', idValue: 'IBM' }));
    expect(
      (await mapping(sandbox.baseUrls.openfigi, hundredOne, { 'x-openfigi-apikey': 'good-key' })).status,
    ).toBe(413);
    const badKey = await mapping(sandbox.baseUrls.openfigi, [{ idType: 'TICKER', idValue: 'AAPL' }], {
      'x-openfigi-apikey': 'INVALID',
    });
    expect(badKey.status).toBe(401);
    expect(badKey.headers.get('content-type')).toContain('text/html');
    expect(badKey.text).toBe('Invalid API key.');
    const unknown = await call(sandbox.baseUrls.openfigi, '/v3/invalid-endpoint');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe('Invalid url.');
  });
});

describe('rate limits', () => {
  const burst = (count: number, run: () => Promise<Fetched>): Promise<Fetched[]> =>
    Promise.all(Array.from({ length: count }, run));

  it('throttles Yahoo above 20 requests per second with a plain-text 429 and no Retry-After', async () => {
    const limited = await startSandbox();
    try {
      const responses = await burst(30, () =>
        call(limited.baseUrls.yahoo, chartPath('SI', '2020-01-01T00:00:00Z', '2020-01-03T00:00:00Z')),
      );
      const throttled = responses.filter((r) => r.status === 429);
      expect(throttled.length).toBeGreaterThanOrEqual(10);
      expect(responses.filter((r) => r.status === 404)).toHaveLength(30 - throttled.length);
      expect(throttled[0]?.text).toBe('Too Many Requests');
      expect(throttled[0]?.headers.get('content-type')).toContain('text/plain');
      expect(throttled[0]?.headers.get('retry-after')).toBeNull();
    } finally {
      await limited.close();
    }
  });

  it('throttles SEC above 10 requests per second across both hosts with the recorded page', async () => {
    const limited = await startSandbox();
    try {
      const responses = await burst(16, () =>
        call(limited.baseUrls.secData, '/submissions/CIK0000000001.json', { headers: UA }),
      );
      const more = await call(limited.baseUrls.secWww, '/files/company_tickers.json', { headers: UA });
      const throttled = [...responses, more].filter((r) => r.status === 429);
      expect(throttled.length).toBeGreaterThanOrEqual(7);
      expect(more.status).toBe(429);
      expect(throttled[0]?.headers.get('retry-after')).toBe('1');
      expect(throttled[0]?.headers.get('content-type')).toContain('text/html');
      expect(throttled[0]?.bytes.equals(fixture('sec', 'error_rate_threshold_exceeded.html'))).toBe(true);
    } finally {
      await limited.close();
    }
  });

  it('throttles OpenFIGI after 25 requests per window with ratelimit headers', async () => {
    const limited = await startSandbox();
    try {
      const job = [{ idType: 'TICKER', idValue: 'IBM' }];
      const post = (headers: Record<string, string>): Promise<Fetched> =>
        call(limited.baseUrls.openfigi, '/v3/mapping', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(job),
        });
      const responses = await burst(26, () => post({}));
      expect(responses.filter((r) => r.status === 200)).toHaveLength(25);
      const throttled = responses.find((r) => r.status === 429);
      expect(throttled?.text).toBe('Too Many Requests');
      expect(throttled?.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(throttled?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(throttled?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(throttled?.headers.get('ratelimit-reset')).toBe(throttled?.headers.get('retry-after'));
      // A key has its own 25-per-6-seconds window.
      const keyed = await post({ 'x-openfigi-apikey': 'k1' });
      expect(keyed.status).toBe(200);
      expect(keyed.headers.get('ratelimit-policy')).toBe('25;w=6');
    } finally {
      await limited.close();
    }
  });

  it('never throttles with limits: false', async () => {
    const yahoo = await Promise.all(
      Array.from({ length: 40 }, () =>
        call(sandbox.baseUrls.yahoo, chartPath('SI', '2020-01-01T00:00:00Z', '2020-01-03T00:00:00Z')),
      ),
    );
    expect(yahoo.every((r) => r.status === 404)).toBe(true);
    const sec = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(sandbox.baseUrls.secData, '/submissions/CIK0000000001.json', { headers: UA }),
      ),
    );
    expect(sec.every((r) => r.status === 404)).toBe(true);
    const figi = await Promise.all(
      Array.from({ length: 30 }, () =>
        call(sandbox.baseUrls.openfigi, '/v3/mapping', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-openfigi-apikey': 'unlimited' },
          body: '[{"idType":"TICKER","idValue":"IBM"}]',
        }),
      ),
    );
    expect(figi.every((r) => r.status === 200)).toBe(true);
  });
});
