import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addDays,
  buildGold,
  expectClose,
  insertRows,
  isoDate,
  openGoldFixture,
  query,
  type GoldFixture,
} from './test-support.ts';

type Rates = Readonly<Record<string, number>>;

/** ECB publications (units per EUR): Wednesday to Tuesday around a weekend, ending on a leap day month. */
const PUBLISHED: Readonly<Record<string, Rates>> = {
  '2024-02-28': { USD: 1.08, GBP: 0.855, JPY: 162.1, HRK: 7.5345 },
  '2024-02-29': { USD: 1.082, GBP: 0.856, JPY: 162.5, HRK: 7.5345 },
  // JPY missing on Friday: carried from Thursday. ISK starts: no earlier row may borrow it.
  '2024-03-01': { USD: 1.085, GBP: 0.857, ISK: 148.9 },
  '2024-03-04': { USD: 1.086, GBP: 0.858, JPY: 163.0, ISK: 149.1 },
  '2024-03-05': { USD: 1.087, GBP: 0.859, JPY: 163.2, ISK: 149.3 },
};

interface FxRow extends Record<string, unknown> {
  dt: Date;
  currency: string;
  usd_per_unit: number;
  eur_per_unit: number;
  rate_dt: Date;
  is_filled: boolean;
}

interface ExpectedFx {
  usdPerUnit: number;
  eurPerUnit: number;
  rateDt: string;
  isFilled: boolean;
}

/** The contract as a loop: every calendar day of each currency's span, last rate on or before the day. */
function expectedFx(published: Readonly<Record<string, Rates>>): Map<string, ExpectedFx> {
  const days = Object.keys(published).sort();
  const first = days[0] ?? '';
  const last = days[days.length - 1] ?? '';
  const spans = new Map<string, [string, string]>();
  for (const day of days) {
    for (const code of Object.keys(published[day] ?? {})) {
      const span = spans.get(code);
      spans.set(code, span ? [span[0], day] : [day, day]);
    }
  }
  spans.set('EUR', [first, last]);
  const lastRate = (code: string, dt: string): [number, string] | undefined => {
    let found: [number, string] | undefined;
    for (const day of days) {
      const rate = published[day]?.[code];
      if (day <= dt && rate !== undefined) found = [rate, day];
    }
    return found;
  };
  const out = new Map<string, ExpectedFx>();
  for (const [code, [from, to]] of spans) {
    for (let dt = from; dt <= to; dt = addDays(dt, 1)) {
      const usd = lastRate('USD', dt);
      if (!usd) continue;
      if (code === 'EUR') {
        out.set(`${dt} EUR`, { usdPerUnit: usd[0], eurPerUnit: 1, rateDt: usd[1], isFilled: usd[1] < dt });
        continue;
      }
      const unit = lastRate(code, dt);
      if (!unit) continue;
      const rateDt = unit[1] < usd[1] ? unit[1] : usd[1];
      out.set(`${dt} ${code}`, {
        usdPerUnit: usd[0] / unit[0],
        eurPerUnit: 1 / unit[0],
        rateDt,
        isFilled: rateDt < dt,
      });
    }
  }
  return out;
}

async function loadRates(fixture: GoldFixture, published: Readonly<Record<string, Rates>>) {
  await insertRows(
    fixture.session,
    'silver.fx_rates',
    Object.entries(published).flatMap(([dt, rates]) =>
      Object.entries(rates).map(([currency, rate]) => ({
        dt,
        currency,
        units_per_eur: rate,
        fetched_at: `${dt} 16:00:00+00`,
        bronze_sha256: 'e'.repeat(64),
      })),
    ),
  );
}

let fixture: GoldFixture;
beforeEach(async () => {
  fixture = await openGoldFixture();
});
afterEach(async () => {
  await fixture.close();
});

const readFx = async (): Promise<Map<string, FxRow>> => {
  const rows = await query<FxRow>(fixture.session, 'SELECT * FROM gold.fx_rates ORDER BY dt, currency');
  return new Map(rows.map((r) => [`${isoDate(r.dt)} ${r.currency}`, r]));
};

describe('gold.fx_rates: one row per calendar day and currency', () => {
  it('matches the calendar fill computed independently, for every row', async () => {
    await loadRates(fixture, PUBLISHED);
    await buildGold(fixture.session, 'fx_rates');
    const actual = await readFx();
    const expected = expectedFx(PUBLISHED);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, e] of expected) {
      const row = actual.get(key);
      expectClose(row?.usd_per_unit, e.usdPerUnit, `${key} usd_per_unit`);
      expectClose(row?.eur_per_unit, e.eurPerUnit, `${key} eur_per_unit`);
      expect(row && isoDate(row.rate_dt), `${key} rate_dt`).toBe(e.rateDt);
      expect(row?.is_filled, `${key} is_filled`).toBe(e.isFilled);
    }
  });

  it('fills the weekend with Friday’s rate, never Monday’s, and adds EUR and USD', async () => {
    await loadRates(fixture, PUBLISHED);
    await buildGold(fixture.session, 'fx_rates');
    const fx = await readFx();
    for (const day of ['2024-03-02', '2024-03-03']) {
      const gbp = fx.get(`${day} GBP`);
      expect(gbp && isoDate(gbp.rate_dt)).toBe('2024-03-01');
      expect(gbp?.is_filled).toBe(true);
      expectClose(gbp?.usd_per_unit, 1.085 / 0.857, `${day} GBP`);
      expectClose(fx.get(`${day} EUR`)?.usd_per_unit, 1.085, `${day} EUR`);
      expectClose(fx.get(`${day} USD`)?.eur_per_unit, 1 / 1.085, `${day} USD`);
    }
    const friday = fx.get('2024-03-01 GBP');
    expect(friday?.is_filled).toBe(false);
    expect(fx.get('2024-03-04 EUR')?.eur_per_unit).toBe(1);
    expect(fx.get('2024-03-04 USD')?.usd_per_unit).toBe(1);
    // Cross rate through EUR: one JPY in GBP = (GBP per EUR) / (JPY per EUR).
    const jpy = fx.get('2024-03-04 JPY');
    const gbp = fx.get('2024-03-04 GBP');
    expectClose((jpy?.usd_per_unit ?? 0) / (gbp?.usd_per_unit ?? 1), 0.858 / 163.0, 'JPY in GBP');
    // JPY missing on a publication day: carried from Thursday, flagged.
    const jpyFriday = fx.get('2024-03-01 JPY');
    expect(jpyFriday && isoDate(jpyFriday.rate_dt)).toBe('2024-02-29');
    expect(jpyFriday?.is_filled).toBe(true);
    expectClose(jpyFriday?.usd_per_unit, 1.085 / 162.5, 'JPY 2024-03-01');
    // A currency first published on Friday has no earlier row (a later rate is never used) ...
    expect(fx.has('2024-02-29 ISK')).toBe(false);
    expect(fx.has('2024-03-01 ISK')).toBe(true);
    // ... and one that stopped is not carried past its last publication.
    expect(fx.has('2024-02-29 HRK')).toBe(true);
    expect(fx.has('2024-03-01 HRK')).toBe(false);
    // Every day of the span for EUR, USD, GBP: 2024-02-28 .. 2024-03-05 is 7 days (leap year).
    for (const code of ['EUR', 'USD', 'GBP', 'JPY']) {
      expect([...fx.keys()].filter((k) => k.endsWith(` ${code}`))).toHaveLength(7);
    }
  });

  it('a re-fetched publication of the same day replaces the earlier one', async () => {
    await loadRates(fixture, PUBLISHED);
    await insertRows(fixture.session, 'silver.fx_rates', [
      {
        dt: '2024-03-04',
        currency: 'USD',
        units_per_eur: 1.0861,
        fetched_at: '2024-03-05 09:00:00+00',
        bronze_sha256: 'd'.repeat(64),
      },
    ]);
    await buildGold(fixture.session, 'fx_rates');
    const fx = await readFx();
    expectClose(fx.get('2024-03-04 EUR')?.usd_per_unit, 1.0861, 'corrected USD');
  });
});
