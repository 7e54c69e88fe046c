import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildGold,
  expectClose,
  insertRows,
  isoDate,
  openGoldFixture,
  query,
  type GoldFixture,
  type Row,
} from './test-support.ts';

interface Fact {
  cik: string;
  concept: string;
  start: string | null;
  end: string;
  val: number;
  taxonomy?: string;
  unit?: string;
  /** Of the reporting filing (deliberately unrelated to the period in several facts below). */
  fy?: number;
  fp?: string;
  form?: string;
  filed?: string;
}

const factRow = (f: Fact): Row => ({
  cik: f.cik,
  taxonomy: f.taxonomy ?? 'us-gaap',
  concept: f.concept,
  unit: f.unit ?? (f.concept.startsWith('EarningsPerShare') ? 'USD/shares' : 'USD'),
  period_start: f.start,
  period_end: f.end,
  val: f.val,
  fy: f.fy ?? null,
  fp: f.fp ?? null,
  form: f.form ?? '10-Q',
  filed: f.filed ?? '2025-01-01',
  accn: `${f.cik}-${f.filed ?? '2025-01-01'}`,
  frame: null,
});

interface FundamentalsRow extends Record<string, unknown> {
  cik: string;
  fiscal_year: number;
  fiscal_period: string;
  period_start: Date | null;
  period_end: Date;
  form: string | null;
  filed: Date | null;
  currency: string | null;
  revenue: number | null;
  net_income: number | null;
  eps_diluted: number | null;
  operating_cash_flow: number | null;
  total_assets: number | null;
  total_liabilities: number | null;
  stockholders_equity: number | null;
  shares_outstanding: number | null;
}

let fixture: GoldFixture;
beforeEach(async () => {
  fixture = await openGoldFixture();
});
afterEach(async () => {
  await fixture.close();
});

async function fundamentals(facts: readonly Row[]): Promise<Map<string, FundamentalsRow>> {
  await insertRows(fixture.session, 'silver.financial_facts', facts);
  await buildGold(fixture.session, 'fundamentals');
  const rows = await query<FundamentalsRow>(
    fixture.session,
    'SELECT * FROM gold.fundamentals ORDER BY cik, fiscal_year, fiscal_period',
  );
  return new Map(rows.map((r) => [`${r.cik} ${r.fiscal_year} ${r.fiscal_period}`, r]));
}

const get = (rows: Map<string, FundamentalsRow>, key: string): FundamentalsRow => {
  const row = rows.get(key);
  if (!row) throw new Error(`no fundamentals row ${key}; have ${[...rows.keys()].join(', ')}`);
  return row;
};

/** Facts of one filer: `fact(concept, start, end, val, extra)`; start null = an instant. */
const filer =
  (cik: string) =>
  (concept: string, start: string | null, end: string, val: number, extra: Partial<Fact> = {}): Fact => ({
    cik,
    concept,
    start,
    end,
    val,
    ...extra,
  });

// A calendar-year us-gaap filer.
const CAL = '0000000001';
const cal = filer(CAL);
const K2023 = { form: '10-K', filed: '2024-02-20' };
const K2024 = { form: '10-K', filed: '2025-02-20' };
const shares = (end: string, val: number) =>
  cal('EntityCommonStockSharesOutstanding', null, end, val, { taxonomy: 'dei', unit: 'shares' });
const calendarFiler: Fact[] = [
  // Revenues: Q1 restated by a later filing (whose fy/fp are 2024 Q1): the latest filed wins.
  cal('Revenues', '2023-01-01', '2023-03-31', 99, { fy: 2023, fp: 'Q1', filed: '2023-05-01' }),
  cal('Revenues', '2023-01-01', '2023-03-31', 100, { fy: 2024, fp: 'Q1', filed: '2024-05-01' }),
  cal('Revenues', '2023-04-01', '2023-06-30', 110, { fy: 2023, fp: 'Q2', filed: '2023-08-01' }),
  cal('Revenues', '2023-07-01', '2023-09-30', 120, { fy: 2023, fp: 'Q3', filed: '2023-11-01' }),
  cal('Revenues', '2023-01-01', '2023-12-31', 480, { fy: 2023, fp: 'FY', ...K2023 }),
  // A lower-priority revenue concept for the same period loses to Revenues.
  cal('RevenueFromContractWithCustomerExcludingAssessedTax', '2023-01-01', '2023-12-31', 470, K2023),
  cal('NetIncomeLoss', '2023-01-01', '2023-03-31', 10, { filed: '2023-05-01' }),
  cal('NetIncomeLoss', '2023-04-01', '2023-06-30', 11, { filed: '2023-08-01' }),
  cal('NetIncomeLoss', '2023-07-01', '2023-09-30', 12, { filed: '2023-11-01' }),
  cal('NetIncomeLoss', '2023-01-01', '2023-12-31', 50, K2023),
  // Repeated by a proxy statement (pay versus performance): same value, the row still names the 10-K.
  cal('NetIncomeLoss', '2023-01-01', '2023-12-31', 50, { form: 'DEF 14A', filed: '2024-04-15' }),
  cal('EarningsPerShareDiluted', '2023-01-01', '2023-03-31', 0.1, { filed: '2023-05-01' }),
  cal('EarningsPerShareDiluted', '2023-04-01', '2023-06-30', 0.11, { filed: '2023-08-01' }),
  cal('EarningsPerShareDiluted', '2023-07-01', '2023-09-30', 0.12, { filed: '2023-11-01' }),
  cal('EarningsPerShareDiluted', '2023-01-01', '2023-12-31', 0.5, K2023),
  // Operating cash flow is filed year-to-date only: Q1, H1, 9M, FY.
  cal('NetCashProvidedByUsedInOperatingActivities', '2023-01-01', '2023-03-31', 20, { filed: '2023-05-01' }),
  cal('NetCashProvidedByUsedInOperatingActivities', '2023-01-01', '2023-06-30', 45, { filed: '2023-08-01' }),
  cal('NetCashProvidedByUsedInOperatingActivities', '2023-01-01', '2023-09-30', 75, { filed: '2023-11-01' }),
  cal('NetCashProvidedByUsedInOperatingActivities', '2023-01-01', '2023-12-31', 110, K2023),
  // Balance sheet instants; the year end repeated as the next 10-Q's opening balance.
  cal('Assets', null, '2023-03-31', 1000, { filed: '2023-05-01' }),
  cal('Assets', null, '2023-06-30', 1010, { filed: '2023-08-01' }),
  cal('Assets', null, '2023-09-30', 1020, { filed: '2023-11-01' }),
  cal('Assets', null, '2023-12-31', 1050, K2023),
  cal('Assets', null, '2023-12-31', 1050, { form: '10-Q', filed: '2024-05-01' }),
  cal('Liabilities', null, '2023-12-31', 600, K2023),
  cal('StockholdersEquity', null, '2023-12-31', 450, K2023),
  // Cover-page share counts, dated after the period ends.
  shares('2023-04-28', 5000),
  shares('2023-07-28', 5010),
  shares('2023-10-27', 5020),
  shares('2024-02-16', 5030),
  // 2024: revenue only under the ASC 606 concept; net income with its own Q4 fact (which wins).
  cal('RevenueFromContractWithCustomerExcludingAssessedTax', '2024-01-01', '2024-03-31', 130),
  cal('RevenueFromContractWithCustomerExcludingAssessedTax', '2024-04-01', '2024-06-30', 140),
  cal('RevenueFromContractWithCustomerExcludingAssessedTax', '2024-07-01', '2024-09-30', 150),
  cal('RevenueFromContractWithCustomerExcludingAssessedTax', '2024-01-01', '2024-12-31', 600, K2024),
  cal('NetIncomeLoss', '2024-01-01', '2024-03-31', 15),
  cal('NetIncomeLoss', '2024-04-01', '2024-06-30', 16),
  cal('NetIncomeLoss', '2024-07-01', '2024-09-30', 17),
  cal('NetIncomeLoss', '2024-10-01', '2024-12-31', 21, K2024),
  cal('NetIncomeLoss', '2024-01-01', '2024-12-31', 70, K2024),
  // 2022: only the old SalesRevenueNet concept, annual.
  cal('SalesRevenueNet', '2022-01-01', '2022-12-31', 400, { form: '10-K', filed: '2023-02-20' }),
];

// A 52/53-week filer whose fiscal year ends near 31 January (MRVL: FY2025 = 2024-02-04 .. 2025-02-01).
// fy/fp are those of the later filings that repeated the values (fy 2026), as the SEC serves them.
const JAN = '0000000002';
const jan = filer(JAN);
const REV = 'RevenueFromContractWithCustomerExcludingAssessedTax';
const janFiler: Fact[] = [
  jan(REV, '2024-02-04', '2024-05-04', 1161.2, { fy: 2026, fp: 'Q1' }),
  jan(REV, '2024-05-05', '2024-08-03', 1272.7, { fy: 2026, fp: 'Q2' }),
  jan(REV, '2024-08-04', '2024-11-02', 1516.1, { fy: 2026, fp: 'Q3' }),
  jan(REV, '2024-02-04', '2025-02-01', 5767.3, { fy: 2026, fp: 'FY', form: '10-K', filed: '2026-03-11' }),
  jan(REV, '2025-02-02', '2025-05-03', 1895.3, { fy: 2027, fp: 'Q1' }),
  // Six- and nine-month year-to-date facts must not become quarters of their own.
  jan(REV, '2024-02-04', '2024-08-03', 2433.9, { fy: 2026, fp: 'Q2' }),
  jan(REV, '2024-02-04', '2024-11-02', 3950.0, { fy: 2026, fp: 'Q3' }),
];

// An ifrs-full filer reporting TWD, with a USD convenience translation for one year.
const IFRS = '0001046179';
const ifrs = filer(IFRS);
const F2023 = { taxonomy: 'ifrs-full', form: '20-F', filed: '2024-04-18' };
const F2024 = { taxonomy: 'ifrs-full', form: '20-F', filed: '2025-04-17' };
const twd = { unit: 'TWD' };
const ifrsFiler: Fact[] = [
  ifrs('Revenue', '2023-01-01', '2023-12-31', 2161735800000, { ...F2023, ...twd }),
  ifrs('Revenue', '2024-01-01', '2024-12-31', 2894307700000, { ...F2024, ...twd }),
  ifrs('Revenue', '2024-01-01', '2024-12-31', 88268000000, { ...F2024, unit: 'USD' }),
  ifrs('ProfitLossAttributableToOwnersOfParent', '2024-01-01', '2024-12-31', 1158380200000, {
    ...F2024,
    ...twd,
  }),
  ifrs('ProfitLoss', '2024-01-01', '2024-12-31', 1157523900000, { ...F2024, ...twd }),
  ifrs('DilutedEarningsLossPerShare', '2024-01-01', '2024-12-31', 44.67, { ...F2024, unit: 'TWD/shares' }),
  ifrs('DilutedEarningsLossPerShare', '2024-01-01', '2024-12-31', 1.36, { ...F2024, unit: 'USD/shares' }),
  ifrs('CashFlowsFromUsedInOperatingActivities', '2024-01-01', '2024-12-31', 1826177100000, {
    ...F2024,
    ...twd,
  }),
  ifrs('Assets', null, '2024-12-31', 6691764700000, { ...F2024, ...twd }),
  ifrs('Liabilities', null, '2024-12-31', 2412493100000, { ...F2024, ...twd }),
  ifrs('EquityAttributableToOwnersOfParent', null, '2024-12-31', 4244266500000, { ...F2024, ...twd }),
  ifrs('Equity', null, '2024-12-31', 4279271600000, { ...F2024, ...twd }),
  ifrs('EntityCommonStockSharesOutstanding', null, '2024-12-31', 25932733242, {
    ...F2024,
    taxonomy: 'dei',
    unit: 'shares',
  }),
];

describe('gold.fundamentals', () => {
  it('derives Q4 flows as FY − Q1 − Q2 − Q3, takes the latest filed value, and places balances and shares', async () => {
    const rows = await fundamentals(calendarFiler.map(factRow));
    const q = (period: string) => get(rows, `${CAL} 2023 ${period}`);
    // Latest filed wins (Q1 restated from 99 to 100); Q4 = 480 - 100 - 110 - 120.
    expect([q('Q1'), q('Q2'), q('Q3'), q('Q4'), q('FY')].map((r) => r.revenue)).toEqual([
      100, 110, 120, 150, 480,
    ]);
    expect(q('Q4').net_income).toBe(50 - 10 - 11 - 12);
    expectClose(q('Q4').eps_diluted, 0.5 - 0.1 - 0.11 - 0.12, 'Q4 eps');
    // Cash flow from YTD facts: Q2 = H1 - Q1, Q3 = 9M - Q1 - Q2, Q4 = FY - Q1 - Q2 - Q3.
    expect([q('Q1'), q('Q2'), q('Q3'), q('Q4'), q('FY')].map((r) => r.operating_cash_flow)).toEqual([
      20, 25, 30, 35, 110,
    ]);
    expect([q('Q1'), q('Q2'), q('Q3'), q('Q4'), q('FY')].map((r) => r.total_assets)).toEqual([
      1000, 1010, 1020, 1050, 1050,
    ]);
    expect(q('FY').total_liabilities).toBe(600);
    expect(q('FY').stockholders_equity).toBe(450);
    // Periods: Q4 starts the day after Q3 ends; fy/fp of the filings are not used.
    expect([isoDate(q('Q4').period_start), isoDate(q('Q4').period_end)]).toEqual([
      '2023-10-01',
      '2023-12-31',
    ]);
    expect([isoDate(q('FY').period_start), isoDate(q('FY').period_end)]).toEqual([
      '2023-01-01',
      '2023-12-31',
    ]);
    expect(isoDate(q('Q1').filed)).toBe('2024-05-01');
    expect([q('Q4').form, isoDate(q('Q4').filed)]).toEqual(['10-K', '2024-02-20']);
    expect([q('FY').form, isoDate(q('FY').filed)]).toEqual(['10-K', '2024-02-20']);
    expect(q('FY').currency).toBe('USD');
    // Shares: the cover page of the filing for the period (first cover date after the period end).
    expect([q('Q1'), q('Q2'), q('Q3'), q('Q4'), q('FY')].map((r) => r.shares_outstanding)).toEqual([
      5000, 5010, 5020, 5030, 5030,
    ]);
  });

  it('takes the first present revenue concept, and a filed Q4 fact over the derivation', async () => {
    const rows = await fundamentals(calendarFiler.map(factRow));
    expect(get(rows, `${CAL} 2023 FY`).revenue).toBe(480);
    const y2024 = ['Q1', 'Q2', 'Q3', 'Q4', 'FY'].map((p) => get(rows, `${CAL} 2024 ${p}`));
    expect(y2024.map((r) => r.revenue)).toEqual([130, 140, 150, 180, 600]);
    expect(y2024.map((r) => r.net_income)).toEqual([15, 16, 17, 21, 70]);
    expect(get(rows, `${CAL} 2022 FY`).revenue).toBe(400);
    // An annual-only year has no quarter rows.
    expect(rows.has(`${CAL} 2022 Q4`)).toBe(false);
  });

  it('labels fiscal periods from the period itself for a fiscal year ending near 31 January', async () => {
    const rows = await fundamentals(janFiler.map(factRow));
    const fy = (period: string) => get(rows, `${JAN} 2025 ${period}`);
    expect(
      ['Q1', 'Q2', 'Q3', 'Q4', 'FY'].map((p) => [isoDate(fy(p).period_start), isoDate(fy(p).period_end)]),
    ).toEqual([
      ['2024-02-04', '2024-05-04'],
      ['2024-05-05', '2024-08-03'],
      ['2024-08-04', '2024-11-02'],
      ['2024-11-03', '2025-02-01'],
      ['2024-02-04', '2025-02-01'],
    ]);
    expectClose(fy('Q4').revenue, 5767.3 - 1161.2 - 1272.7 - 1516.1, 'Q4 revenue');
    expect(fy('Q2').revenue).toBe(1272.7);
    const nextQ1 = get(rows, `${JAN} 2026 Q1`);
    expect([isoDate(nextQ1.period_end), nextQ1.revenue]).toEqual(['2025-05-03', 1895.3]);
    expect(rows.size).toBe(6);
  });

  it('maps an ifrs-full filer in its reporting currency', async () => {
    const rows = await fundamentals(ifrsFiler.map(factRow));
    const y = get(rows, `${IFRS} 2024 FY`);
    expect(y).toMatchObject({
      currency: 'TWD',
      revenue: 2894307700000,
      net_income: 1158380200000,
      eps_diluted: 44.67,
      operating_cash_flow: 1826177100000,
      total_assets: 6691764700000,
      total_liabilities: 2412493100000,
      stockholders_equity: 4244266500000,
      shares_outstanding: 25932733242,
      form: '20-F',
    });
    expect(get(rows, `${IFRS} 2023 FY`).revenue).toBe(2161735800000);
    expect([...rows.keys()].sort()).toEqual([`${IFRS} 2023 FY`, `${IFRS} 2024 FY`]);
  });
});

// The recorded SEC companyfacts, flattened to silver as the silver model does (latest filed per period).
function companyFacts(file: string): Row[] {
  const json = JSON.parse(
    readFileSync(path.join(import.meta.dirname, '..', 'ingestion', 'sec', 'fixtures', file), 'utf8'),
  ) as {
    cik: number;
    facts: Record<string, Record<string, { units: Record<string, SecFact[]> }>>;
  };
  const cik = String(json.cik).padStart(10, '0');
  const latest = new Map<string, Row>();
  for (const [taxonomy, concepts] of Object.entries(json.facts)) {
    for (const [concept, { units }] of Object.entries(concepts)) {
      for (const [unit, facts] of Object.entries(units)) {
        for (const f of facts) {
          const key = [taxonomy, concept, unit, f.start ?? '', f.end].join('|');
          const seen = latest.get(key);
          if (seen && String(seen.filed) >= f.filed) continue;
          latest.set(key, {
            cik,
            taxonomy,
            concept,
            unit,
            period_start: f.start ?? null,
            period_end: f.end,
            val: f.val,
            fy: f.fy,
            fp: f.fp,
            form: f.form,
            filed: f.filed,
            accn: f.accn,
            frame: f.frame ?? null,
          });
        }
      }
    }
  }
  return [...latest.values()];
}

interface SecFact {
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

const secValue = (facts: readonly Row[], concept: string, start: string | null, end: string): number => {
  const found = facts.find(
    (f) => f.concept === concept && f.period_start === start && f.period_end === end && f.unit === 'USD',
  );
  if (!found) throw new Error(`fixture has no ${concept} ${start ?? ''}..${end}`);
  return Number(found.val);
};

describe('gold.fundamentals on recorded SEC companyfacts', () => {
  it('MRVL: fiscal 2026 ends 2026-01-31; Q4 revenue is FY − Q1 − Q2 − Q3; cash flow quarters from YTD', async () => {
    const facts = companyFacts('companyfacts_CIK0001835632_MRVL.json');
    const rows = await fundamentals(facts);
    const revenue = 'RevenueFromContractWithCustomerExcludingAssessedTax';
    const fy = secValue(facts, revenue, '2025-02-02', '2026-01-31');
    const q1 = secValue(facts, revenue, '2025-02-02', '2025-05-03');
    const q2 = secValue(facts, revenue, '2025-05-04', '2025-08-02');
    const q3 = secValue(facts, revenue, '2025-08-03', '2025-11-01');
    const q4 = get(rows, '0001835632 2026 Q4');
    expect(q4.revenue).toBe(fy - q1 - q2 - q3);
    expect([isoDate(q4.period_start), isoDate(q4.period_end)]).toEqual(['2025-11-02', '2026-01-31']);
    expect(get(rows, '0001835632 2026 FY').revenue).toBe(fy);
    expect(get(rows, '0001835632 2027 Q1').revenue).toBe(
      secValue(facts, revenue, '2026-02-01', '2026-05-02'),
    );
    const ocf = 'NetCashProvidedByUsedInOperatingActivities';
    const h1 = secValue(facts, ocf, '2025-02-02', '2025-08-02');
    const m9 = secValue(facts, ocf, '2025-02-02', '2025-11-01');
    expect(get(rows, '0001835632 2026 Q3').operating_cash_flow).toBe(m9 - h1);
    expect(get(rows, '0001835632 2026 FY').currency).toBe('USD');
    const shares = get(rows, '0001835632 2026 FY').shares_outstanding;
    expect(shares).toBe(874300000); // cover page of the FY2026 10-K, 2026-03-04
  });

  it('TSM (ifrs-full, TWD with USD convenience figures): annual rows in TWD', async () => {
    const facts = companyFacts('companyfacts_CIK0001046179_TSM_ifrs.json');
    const rows = await fundamentals(facts);
    const y = get(rows, '0001046179 2024 FY');
    expect(y).toMatchObject({ currency: 'TWD', revenue: 2894307700000, eps_diluted: 44.67 });
    expect(isoDate(y.period_start)).toBe('2024-01-01');
    expect([...rows.values()].every((r) => r.currency === 'TWD')).toBe(true);
    expect([...rows.values()].some((r) => r.fiscal_period === 'Q4')).toBe(false);
  });
});
