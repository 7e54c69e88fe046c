import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqlString } from '../pipeline/duckdb.ts';
import { buildModel, type Model } from '../pipeline/model.ts';
import { runChecks, type CheckResult } from '../pipeline/checks.ts';
import { GOLD_TABLES, TYPE_MAP, goldTable } from './gold-tables.ts';
import { GOLD_MODELS } from './models.ts';
import { loadMarket, syntheticMarket } from './synthetic-market.ts';
import {
  RUN_ID,
  barRow,
  buildGold,
  insertRows,
  openGoldFixture,
  query,
  type GoldFixture,
} from './test-support.ts';

let fixture: GoldFixture;
beforeEach(async () => {
  fixture = await openGoldFixture();
});
afterEach(async () => {
  await fixture.close();
});

const model = (name: string): Model => {
  const found = GOLD_MODELS.find((m) => m.name === name);
  if (!found) throw new Error(`no model ${name}`);
  return found;
};

async function checkAll(): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const m of GOLD_MODELS) {
    await buildModel(fixture.session, m);
    results.push(...(await runChecks(fixture.session, m, path.join(fixture.root, 'quarantine'))));
  }
  return results;
}

describe('GOLD_MODELS', () => {
  it('covers every gold table of the contract, with its key, in an order that builds', () => {
    expect(GOLD_MODELS.map((m) => m.name).sort()).toEqual(GOLD_TABLES.map((t) => t.name).sort());
    for (const m of GOLD_MODELS) {
      expect(m.layer).toBe('gold');
      expect(m.key).toEqual(goldTable(m.name).key);
      expect(existsSync(m.sqlFile)).toBe(true);
    }
    const names = GOLD_MODELS.map((m) => m.name);
    expect(names.indexOf('fx_rates')).toBeLessThan(names.indexOf('daily_prices'));
    expect(names.indexOf('instruments')).toBeLessThan(names.indexOf('daily_prices'));
    expect(names.indexOf('daily_prices')).toBeLessThan(names.indexOf('instrument_snapshot'));
    expect(names.indexOf('fundamentals')).toBeLessThan(names.indexOf('instrument_snapshot'));
  });

  it('produces exactly the contract’s columns, in order, with the contract’s DuckDB types (even from empty silver)', async () => {
    await buildGold(fixture.session);
    for (const table of GOLD_TABLES) {
      const described = await query<{ column_name: string; column_type: string }>(
        fixture.session,
        `DESCRIBE gold.${table.name}`,
      );
      expect(
        described.map((c) => [c.column_name, c.column_type]),
        table.name,
      ).toEqual(table.columns.map((c) => [c.name, TYPE_MAP[c.type].duckdb]));
      expect(table.columns.at(-1)?.name).toBe('_run_id');
    }
  });

  it('passes every check on clean synthetic data', async () => {
    await loadMarket(fixture.session, syntheticMarket());
    const results = await checkAll();
    expect(results.filter((r) => !r.passed)).toEqual([]);
    expect(results.length).toBeGreaterThan(40);
    const runIds = await query<{ r: string }>(
      fixture.session,
      'SELECT DISTINCT _run_id AS r FROM gold.daily_prices UNION SELECT DISTINCT _run_id FROM gold.instrument_snapshot',
    );
    expect(runIds).toEqual([{ r: RUN_ID }]);
  });
});

describe('the gold gate on crafted bad data', () => {
  it('a negative close in silver fails daily_prices checks, with a sample and a quarantine file', async () => {
    const market = syntheticMarket();
    const bad = market.bars.find((b) => b.symbol === 'AAA' && b.dt === '2024-06-03');
    if (!bad) throw new Error('no bar to spoil');
    await loadMarket(fixture.session, {
      ...market,
      bars: market.bars.map((b) => (b === bad ? { ...b, close: -b.close } : b)),
    });
    const results = await checkAll();
    const failed = results.filter((r) => !r.passed);
    const closeCheck = failed.find((r) => r.model === 'daily_prices' && r.check === 'close > 0');
    expect(closeCheck).toMatchObject({ failing: 1 });
    expect(closeCheck?.sample[0]).toMatchObject({ symbol: 'AAA', close: -bad.close, _reason: 'close > 0' });
    const file = closeCheck?.quarantineFile ?? '';
    expect(existsSync(file)).toBe(true);
    const quarantined = await query<{ symbol: string; _reason: string }>(
      fixture.session,
      `SELECT symbol, _reason FROM read_parquet(${sqlString(file)})`,
    );
    expect(quarantined).toEqual([{ symbol: 'AAA', _reason: 'close > 0' }]);
    // close_usd inherits the sign; the snapshot is clean (the spoiled bar is not the latest).
    expect(failed.map((r) => `${r.model}: ${r.check}`)).toEqual([
      'daily_prices: close > 0',
      'daily_prices: close_usd > 0',
    ]);
  });

  it('a bar of an unknown listing fails the relationship to gold.instruments', async () => {
    const market = syntheticMarket();
    await loadMarket(fixture.session, market);
    const ghost = market.bars.slice(0, 3).map((b) => barRow({ ...b, symbol: 'GHOST' }));
    await insertRows(fixture.session, 'silver.daily_bars', ghost);
    const failed = (await checkAll()).filter((r) => !r.passed);
    expect(failed.map((r) => [r.model, r.check, r.failing])).toEqual([
      ['daily_prices', 'relationship(symbol -> gold.instruments.symbol)', 3],
      ['instrument_snapshot', 'relationship(symbol -> gold.instruments.symbol)', 1],
    ]);
  });

  it('a build without run_id fails the not_null(_run_id) checks', async () => {
    await fixture.session.run('RESET VARIABLE run_id');
    await loadMarket(fixture.session, syntheticMarket());
    await buildModel(fixture.session, model('instruments'));
    const results = await runChecks(fixture.session, model('instruments'), path.join(fixture.root, 'q'));
    expect(results.find((r) => r.check === 'not_null(_run_id)')?.passed).toBe(false);
  });

  it('a duplicated silver bar fails unique(symbol, dt)', async () => {
    const market = syntheticMarket();
    await loadMarket(fixture.session, market);
    const first = market.bars[0];
    if (!first) throw new Error('no bars');
    await insertRows(fixture.session, 'silver.daily_bars', [barRow(first)]);
    const failed = (await checkAll()).filter((r) => !r.passed);
    expect(failed.map((r) => [r.model, r.check])).toContainEqual(['daily_prices', 'unique(symbol, dt)']);
  });

  it('an FX rate of zero is not hidden: fx_rates fails not_null(usd_per_unit)', async () => {
    const market = syntheticMarket();
    await loadMarket(fixture.session, {
      ...market,
      publications: market.publications.map((p) =>
        p.dt === '2024-06-03' && p.currency === 'GBP' ? { ...p, unitsPerEur: 0 } : p,
      ),
    });
    const failed = (await checkAll()).filter((r) => !r.passed);
    expect(failed.find((r) => r.model === 'fx_rates' && r.check === 'not_null(usd_per_unit)')).toMatchObject({
      failing: 1,
      sample: [{ currency: 'GBP', usd_per_unit: null }],
    });
  });
});
