import { afterEach, describe, expect, it } from 'vitest';
import {
  chart,
  exactDecimal,
  failedChecks,
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

interface ActionRow extends Record<string, unknown> {
  symbol: string;
  dt: string;
  kind: string;
  amount: string | null;
  currency: string | null;
  numerator: string | null;
  denominator: string | null;
}

const actions = (fixture: SilverFixture, symbol: string): Promise<ActionRow[]> =>
  fixture.session.all<ActionRow>(`SELECT symbol, dt::VARCHAR AS dt, kind, amount::VARCHAR AS amount, currency,
      numerator::VARCHAR AS numerator, denominator::VARCHAR AS denominator
    FROM silver.corporate_actions WHERE symbol = '${symbol}' ORDER BY dt, kind`);

describe('silver.corporate_actions', () => {
  it("dates AAPL's 4:1 split and its dividend in New York time", async () => {
    const payload = chart(YAHOO.AAPL);
    f = await openSilverFixture([yahoo(payload, '2026-02-16')]);
    expect(failedChecks(await f.buildSilver())).toEqual([]);

    const events = onlyResult(payload).events;
    const [splitStamp] = Object.values(events?.splits ?? {}).map((s) => s.date);
    const [dividendStamp] = Object.values(events?.dividends ?? {}).map((d) => d.date);
    expect(localDate(splitStamp ?? 0, 'America/New_York')).toBe('2020-08-31');
    expect(await actions(f, 'AAPL')).toEqual([
      {
        symbol: 'AAPL',
        dt: localDate(splitStamp ?? 0, 'America/New_York'),
        kind: 'split',
        amount: null,
        currency: null,
        numerator: '4.000000',
        denominator: '1.000000',
      },
      {
        symbol: 'AAPL',
        dt: localDate(dividendStamp ?? 0, 'America/New_York'),
        kind: 'dividend',
        amount: '0.205000000000',
        currency: 'USD',
        numerator: null,
        denominator: null,
      },
    ]);
  });

  it('parses payloads that carry only one kind of event (MSFT: events=div, NVDA: events=split)', async () => {
    const msft = chart(YAHOO.MSFT);
    const nvda = chart(YAHOO.NVDA);
    expect(onlyResult(msft).events?.splits).toBeUndefined();
    expect(onlyResult(nvda).events?.dividends).toBeUndefined();
    f = await openSilverFixture([yahoo(msft, '2026-02-16'), yahoo(nvda, '2026-02-16')]);
    const results = await f.buildSilver();
    expect(failedChecks(results)).toEqual([]);

    const dividends = Object.values(onlyResult(msft).events?.dividends ?? {});
    expect(await actions(f, 'MSFT')).toEqual(
      dividends.map((d) => ({
        symbol: 'MSFT',
        dt: localDate(d.date, 'America/New_York'),
        kind: 'dividend',
        amount: exactDecimal(String(d.amount), 1n, 12),
        currency: 'USD',
        numerator: null,
        denominator: null,
      })),
    );
    const [split] = Object.values(onlyResult(nvda).events?.splits ?? {});
    expect(await actions(f, 'NVDA')).toEqual([
      {
        symbol: 'NVDA',
        dt: localDate(split?.date ?? 0, 'America/New_York'),
        kind: 'split',
        amount: null,
        currency: null,
        numerator: '4.000000',
        denominator: '1.000000',
      },
    ]);
    const conservation = results.find(
      (r) => r.model === 'corporate_actions' && r.check.startsWith('conservation'),
    );
    expect(conservation?.detail).toBe(`in ${dividends.length + 1} = out ${dividends.length + 1} + dropped 0`);
  });

  it('keeps the latest fetch of an event and counts the superseded one', async () => {
    const first = chart(YAHOO.AAPL);
    const corrected = chart(YAHOO.AAPL);
    for (const dividend of Object.values(onlyResult(corrected).events?.dividends ?? {}))
      dividend.amount = 0.21;
    f = await openSilverFixture([yahoo(first, '2026-02-16'), yahoo(corrected, '2026-02-17')]);
    const results = await f.buildSilver();
    expect(failedChecks(results)).toEqual([]);
    const dividend = (await actions(f, 'AAPL')).find((a) => a.kind === 'dividend');
    expect(dividend?.amount).toBe('0.210000000000');
    const conservation = results.find(
      (r) => r.model === 'corporate_actions' && r.check.startsWith('conservation'),
    );
    expect(conservation?.detail).toBe('in 4 = out 2 + dropped 2');
  });

  it("takes a GBp listing's dividend to be in pence, like its prices (/100 → GBP)", async () => {
    const payload = chart(YAHOO.OCDO);
    const result = onlyResult(payload);
    const stamp = result.timestamp?.[0] ?? 0;
    result.events = { dividends: { [String(stamp)]: { amount: 1.45, date: stamp } } };
    f = await openSilverFixture([yahoo(payload, '2026-02-16')]);
    expect(failedChecks(await f.buildSilver())).toEqual([]);
    expect(await actions(f, 'OCDO.L')).toEqual([
      {
        symbol: 'OCDO.L',
        dt: localDate(stamp, 'Europe/London'),
        kind: 'dividend',
        amount: '0.014500000000',
        currency: 'GBP',
        numerator: null,
        denominator: null,
      },
    ]);
  });
});
