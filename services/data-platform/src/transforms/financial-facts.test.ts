import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedChecks, fixtureText, openSilverFixture, type SilverFixture } from './test-support.ts';

interface Fact {
  start?: string;
  end: string;
  val: number;
  accn: string;
  fy: number | null;
  fp: string | null;
  form: string;
  filed: string;
  frame?: string;
}

interface CompanyFacts {
  cik: number;
  facts: Record<string, Record<string, { units: Record<string, Fact[]> }>>;
}

const MRVL = 'companyfacts_CIK0001835632_MRVL.json';
const TSM = 'companyfacts_CIK0001046179_TSM_ifrs.json';

interface Chosen {
  readonly cik: string;
  readonly taxonomy: string;
  readonly concept: string;
  readonly unit: string;
  readonly start: string | null;
  readonly end: string;
  readonly fact: Fact;
  readonly reportedBy: number;
}

const newer = (a: Fact, b: Fact): boolean => a.filed > b.filed || (a.filed === b.filed && a.accn > b.accn);

/** The winner per (taxonomy, concept, unit, start, end), chosen in TypeScript: latest filed, then highest accn. */
function latestFiled(file: string): Map<string, Chosen> {
  const payload = JSON.parse(fixtureText('sec', file)) as CompanyFacts;
  const cik = String(payload.cik).padStart(10, '0');
  const chosen = new Map<string, Chosen>();
  for (const [taxonomy, concepts] of Object.entries(payload.facts))
    for (const [concept, { units }] of Object.entries(concepts))
      for (const [unit, facts] of Object.entries(units))
        for (const fact of facts) {
          const id = [cik, taxonomy, concept, unit, fact.start ?? '', fact.end].join('|');
          const best = chosen.get(id);
          const reportedBy = (best?.reportedBy ?? 0) + 1;
          if (best === undefined || newer(fact, best.fact)) {
            chosen.set(id, {
              cik,
              taxonomy,
              concept,
              unit,
              start: fact.start ?? null,
              end: fact.end,
              fact,
              reportedBy,
            });
          } else {
            chosen.set(id, { ...best, reportedBy });
          }
        }
  return chosen;
}

interface FactRow extends Record<string, unknown> {
  cik: string;
  taxonomy: string;
  concept: string;
  unit: string;
  period_start: string | null;
  period_end: string;
  period_start_key: string;
  val: string;
  fy: number | null;
  fp: string | null;
  form: string;
  filed: string;
  accn: string;
  frame: string | null;
}

const FACTS = `SELECT cik, taxonomy, concept, unit, period_start::VARCHAR AS period_start,
  period_end::VARCHAR AS period_end, period_start_key::VARCHAR AS period_start_key, val::VARCHAR AS val,
  fy, fp, form, filed::VARCHAR AS filed, accn, frame FROM silver.financial_facts`;

let f: SilverFixture;
let results: Awaited<ReturnType<SilverFixture['buildSilver']>>;
const expected = new Map([...latestFiled(MRVL), ...latestFiled(TSM)]);

beforeAll(async () => {
  f = await openSilverFixture([
    {
      source: 'sec',
      dataset: 'companyfacts',
      dt: '2026-02-16',
      key: 'CIK0001835632',
      body: fixtureText('sec', MRVL),
    },
    {
      source: 'sec',
      dataset: 'companyfacts',
      dt: '2026-02-16',
      key: 'CIK0001046179',
      body: fixtureText('sec', TSM),
    },
  ]);
  results = await f.buildSilver();
});
afterAll(async () => {
  await f.close();
});

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

const row = async (c: Chosen): Promise<FactRow | undefined> => {
  const start = c.start === null ? 'period_start IS NULL' : `period_start = DATE '${c.start}'`;
  const [found] = await f.session.all<FactRow>(
    `${FACTS} WHERE cik = '${c.cik}' AND taxonomy = '${c.taxonomy}' AND concept = '${c.concept}'
      AND unit = '${c.unit}' AND period_end = DATE '${c.end}' AND ${start}`,
  );
  return found;
};

describe('silver.financial_facts (MRVL and TSM companyfacts)', () => {
  it('passes its checks and keeps one row per fact identity', () => {
    expect(failedChecks(results)).toEqual([]);
    const conservation = results.find(
      (r) => r.model === 'financial_facts' && r.check.startsWith('conservation'),
    );
    const reported = [...expected.values()].reduce((n, c) => n + c.reportedBy, 0);
    expect(conservation?.detail).toBe(
      `in ${reported} = out ${expected.size} + dropped ${reported - expected.size}`,
    );
  });

  it('chooses the latest filed report (then the highest accession) for every fact, as computed in TypeScript', async () => {
    const got = await f.session.all<FactRow>(FACTS);
    expect(got).toHaveLength(expected.size);
    const mismatches = got.filter((r) => {
      const c = expected.get(
        [r.cik, r.taxonomy, r.concept, r.unit, r.period_start ?? '', r.period_end].join('|'),
      );
      return c?.fact.accn !== r.accn || c.fact.filed !== r.filed;
    });
    expect(mismatches).toEqual([]);
  });

  it('collapses a fact restated by later filings to the latest one (TSM AccountingProfit FY2016)', async () => {
    const c = defined(
      expected.get(
        ['0001046179', 'ifrs-full', 'AccountingProfit', 'TWD', '2016-01-01', '2016-12-31'].join('|'),
      ),
    );
    expect(c.reportedBy).toBeGreaterThan(1);
    expect(await row(c)).toMatchObject({
      period_start: '2016-01-01',
      accn: c.fact.accn,
      filed: c.fact.filed,
      form: c.fact.form,
      val: `${String(c.fact.val)}.000000`,
    });
    // Restated by the 2019 20-F: the 2018 filing's copy of the same value is superseded.
    expect(c.fact.filed).toBe('2019-04-17');
    expect(c.fact.accn).toBe('0001193125-19-108390');
  });

  it('keeps instants with a null period_start (key: period_start_key 0001-01-01)', async () => {
    const instant = defined(
      [...expected.values()].find(
        (c) =>
          c.cik === '0001835632' && c.taxonomy === 'us-gaap' && c.concept === 'Assets' && c.start === null,
      ),
    );
    expect(await row(instant)).toMatchObject({
      cik: '0001835632',
      unit: 'USD',
      period_start: null,
      period_start_key: '0001-01-01',
      period_end: instant.end,
      accn: instant.fact.accn,
    });
  });

  it('keeps every taxonomy and unit: TSM has ifrs-full facts in TWD, MRVL has no ifrs-full', async () => {
    const byTaxonomy = await f.session.all<{ cik: string; taxonomy: string; unit: string; n: bigint }>(
      `SELECT cik, taxonomy, unit, count(*) AS n FROM silver.financial_facts GROUP BY ALL ORDER BY ALL`,
    );
    const has = (cik: string, taxonomy: string, unit: string): boolean =>
      byTaxonomy.some((r) => r.cik === cik && r.taxonomy === taxonomy && r.unit === unit && r.n > 0n);
    expect(has('0001046179', 'ifrs-full', 'TWD')).toBe(true);
    expect(has('0001046179', 'ifrs-full', 'TWD/shares')).toBe(true);
    expect(has('0001046179', 'us-gaap', 'USD')).toBe(false);
    expect(has('0001835632', 'us-gaap', 'USD/shares')).toBe(true);
    expect(has('0001835632', 'dei', 'shares')).toBe(true);
    expect(byTaxonomy.some((r) => r.cik === '0001835632' && r.taxonomy === 'ifrs-full')).toBe(false);
  });

  it('keeps facts whose fy and fp are null (proxy statement pay-versus-performance)', async () => {
    const [row0] = await f.session.all<{ n: bigint }>(
      `SELECT count(*) AS n FROM silver.financial_facts WHERE form = 'DEF 14A' AND fy IS NULL AND fp IS NULL`,
    );
    expect(row0?.n).toBeGreaterThan(0n);
  });
});

describe('silver.financial_facts across captures', () => {
  it('reads only the latest companyfacts snapshot of a company', async () => {
    const older = JSON.parse(fixtureText('sec', MRVL)) as CompanyFacts;
    const usGaap = older.facts['us-gaap'] ?? {};
    usGaap.WithdrawnConcept = {
      units: {
        USD: [
          {
            end: '2020-12-31',
            val: 1,
            accn: '0000000000-20-000001',
            fy: 2020,
            fp: 'FY',
            form: '10-K',
            filed: '2021-03-01',
          },
        ],
      },
    };
    const fixture = await openSilverFixture([
      {
        source: 'sec',
        dataset: 'companyfacts',
        dt: '2026-02-15',
        key: 'CIK0001835632',
        body: JSON.stringify(older),
      },
      {
        source: 'sec',
        dataset: 'companyfacts',
        dt: '2026-02-16',
        key: 'CIK0001835632',
        body: fixtureText('sec', MRVL),
      },
    ]);
    try {
      const checks = await fixture.buildSilver();
      expect(failedChecks(checks)).toEqual([]);
      const [withdrawn] = await fixture.session.all<{ n: bigint }>(
        `SELECT count(*) AS n FROM silver.financial_facts WHERE concept = 'WithdrawnConcept'`,
      );
      expect(withdrawn?.n).toBe(0n);
      const mrvl = [...latestFiled(MRVL).values()];
      const [all] = await fixture.session.all<{ n: bigint; shas: string[] }>(
        `SELECT count(*) AS n, list(DISTINCT bronze_sha256) AS shas FROM silver.financial_facts`,
      );
      expect(all?.n).toBe(BigInt(mrvl.length));
      expect(all?.shas).toEqual([createHash('sha256').update(fixtureText('sec', MRVL)).digest('hex')]);
    } finally {
      await fixture.close();
    }
  });
});
