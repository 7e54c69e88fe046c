import { access } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { sqlString } from '../pipeline/duckdb.ts';
import {
  chart,
  failedChecks,
  fixtureText,
  localDate,
  onlyResult,
  openSilverFixture,
  YAHOO,
  yahoo,
  type SilverFixture,
} from './test-support.ts';

let f: SilverFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

describe('silver quality gates on crafted bad data', () => {
  it('reports high < low and a negative close with a sample row and a quarantine Parquet', async () => {
    const payload = chart(YAHOO.AAPL);
    const result = onlyResult(payload);
    const quote = result.indicators.quote[0];
    quote.high[0] = 120; // low is 126
    quote.close[1] = -5;
    f = await openSilverFixture([yahoo(payload, '2026-02-16')]);
    const results = await f.buildSilver();
    expect(failedChecks(results)).toEqual(['daily_bars: high_gte_low', 'daily_bars: close_positive']);

    const stamps = result.timestamp ?? [];
    const highLow = results.find((r) => r.check === 'high_gte_low');
    expect(highLow).toMatchObject({ passed: false, failing: 1 });
    expect(highLow?.sample[0]).toMatchObject({ symbol: 'AAPL', _reason: 'high_gte_low' });
    expect(highLow?.sample[0]?.dt).toEqual(
      new Date(`${localDate(stamps[0] ?? 0, 'America/New_York')}T00:00:00Z`),
    );

    const negative = results.find((r) => r.check === 'close_positive');
    expect(negative).toMatchObject({ passed: false, failing: 1 });
    expect(Number(negative?.sample[0]?.close)).toBe(-5);

    for (const check of [highLow, negative]) {
      const file = check?.quarantineFile ?? '';
      await access(file);
      const quarantined = await f.session.all<{ symbol: string; dt: string; _reason: string }>(
        `SELECT symbol, dt::VARCHAR AS dt, _reason FROM read_parquet(${sqlString(file)})`,
      );
      expect(quarantined).toEqual([
        {
          symbol: 'AAPL',
          dt: localDate(stamps[check === highLow ? 0 : 1] ?? 0, 'America/New_York'),
          _reason: check?.check,
        },
      ]);
    }
  });

  it('fails not_null(currency) for a currency code outside silver.currencies, keeping the code for triage', async () => {
    const payload = chart(YAHOO.OCDO);
    onlyResult(payload).meta.currency = 'GBx'; // neither GBp nor GBX: case matters
    f = await openSilverFixture([yahoo(payload, '2026-02-16')]);
    const results = await f.buildSilver();
    expect(failedChecks(results)).toEqual(['daily_bars: not_null(currency)']);
    expect(results.find((r) => r.check === 'not_null(currency)')?.sample[0]).toMatchObject({
      symbol: 'OCDO.L',
      currency: null,
      source_currency: 'GBx',
    });
  });

  it('fails a dividend as large as the share price (a pence/pounds mix-up)', async () => {
    const payload = chart(YAHOO.OCDO);
    const result = onlyResult(payload);
    const stamp = result.timestamp?.[0] ?? 0;
    // 2000 pence = 20 GBP against a close of 12.595 GBP.
    result.events = { dividends: { [String(stamp)]: { amount: 2000, date: stamp } } };
    f = await openSilverFixture([yahoo(payload, '2026-02-16')]);
    expect(failedChecks(await f.buildSilver())).toEqual(['corporate_actions: dividend_below_close']);
  });

  it('fails a split when silver still holds bars fetched before it (not re-adjusted by Yahoo)', async () => {
    const old = chart(YAHOO.AAPL);
    const result = onlyResult(old);
    const day = 86_400;
    const first = result.timestamp?.[0] ?? 0;
    // A capture from before the 2020-08-31 split: three earlier sessions, on the pre-split scale.
    result.timestamp = [first - 5 * day, first - 4 * day, first - 3 * day];
    delete result.events;
    for (const series of ['open', 'high', 'low', 'close', 'volume'] as const)
      result.indicators.quote[0][series] = [1, 2, 3].map((i) => (series === 'volume' ? 1000 * i : 500 + i));
    result.indicators.adjclose[0].adjclose = [501, 502, 503];
    f = await openSilverFixture([
      yahoo(old, '2020-08-28', new Date('2020-08-28T22:00:00Z')),
      yahoo(chart(YAHOO.AAPL), '2026-02-16'),
    ]);
    const results = await f.buildSilver();
    expect(failedChecks(results)).toEqual(['corporate_actions: bars_fetched_after_split']);
    expect(results.find((r) => r.check === 'bars_fetched_after_split')?.sample[0]).toMatchObject({
      symbol: 'AAPL',
      kind: 'split',
    });
  });
});

describe('silver models refuse payloads whose shape changed, naming the model and the payload', () => {
  it('a Yahoo payload without chart.result[0].timestamp', async () => {
    const payload = chart(YAHOO.AAPL);
    delete onlyResult(payload).timestamp;
    f = await openSilverFixture([yahoo(payload, '2026-02-16')]);
    await expect(f.buildSilver()).rejects.toThrow(
      /^Model silver\.daily_bars \(.*daily_bars\.sql\) failed: .*yahoo prices bronze\/source=yahoo\/dataset=prices\/dt=2026-02-16\/AAPL\.json: chart\.result\[0\]\.timestamp is missing/,
    );
  });

  it('a Yahoo payload whose closes became strings', async () => {
    const payload = chart(YAHOO.AAPL);
    const quote = onlyResult(payload).indicators.quote[0] as unknown as Record<string, unknown>;
    quote.close = onlyResult(payload).indicators.quote[0].close.map((c) => String(c));
    f = await openSilverFixture([yahoo(payload, '2026-02-16')]);
    await expect(f.buildSilver()).rejects.toThrow(
      /^Model silver\.daily_bars .*AAPL\.json: a price array is not an array of numbers and nulls/,
    );
  });

  it('a Yahoo payload whose arrays disagree in length', async () => {
    const payload = chart(YAHOO.AAPL);
    onlyResult(payload).indicators.adjclose[0].adjclose.pop();
    f = await openSilverFixture([yahoo(payload, '2026-02-16')]);
    await expect(f.buildSilver()).rejects.toThrow(
      /^Model silver\.daily_bars .*the price arrays do not all have one value per timestamp \(49\)/,
    );
  });

  it('a Yahoo payload whose events.splits became an array', async () => {
    const payload = JSON.parse(fixtureText('yahoo', YAHOO.AAPL)) as {
      chart: { result: [{ events: Record<string, unknown> }] };
    };
    payload.chart.result[0].events.splits = [{ date: 1598880600, numerator: 4, denominator: 1 }];
    f = await openSilverFixture([
      { source: 'yahoo', dataset: 'prices', dt: '2026-02-16', key: 'AAPL', body: JSON.stringify(payload) },
    ]);
    await expect(f.buildSilver()).rejects.toThrow(
      /^Model silver\.corporate_actions .*events\.splits is ARRAY, expected an object/,
    );
  });

  it('a Frankfurter payload in another base currency', async () => {
    f = await openSilverFixture([
      {
        source: 'fx',
        dataset: 'rates',
        dt: '2025-05-09',
        key: 'EUR',
        body: '{"amount":1.0,"base":"USD","start_date":"2025-05-09","end_date":"2025-05-09","rates":{"2025-05-09":{"EUR":0.8887}}}',
      },
    ]);
    await expect(f.buildSilver()).rejects.toThrow(/^Model silver\.fx_rates .*base is USD, expected EUR/);
  });

  it("a companyfacts payload where one concept's units became an array", async () => {
    const payload = JSON.parse(fixtureText('sec', 'companyfacts_CIK0001835632_MRVL.json')) as {
      facts: Record<string, Record<string, { units: unknown }>>;
    };
    const assets = payload.facts['us-gaap']?.Assets;
    if (!assets) throw new Error('fixture has no us-gaap:Assets');
    assets.units = Object.values(assets.units as Record<string, unknown[]>);
    f = await openSilverFixture([
      {
        source: 'sec',
        dataset: 'companyfacts',
        dt: '2026-02-16',
        key: 'CIK0001835632',
        body: JSON.stringify(payload),
      },
    ]);
    await expect(f.buildSilver()).rejects.toThrow(
      /^Model silver\.financial_facts .*CIK0001835632\.json: parsed \d+ facts but the payload has \d+ "accn" fields/,
    );
  });
});
