import { afterEach, describe, expect, it } from 'vitest';
import {
  exactDecimal,
  failedChecks,
  fixtureText,
  openSilverFixture,
  type SilverFixture,
} from './test-support.ts';

let f: SilverFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

/** The ECB's full-history CSV: newest first, `N/A` for missing values, a trailing comma on every line. */
function ecbHistory(): Map<string, Map<string, string>> {
  const [header = '', ...lines] = fixtureText('fx', 'ecb_eurofxref-hist_1999-01-04_to_2025-05-09.csv')
    .trim()
    .split('\n');
  const currencies = header.split(',').slice(1);
  const byDate = new Map<string, Map<string, string>>();
  for (const line of lines) {
    const [date = '', ...values] = line.split(',');
    const rates = new Map<string, string>();
    currencies.forEach((currency, i) => {
      const value = values[i]?.trim() ?? '';
      if (currency !== '' && value !== '' && value !== 'N/A') rates.set(currency, value);
    });
    byDate.set(date, rates);
  }
  return byDate;
}

/** A Frankfurter v1 time series built from CSV rows, the numbers written exactly as the CSV has them. */
function frankfurter(rows: ReadonlyMap<string, ReadonlyMap<string, string>>): string {
  const dates = [...rows.keys()].sort();
  const days = dates.map((date) => {
    const rates = [...(rows.get(date) ?? new Map<string, string>())]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, value]) => `"${currency}":${value}`);
    return `"${date}":{${rates.join(',')}}`;
  });
  return `{"amount":1.0,"base":"EUR","start_date":"${dates[0] ?? ''}","end_date":"${dates.at(-1) ?? ''}","rates":{${days.join(',')}}}`;
}

const fx = (dt: string, body: string) => ({ source: 'fx', dataset: 'rates', dt, key: 'EUR', body });

interface RateRow extends Record<string, unknown> {
  dt: string;
  currency: string;
  units_per_eur: string;
}

const RATES = `SELECT dt::VARCHAR AS dt, currency, units_per_eur::VARCHAR AS units_per_eur
  FROM silver.fx_rates ORDER BY dt, currency`;

describe('silver.fx_rates', () => {
  it('holds exactly the ECB CSV rates, per date and currency, for a Frankfurter payload built from them', async () => {
    const history = ecbHistory();
    // The first publications (1999, with currencies since replaced by the euro), 2022 (HRK, no RUB)
    // and the last three dates of the file.
    const dates = ['1999-01-04', '1999-01-05', '2022-07-08', '2025-05-07', '2025-05-08', '2025-05-09'];
    const rows = new Map(dates.map((d) => [d, history.get(d) ?? new Map<string, string>()]));
    expect(rows.get('1999-01-04')?.get('CYP')).toBe('0.58231');
    expect(rows.get('2025-05-09')?.has('CYP')).toBe(false); // N/A in the CSV: not published, not 0

    f = await openSilverFixture([fx('2025-05-09', frankfurter(rows))]);
    const results = await f.buildSilver();
    expect(failedChecks(results)).toEqual([]);

    const expected = dates.flatMap((date) =>
      [...(rows.get(date) ?? [])]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, value]) => ({ dt: date, currency, units_per_eur: exactDecimal(value, 1n, 18) })),
    );
    expect(expected.length).toBeGreaterThan(150);
    expect(await f.session.all<RateRow>(RATES)).toEqual(expected);
  });

  it('keeps the latest fetch of a (date, currency) and counts the superseded rate', async () => {
    const first =
      '{"amount":1.0,"base":"EUR","start_date":"2025-05-08","end_date":"2025-05-09","rates":{"2025-05-08":{"USD":1.1297},"2025-05-09":{"USD":1.1251}}}';
    const later =
      '{"amount":1.0,"base":"EUR","start_date":"2025-05-09","end_date":"2025-05-09","rates":{"2025-05-09":{"USD":1.1252}}}';
    f = await openSilverFixture([fx('2025-05-09', first), fx('2025-05-10', later)]);
    const results = await f.buildSilver();
    expect(failedChecks(results)).toEqual([]);
    expect(await f.session.all<RateRow>(RATES)).toEqual([
      { dt: '2025-05-08', currency: 'USD', units_per_eur: '1.129700000000000000' },
      { dt: '2025-05-09', currency: 'USD', units_per_eur: '1.125200000000000000' },
    ]);
    const conservation = results.find((r) => r.model === 'fx_rates' && r.check.startsWith('conservation'));
    expect(conservation?.detail).toBe('in 3 = out 2 + dropped 1');
  });
});
