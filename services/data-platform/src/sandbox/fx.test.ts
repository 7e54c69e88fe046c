// Frankfurter v1 over real HTTP: the recorded ECB history, time series, the synthetic continuation
// and the errors.
import { describe, expect, it } from 'vitest';
import { isEcbWorkingDay, parseIsoDate } from './calendar.ts';
import { call, fixture, useSandbox } from './test-support.ts';

const sandbox = useSandbox();

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
