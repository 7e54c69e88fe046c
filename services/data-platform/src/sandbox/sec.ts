// SEC EDGAR: www.sec.gov (company_tickers.json) and data.sec.gov (companyfacts, submissions).
//
// Recorded documents are served verbatim (tickers, MRVL/TSM companyfacts, MRVL/TSLA submissions);
// any other CIK in company_tickers.json gets a deterministic synthetic filer whose companyfacts and
// submissions agree with each other (same accession numbers, filing dates and periods) and follow
// the real semantics: `start` absent on instants, fy/fp/form/filed of the reporting filing, values
// repeated by later filings, `frame` on one fact per calendar period.
import { dayFromYmd, isoDate, todayUtcDay, weekday, ymdFromDay } from './calendar.ts';
import { companyTickers, fixtureBytes, fixtureText, type TickerCompany } from './fixtures.ts';
import {
  fmix32,
  hashString,
  intBetween,
  mulberry32,
  normal,
  pick,
  roundTo,
  uniform,
  type Rng,
} from './prng.ts';
import { header, respond, type SandboxRequest, type SandboxResponse } from './respond.ts';
import type { SlidingWindowLimiter } from './rate-window.ts';

const JSON_TYPE = 'application/json';

const RECORDED_FACTS: ReadonlyMap<number, string> = new Map([
  [1835632, 'companyfacts_CIK0001835632_MRVL.json'],
  [1046179, 'companyfacts_CIK0001046179_TSM_ifrs.json'],
]);
const RECORDED_SUBMISSIONS: ReadonlyMap<number, string> = new Map([
  [1835632, 'submissions_CIK0001835632_MRVL.json'],
  [1318605, 'submissions_CIK0001318605_TSLA.json'],
]);

/** The first synthetic fiscal year: about ten years of filings up to today. */
const FIRST_FISCAL_YEAR = 2016;

export interface SecContext {
  readonly limits: boolean;
  /** Shared by /sec-data and /sec-www: the SEC's 10 req/s is per client across all its hosts. */
  readonly limiter: SlidingWindowLimiter;
}

// ---------------------------------------------------------------------------------------------
// Errors.

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** S3-style NoSuchKey, byte-identical to the recorded one except for the requested key. */
function noSuchKey(path: string): SandboxResponse {
  const template = fixtureText('sec', 'error_404_submissions_CIK-000000001_NoSuchKey.xml');
  const body = template.replace(/<Key>[^<]*<\/Key>/, `<Key>${escapeXml(path.replace(/^\/+/, ''))}</Key>`);
  return respond(404, 'application/xml', body);
}

const UNDECLARED_TOOL_HTML = `<!DOCTYPE html>
<html lang="en">
<head><title>SEC.gov | Request Rate Threshold Exceeded</title></head>
<body>
<h1>Your Request Originates from an Undeclared Automated Tool</h1>
<p>To allow for equitable access to all users, SEC reserves the right to limit requests originating from undeclared automated tools. Your request has been identified as part of a network of automated tools outside of the acceptable policy and will be managed until action is taken to declare your traffic.</p>
<p>Please declare your traffic by updating your user agent to include company specific information, with a contact email address.</p>
<p>Sample Declared Bot Request Headers:</p>
<pre>User-Agent: Sample Company Name AdminContact@&lt;sample company domain&gt;.com
Accept-Encoding: gzip, deflate
Host: www.sec.gov</pre>
<p>For best practices on efficiently downloading information from SEC.gov, including the latest EDGAR filings, visit <a href="https://www.sec.gov/developer">sec.gov/developer</a>.</p>
<p>Reference ID: 0.sandbox</p>
</body>
</html>
`;

// ---------------------------------------------------------------------------------------------
// Entry point.

export function handleSec(
  host: 'data' | 'www',
  request: SandboxRequest,
  context: SecContext,
): SandboxResponse {
  const userAgent = header(request, 'user-agent') ?? '';
  if (!userAgent.includes('@')) return respond(403, 'text/html', UNDECLARED_TOOL_HTML);
  if (context.limits && !context.limiter.tryAcquire()) {
    // The real SEC blocks the client for 10 minutes after exceeding 10 req/s (and keeps extending
    // the block while it continues). Blocking tests and quickstarts for 10 minutes would help no
    // one, so the sandbox answers 429 with Retry-After: 1 and unblocks as soon as the window drains.
    return respond(429, 'text/html', fixtureBytes('sec', 'error_rate_threshold_exceeded.html'), {
      'retry-after': '1',
    });
  }
  if (request.method !== 'GET') return noSuchKey(request.path);
  if (host === 'www') {
    if (request.path === '/files/company_tickers.json') {
      return respond(200, JSON_TYPE, fixtureBytes('sec', 'company_tickers.json'));
    }
    return noSuchKey(request.path);
  }

  const facts = /^\/api\/xbrl\/companyfacts\/CIK(\d{10})\.json$/.exec(request.path);
  if (facts) {
    const cik = Number(facts[1]);
    const recorded = RECORDED_FACTS.get(cik);
    if (recorded) return respond(200, JSON_TYPE, fixtureBytes('sec', recorded));
    const company = companyTickers().byCik.get(cik);
    return company ? respond(200, JSON_TYPE, JSON.stringify(companyFacts(company))) : noSuchKey(request.path);
  }

  const submissions = /^\/submissions\/CIK(\d{10})\.json$/.exec(request.path);
  if (submissions) {
    const cik = Number(submissions[1]);
    const recorded = RECORDED_SUBMISSIONS.get(cik);
    if (recorded) return respond(200, JSON_TYPE, fixtureBytes('sec', recorded));
    const company = companyTickers().byCik.get(cik);
    return company
      ? respond(200, JSON_TYPE, JSON.stringify(submissionsDocument(company)))
      : noSuchKey(request.path);
  }

  const page = /^\/submissions\/(CIK(\d{10})-submissions-\d{3}\.json)$/.exec(request.path);
  if (page) {
    const body = submissionsPage(Number(page[2]), page[1] ?? '');
    return body === undefined ? noSuchKey(request.path) : respond(200, JSON_TYPE, JSON.stringify(body));
  }
  return noSuchKey(request.path);
}

// ---------------------------------------------------------------------------------------------
// The synthetic filer.

type FiscalPeriod = 'Q1' | 'Q2' | 'Q3' | 'FY';

interface Filing {
  readonly form: string;
  readonly filed: number; // day number
  readonly accn: string;
  readonly reportDate: number | null;
  readonly items: string;
  /** Set for the 10-Q/10-K filings that carry XBRL facts. */
  readonly fiscal?: { readonly fy: number; readonly fp: FiscalPeriod; readonly coverDate: number };
}

interface FilerProfile {
  readonly company: TickerCompany;
  readonly seed: number;
  readonly cik10: string;
  /** Month (1-12) whose last day ends the fiscal year; fy is the calendar year of that day. */
  readonly fiscalYearEndMonth: number;
  readonly revenueBase: number;
  readonly revenueGrowth: number;
  readonly seasonality: readonly number[];
  readonly margin: number;
  readonly sharesBase: number;
  readonly shareGrowth: number;
  readonly assetsToRevenue: number;
  readonly equityRatio: number;
  readonly roundingUnit: number;
  readonly quarterlyLag: number;
  readonly annualLag: number;
  readonly industry: readonly [sic: string, description: string, ownerOrg: string];
  readonly exchange: string;
  readonly fileNumber: string;
  readonly city: readonly [city: string, state: string, zip: string];
  readonly street: string;
  readonly phone: string;
  readonly ein: string;
}

const INDUSTRIES: readonly (readonly [string, string, string])[] = [
  ['3674', 'Semiconductors & Related Devices', '04 Manufacturing'],
  ['7372', 'Services-Prepackaged Software', '06 Technology'],
  ['2834', 'Pharmaceutical Preparations', '03 Life Sciences'],
  ['6022', 'State Commercial Banks', '02 Finance'],
  ['3711', 'Motor Vehicles & Passenger Car Bodies', '04 Manufacturing'],
  ['5961', 'Retail-Catalog & Mail-Order Houses', '07 Trade & Services'],
  ['1311', 'Crude Petroleum & Natural Gas', '01 Energy & Transportation'],
  ['4911', 'Electric Services', '01 Energy & Transportation'],
];
const CITIES: readonly (readonly [string, string, string])[] = [
  ['SANTA CLARA', 'CA', '95054'],
  ['NEW YORK', 'NY', '10001'],
  ['AUSTIN', 'TX', '78701'],
  ['CHICAGO', 'IL', '60601'],
  ['BOSTON', 'MA', '02110'],
  ['SEATTLE', 'WA', '98101'],
  ['ATLANTA', 'GA', '30303'],
];

function profileFor(company: TickerCompany): FilerProfile {
  const seed = hashString(`sec|${company.cik}`);
  const rng = mulberry32(seed);
  const revenueBase = Math.exp(uniform(rng, Math.log(2e7), Math.log(1.5e10)));
  return {
    company,
    seed,
    cik10: String(company.cik).padStart(10, '0'),
    fiscalYearEndMonth: pick(rng, [12, 12, 12, 12, 12, 12, 9, 6, 3, 1]),
    revenueBase,
    revenueGrowth: uniform(rng, -0.04, 0.22),
    seasonality: [0, 1, 2, 3].map(() => 1 + uniform(rng, -0.08, 0.12)),
    margin: uniform(rng, -0.12, 0.28),
    sharesBase: Math.exp(uniform(rng, Math.log(3e7), Math.log(4e9))),
    shareGrowth: uniform(rng, -0.03, 0.04),
    assetsToRevenue: uniform(rng, 1.2, 4),
    equityRatio: uniform(rng, 0.2, 0.65),
    roundingUnit: revenueBase > 1e8 ? 100_000 : 1_000,
    quarterlyLag: intBetween(rng, 33, 44),
    annualLag: intBetween(rng, 50, 74),
    industry: pick(rng, INDUSTRIES),
    exchange: pick(rng, ['Nasdaq', 'NYSE']),
    fileNumber: `001-${intBetween(rng, 10000, 41999)}`,
    city: pick(rng, CITIES),
    street: `${intBetween(rng, 1, 9999)} ${pick(rng, ['MARKET', 'MAIN', 'MISSION', 'PARK', 'LAKE'])} STREET`,
    phone: `(${intBetween(rng, 201, 989)}) ${intBetween(rng, 200, 999)}-${String(intBetween(rng, 0, 9999)).padStart(4, '0')}`,
    ein: String(intBetween(rng, 100000000, 999999999)),
  };
}

function monthEnd(year: number, month: number): number {
  return dayFromYmd(year, month + 1, 1) - 1; // Date.UTC rolls month 13 into January
}

/** Last day of fiscal quarter q (1-4) of fiscal year fy. */
function quarterEnd(profile: FilerProfile, fy: number, q: number): number {
  const months = fy * 12 + (profile.fiscalYearEndMonth - 1) - 12 + 3 * q;
  return monthEnd(Math.floor(months / 12), (months % 12) + 1);
}

function quarterStart(profile: FilerProfile, fy: number, q: number): number {
  return q === 1 ? quarterEnd(profile, fy - 1, 4) + 1 : quarterEnd(profile, fy, q - 1) + 1;
}

function nextWeekday(day: number): number {
  let d = day;
  while (weekday(d) === 0 || weekday(d) === 6) d++;
  return d;
}

/** A per-(filer, purpose, index) generator, independent of how much history is requested. */
function rngAt(profile: FilerProfile, purpose: number, index: number): Rng {
  return mulberry32(
    fmix32((profile.seed ^ Math.imul(purpose, 0x27d4eb2d) ^ Math.imul(index + 4096, 0x9e3779b1)) >>> 0),
  );
}

const AGENT_PREFIXES = ['0001193125', '0001628280', '0001104659'];

/**
 * Every filing of the synthetic filer, oldest first, filed on or before today. Accession numbers of
 * the filer's own submissions are numbered per year in filing order, so they never change as later
 * filings appear.
 */
function filingSchedule(profile: FilerProfile): Filing[] {
  const today = todayUtcDay();
  const drafts: Omit<Filing, 'accn'>[] = [];
  const agentFilings: { form: string; filed: number; reportDate: number | null; items: string }[] = [];
  const lastFy = ymdFromDay(today).year + 1;
  for (let fy = FIRST_FISCAL_YEAR; fy <= lastFy; fy++) {
    for (const [q, fp] of [
      [1, 'Q1'],
      [2, 'Q2'],
      [3, 'Q3'],
      [4, 'FY'],
    ] as const) {
      const rng = rngAt(profile, 1, fy * 4 + q);
      const periodEnd = quarterEnd(profile, fy, q);
      const annual = fp === 'FY';
      const filed = nextWeekday(
        periodEnd + (annual ? profile.annualLag : profile.quarterlyLag) + intBetween(rng, 0, 3),
      );
      const release = nextWeekday(filed - intBetween(rng, 4, 12));
      drafts.push({ form: '8-K', filed: release, reportDate: release, items: '2.02,9.01' });
      drafts.push({
        form: annual ? '10-K' : '10-Q',
        filed,
        reportDate: periodEnd,
        items: '',
        fiscal: { fy, fp, coverDate: filed - intBetween(rng, 5, 9) },
      });
      if (annual) {
        const proxy = nextWeekday(filed + intBetween(rng, 25, 45));
        agentFilings.push({
          form: 'DEF 14A',
          filed: proxy,
          reportDate: proxy + intBetween(rng, 30, 45),
          items: '',
        });
      }
      // Insider trades cluster in the open window after results.
      for (let n = intBetween(rng, 1, 3); n > 0; n--) {
        const trade = nextWeekday(filed + intBetween(rng, 3, 40));
        agentFilings.push({
          form: '4',
          filed: nextWeekday(trade + intBetween(rng, 0, 2)),
          reportDate: trade,
          items: '',
        });
      }
    }
  }
  const filings: Filing[] = [];
  const perYear = new Map<number, number>();
  const seqBase = 2 + (profile.seed % 17);
  for (const draft of drafts.filter((f) => f.filed <= today).sort((a, b) => a.filed - b.filed)) {
    const year = ymdFromDay(draft.filed).year;
    const seq = seqBase + (perYear.get(year) ?? 0) * 3;
    perYear.set(year, (perYear.get(year) ?? 0) + 1);
    filings.push({
      ...draft,
      accn: `${profile.cik10}-${String(year % 100).padStart(2, '0')}-${String(seq).padStart(6, '0')}`,
    });
  }
  for (const agent of agentFilings) {
    if (agent.filed > today) continue;
    const h = hashString(`${profile.cik10}|${agent.form}|${agent.filed}|${agent.reportDate ?? ''}`);
    const prefix = AGENT_PREFIXES[h % AGENT_PREFIXES.length] ?? '0001193125';
    const year = ymdFromDay(agent.filed).year % 100;
    filings.push({
      ...agent,
      accn: `${prefix}-${String(year).padStart(2, '0')}-${String(h % 999_983).padStart(6, '0')}`,
    });
  }
  return filings.sort((a, b) => a.filed - b.filed || (a.accn < b.accn ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------
// companyfacts.

interface Fact {
  start?: string;
  end: string;
  val: number;
  accn: string;
  fy: number;
  fp: FiscalPeriod;
  form: string;
  filed: string;
  frame?: string;
}

interface QuarterValues {
  readonly revenue: number;
  readonly netIncome: number;
  readonly dilutedShares: number;
  readonly assets: number;
  readonly equity: number;
  readonly sharesOutstanding: number;
}

/** Fiscal quarter k = (fy - FIRST_FISCAL_YEAR) * 4 + (q - 1), seeded per quarter. */
function quarterValues(profile: FilerProfile, fy: number, q: number): QuarterValues {
  const k = (fy - FIRST_FISCAL_YEAR) * 4 + (q - 1);
  const rng = rngAt(profile, 2, k);
  const unit = profile.roundingUnit;
  const years = k / 4;
  const revenue =
    Math.round(
      (profile.revenueBase *
        (1 + profile.revenueGrowth) ** years *
        (profile.seasonality[q - 1] ?? 1) *
        (1 + 0.05 * normal(rng))) /
        unit,
    ) * unit;
  const netIncome = Math.round((revenue * (profile.margin + 0.04 * normal(rng))) / unit) * unit;
  const dilutedShares = Math.round((profile.sharesBase * (1 + profile.shareGrowth) ** years) / 1000) * 1000;
  const assets = Math.round((revenue * 4 * profile.assetsToRevenue * (1 + 0.02 * normal(rng))) / unit) * unit;
  const equity =
    Math.round((assets * Math.min(0.9, Math.max(0.05, profile.equityRatio + 0.03 * normal(rng)))) / unit) *
    unit;
  const sharesOutstanding = Math.round(dilutedShares * (0.985 + 0.004 * normal(rng)));
  return { revenue, netIncome, dilutedShares, assets, equity, sharesOutstanding };
}

interface Concept {
  readonly taxonomy: 'dei' | 'us-gaap';
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly unit: 'USD' | 'USD/shares' | 'shares';
}

// Labels and descriptions as the SEC serves them (copied from the recorded MRVL companyfacts).
const CONCEPTS = {
  shares: {
    taxonomy: 'dei',
    name: 'EntityCommonStockSharesOutstanding',
    label: 'Entity Common Stock, Shares Outstanding',
    description:
      "Indicate number of shares or other units outstanding of each of registrant's classes of capital or common stock or other ownership interests, if and as stated on cover of related periodic report. Where multiple classes or units exist define each class/interest by adding class of stock items such as Common Class A [Member], Common Class B [Member] or Partnership Interest [Member] onto the Instrument [Domain] of the Entity Listings, Instrument.",
    unit: 'shares',
  },
  assets: {
    taxonomy: 'us-gaap',
    name: 'Assets',
    label: 'Assets',
    description:
      'Sum of the carrying amounts as of the balance sheet date of all assets that are recognized. Assets are probable future economic benefits obtained or controlled by an entity as a result of past transactions or events.',
    unit: 'USD',
  },
  epsBasic: {
    taxonomy: 'us-gaap',
    name: 'EarningsPerShareBasic',
    label: 'Earnings Per Share, Basic',
    description:
      'The amount of net income (loss) for the period per each share of common stock or unit outstanding during the reporting period.',
    unit: 'USD/shares',
  },
  epsDiluted: {
    taxonomy: 'us-gaap',
    name: 'EarningsPerShareDiluted',
    label: 'Earnings Per Share, Diluted',
    description:
      'The amount of net income (loss) for the period available to each share of common stock or common unit outstanding during the reporting period and to each share or unit that would have been outstanding assuming the issuance of common shares or units for all dilutive potential common shares or units outstanding during the reporting period.',
    unit: 'USD/shares',
  },
  liabilities: {
    taxonomy: 'us-gaap',
    name: 'Liabilities',
    label: 'Liabilities',
    description:
      'Sum of the carrying amounts as of the balance sheet date of all liabilities that are recognized. Liabilities are probable future sacrifices of economic benefits arising from present obligations of an entity to transfer assets or provide services to other entities in the future.',
    unit: 'USD',
  },
  netIncome: {
    taxonomy: 'us-gaap',
    name: 'NetIncomeLoss',
    label: 'Net Income (Loss) Attributable to Parent',
    description:
      'The portion of profit or loss for the period, net of income taxes, which is attributable to the parent.',
    unit: 'USD',
  },
  revenues: {
    taxonomy: 'us-gaap',
    name: 'Revenues',
    label: 'Revenues',
    description:
      'Amount of revenue recognized from goods sold, services rendered, insurance premiums, or other activities that constitute an earning process. Includes, but is not limited to, investment and interest income before deduction of interest expense when recognized as a component of revenue, and sales and trading gain (loss).',
    unit: 'USD',
  },
  equity: {
    taxonomy: 'us-gaap',
    name: 'StockholdersEquity',
    label: "Stockholders' Equity Attributable to Parent",
    description:
      "Total of all stockholders' equity (deficit) items, net of receivables from officers, directors, owners, and affiliates of the entity which are attributable to the parent. The amount of the economic entity's stockholders' equity attributable to the parent excludes the amount of stockholders' equity which is allocable to that ownership interest in subsidiary equity which is not attributable to the parent (noncontrolling interest, minority interest). This excludes temporary equity and is sometimes called permanent equity.",
    unit: 'USD',
  },
  dilutedShares: {
    taxonomy: 'us-gaap',
    name: 'WeightedAverageNumberOfDilutedSharesOutstanding',
    label: 'Weighted Average Number of Shares Outstanding, Diluted',
    description:
      'The average number of shares or units issued and outstanding that are used in calculating diluted EPS or earnings per unit (EPU), determined based on the timing of issuance of shares or units in the period.',
    unit: 'shares',
  },
} as const satisfies Record<string, Concept>;

type ConceptKey = keyof typeof CONCEPTS;

/** Duration totals over fiscal quarters [fromQ..toQ] of fy (EPS from the summed income). */
function durationTotals(profile: FilerProfile, fy: number, fromQ: number, toQ: number) {
  let revenue = 0;
  let netIncome = 0;
  let shares = 0;
  for (let q = fromQ; q <= toQ; q++) {
    const v = quarterValues(profile, fy, q);
    revenue += v.revenue;
    netIncome += v.netIncome;
    shares += v.dilutedShares;
  }
  const dilutedShares = Math.round(shares / (toQ - fromQ + 1));
  return {
    revenues: revenue,
    netIncome,
    dilutedShares,
    epsDiluted: roundTo(netIncome / dilutedShares, 2),
    epsBasic: roundTo(netIncome / (dilutedShares * 0.985), 2),
  };
}

function calendarQuarter(day: number): { year: number; quarter: number } {
  const { year, month } = ymdFromDay(day);
  return { year, quarter: Math.floor((month - 1) / 3) + 1 };
}

/** The frame a fact could carry: CY####Q# for ~quarters, CY#### for ~years, CY####Q#I for instants. */
function frameOf(start: number | undefined, end: number): string | undefined {
  if (start === undefined) {
    // Nearest calendar quarter end.
    const { year } = ymdFromDay(end);
    let best: { year: number; quarter: number; distance: number } | undefined;
    for (let y = year - 1; y <= year; y++) {
      for (let q = 1; q <= 4; q++) {
        const distance = Math.abs(monthEnd(y, q * 3) - end);
        if (!best || distance < best.distance) best = { year: y, quarter: q, distance };
      }
    }
    return best ? `CY${best.year}Q${best.quarter}I` : undefined;
  }
  const days = end - start + 1;
  const middle = calendarQuarter(start + Math.floor((end - start) / 2));
  if (days >= 84 && days <= 98) return `CY${middle.year}Q${middle.quarter}`;
  if (days >= 350 && days <= 380) return `CY${middle.year}`;
  return undefined; // six- and nine-month year-to-date facts never get a frame
}

function companyFacts(company: TickerCompany): unknown {
  const profile = profileFor(company);
  const facts = new Map<ConceptKey, (Fact & { startDay?: number; endDay: number })[]>();
  const add = (
    key: ConceptKey,
    filing: Filing,
    start: number | undefined,
    end: number,
    val: number,
  ): void => {
    const fiscal = filing.fiscal;
    if (!fiscal) return;
    const list = facts.get(key) ?? [];
    list.push({
      ...(start === undefined ? {} : { start: isoDate(start) }),
      end: isoDate(end),
      val,
      accn: filing.accn,
      fy: fiscal.fy,
      fp: fiscal.fp,
      form: filing.form,
      filed: isoDate(filing.filed),
      ...(start === undefined ? {} : { startDay: start }),
      endDay: end,
    });
    facts.set(key, list);
  };
  const addDuration = (filing: Filing, fy: number, fromQ: number, toQ: number): void => {
    const totals = durationTotals(profile, fy, fromQ, toQ);
    const start = quarterStart(profile, fy, fromQ);
    const end = quarterEnd(profile, fy, toQ);
    add('revenues', filing, start, end, totals.revenues);
    add('netIncome', filing, start, end, totals.netIncome);
    add('epsBasic', filing, start, end, totals.epsBasic);
    add('epsDiluted', filing, start, end, totals.epsDiluted);
    add('dilutedShares', filing, start, end, totals.dilutedShares);
  };
  const addBalance = (filing: Filing, fy: number, q: number): void => {
    const v = quarterValues(profile, fy, q);
    const end = quarterEnd(profile, fy, q);
    add('assets', filing, undefined, end, v.assets);
    add('liabilities', filing, undefined, end, v.assets - v.equity);
    add('equity', filing, undefined, end, v.equity);
  };

  for (const filing of filingSchedule(profile)) {
    const fiscal = filing.fiscal;
    if (!fiscal) continue;
    const { fy, fp } = fiscal;
    // Each filing reports its own period plus the comparatives, which repeats earlier values.
    if (fp === 'FY') {
      for (const year of [fy, fy - 1, fy - 2]) addDuration(filing, year, 1, 4);
      addBalance(filing, fy, 4);
      addBalance(filing, fy - 1, 4);
    } else {
      const q = Number(fp.slice(1));
      for (const year of [fy, fy - 1]) {
        addDuration(filing, year, q, q);
        if (q > 1) addDuration(filing, year, 1, q);
      }
      addBalance(filing, fy, q);
      addBalance(filing, fy - 1, 4);
    }
    const cover = quarterValues(profile, fy, fp === 'FY' ? 4 : Number(fp.slice(1)));
    add('shares', filing, undefined, fiscal.coverDate, cover.sharesOutstanding);
  }

  const out: Record<
    string,
    Record<string, { label: string; description: string; units: Record<string, Fact[]> }>
  > = {
    dei: {},
    'us-gaap': {},
  };
  for (const [key, concept] of Object.entries(CONCEPTS) as [ConceptKey, Concept][]) {
    const list = facts.get(key);
    if (!list || list.length === 0) continue;
    // One fact per calendar frame: the one from the latest filing (as the SEC assigns it).
    const framed = new Map<string, (typeof list)[number]>();
    for (const fact of list) {
      const frame = frameOf(fact.startDay, fact.endDay);
      if (frame === undefined) continue;
      const current = framed.get(frame);
      if (
        !current ||
        fact.filed > current.filed ||
        (fact.filed === current.filed && fact.accn > current.accn)
      ) {
        framed.set(frame, fact);
      }
    }
    for (const [frame, fact] of framed) fact.frame = frame;
    list.sort(
      (a, b) =>
        a.endDay - b.endDay ||
        (a.startDay ?? 0) - (b.startDay ?? 0) ||
        (a.filed < b.filed ? -1 : a.filed > b.filed ? 1 : 0),
    );
    const units = list.map(({ startDay: _s, endDay: _e, ...fact }) => fact);
    const taxonomy = out[concept.taxonomy] ?? {};
    taxonomy[concept.name] = {
      label: concept.label,
      description: concept.description,
      units: { [concept.unit]: units },
    };
  }
  return { cik: company.cik, entityName: company.title, facts: out };
}

// ---------------------------------------------------------------------------------------------
// submissions.

const FORM_DESCRIPTIONS: Readonly<Record<string, string>> = {
  '10-K': 'FORM 10-K',
  '10-Q': 'FORM 10-Q',
  '8-K': 'FORM 8-K',
  'DEF 14A': 'DEF 14A',
  '4': 'FORM 4',
};

function filingColumns(
  profile: FilerProfile,
  filings: readonly Filing[],
): Record<string, (string | number)[]> {
  const columns: Record<string, (string | number)[]> = {
    accessionNumber: [],
    filingDate: [],
    reportDate: [],
    acceptanceDateTime: [],
    act: [],
    form: [],
    fileNumber: [],
    filmNumber: [],
    items: [],
    core_type: [],
    size: [],
    isXBRL: [],
    isInlineXBRL: [],
    isXBRLNumeric: [],
    primaryDocument: [],
    primaryDocDescription: [],
  };
  const ticker = (profile.company.tickers[0] ?? 'co').toLowerCase().replace(/[^a-z0-9]/g, '');
  for (const filing of filings) {
    const h = hashString(filing.accn);
    const ownership = filing.form === '4';
    const xbrl = filing.form === '10-K' || filing.form === '10-Q' || filing.form === '8-K';
    const numeric = filing.form === '10-K' || filing.form === '10-Q';
    const yy = String(ymdFromDay(filing.filed).year % 100).padStart(2, '0');
    const compact = (day: number): string => isoDate(day).replace(/-/g, '');
    const seconds = h % 36000;
    const time = `${String(12 + Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
    const push = (key: string, value: string | number): void => {
      columns[key]?.push(value);
    };
    push('accessionNumber', filing.accn);
    push('filingDate', isoDate(filing.filed));
    push('reportDate', filing.reportDate === null ? '' : isoDate(filing.reportDate));
    push('acceptanceDateTime', `${isoDate(filing.filed)}T${time}.000Z`);
    push('act', ownership ? '' : '34');
    push('form', filing.form);
    push('fileNumber', ownership ? '' : profile.fileNumber);
    push('filmNumber', ownership ? '' : `${yy}${String(h % 10_000_000).padStart(7, '0')}`);
    push('items', filing.items);
    push('core_type', xbrl ? 'XBRL' : filing.form);
    push(
      'size',
      numeric ? 4_000_000 + (h % 9_000_000) : ownership ? 4_000 + (h % 20_000) : 50_000 + (h % 900_000),
    );
    push('isXBRL', xbrl ? 1 : 0);
    push('isInlineXBRL', xbrl ? 1 : 0);
    push('isXBRLNumeric', numeric ? 1 : 0);
    push(
      'primaryDocument',
      ownership
        ? `xslF345X05/wk-form4_${h}.xml`
        : xbrl
          ? `${ticker}-${compact(filing.reportDate ?? filing.filed)}.htm`
          : `d${h % 1_000_000}ddef14a.htm`,
    );
    push('primaryDocDescription', FORM_DESCRIPTIONS[filing.form] ?? filing.form);
  }
  return columns;
}

function submissionsDocument(company: TickerCompany): unknown {
  const profile = profileFor(company);
  const filings = filingSchedule(profile).reverse(); // newest first, as the SEC lists them
  const [city, state, zip] = profile.city;
  const address = {
    street1: profile.street,
    street2: null,
    city,
    stateOrCountry: state,
    zipCode: zip,
    stateOrCountryDescription: state,
    isForeignLocation: 0,
    foreignStateTerritory: null,
    country: null,
    countryCode: null,
  };
  const [sic, sicDescription, ownerOrg] = profile.industry;
  const fye = profile.fiscalYearEndMonth;
  return {
    cik: profile.cik10,
    entityType: 'operating',
    sic,
    sicDescription,
    ownerOrg,
    insiderTransactionForOwnerExists: 0,
    insiderTransactionForIssuerExists: 1,
    name: company.title,
    tickers: company.tickers,
    exchanges: company.tickers.map(() => profile.exchange),
    ein: profile.ein,
    lei: null,
    description: '',
    website: '',
    investorWebsite: '',
    category:
      profile.revenueBase > 5e8
        ? 'Large accelerated filer'
        : profile.revenueBase > 5e7
          ? 'Accelerated filer'
          : 'Non-accelerated filer',
    fiscalYearEnd: `${String(fye).padStart(2, '0')}${String(ymdFromDay(monthEnd(2001, fye)).day)}`,
    stateOfIncorporation: 'DE',
    stateOfIncorporationDescription: 'DE',
    addresses: { mailing: address, business: address },
    phone: profile.phone,
    flags: '',
    formerNames: [],
    filings: { recent: filingColumns(profile, filings), files: [] },
  };
}

// ---------------------------------------------------------------------------------------------
// Paged submissions (`filings.files[]` of a recorded document, e.g. TSLA's
// CIK0001318605-submissions-001.json): synthetic columns with the recorded count and date range.

interface PagedFile {
  readonly name: string;
  readonly filingCount: number;
  readonly filingFrom: string;
  readonly filingTo: string;
}

function isPagedFile(value: unknown): value is PagedFile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.name === 'string' &&
    typeof v.filingCount === 'number' &&
    typeof v.filingFrom === 'string' &&
    typeof v.filingTo === 'string'
  );
}

const PAGE_FORMS = [
  '4',
  '4',
  '4',
  '4',
  '4',
  '8-K',
  '8-K',
  '10-Q',
  'SC 13G/A',
  '424B2',
  'S-8',
  '3',
  '10-K',
  'DEF 14A',
  '144',
];

function submissionsPage(cik: number, name: string): Record<string, (string | number)[]> | undefined {
  const recordedFile = RECORDED_SUBMISSIONS.get(cik);
  if (!recordedFile) return undefined;
  const recordedDoc = JSON.parse(fixtureText('sec', recordedFile)) as {
    filings?: { files?: unknown[]; recent?: Record<string, unknown> };
  };
  const entry = (recordedDoc.filings?.files ?? []).filter(isPagedFile).find((file) => file.name === name);
  if (!entry) return undefined;
  const from = Date.parse(`${entry.filingFrom}T00:00:00Z`) / 86_400_000;
  const to = Date.parse(`${entry.filingTo}T00:00:00Z`) / 86_400_000;
  const keys = Object.keys(recordedDoc.filings?.recent ?? {});
  const columns: Record<string, (string | number)[]> = Object.fromEntries(keys.map((key) => [key, []]));
  const rng = mulberry32(hashString(`sec|page|${name}`));
  const count = entry.filingCount;
  const cik10 = String(cik).padStart(10, '0');
  for (let i = 0; i < count; i++) {
    // Newest first: i = 0 is filingTo, the last one filingFrom, evenly spread with jitter between.
    const exact = to - ((to - from) * i) / Math.max(1, count - 1);
    const day =
      i === 0 ? to : i === count - 1 ? from : Math.min(to, Math.max(from, Math.round(exact - rng() * 2)));
    const form = pick(rng, PAGE_FORMS);
    const ownership = form === '4' || form === '3';
    const filed = isoDate(day);
    const yy = filed.slice(2, 4);
    const h = hashString(`${name}|${i}`);
    const accn = `${form === '10-K' || form === '10-Q' || form === '8-K' ? cik10 : (AGENT_PREFIXES[h % 3] ?? '0001193125')}-${yy}-${String(h % 999_983).padStart(6, '0')}`;
    const values: Record<string, string | number> = {
      accessionNumber: accn,
      filingDate: filed,
      reportDate: ownership || form.startsWith('10-') ? filed : '',
      acceptanceDateTime: `${filed}T${String(13 + (h % 9)).padStart(2, '0')}:${String(h % 60).padStart(2, '0')}:00.000Z`,
      act: ownership ? '' : '34',
      form,
      fileNumber: ownership ? '' : '001-34756',
      filmNumber: ownership ? '' : `${yy}${String(h % 10_000_000).padStart(7, '0')}`,
      items: form === '8-K' ? pick(rng, ['2.02,9.01', '5.02', '7.01,9.01', '8.01']) : '',
      core_type: form,
      size: 3_000 + (h % 2_000_000),
      isXBRL: 0,
      isInlineXBRL: 0,
      isXBRLNumeric: 0,
      primaryDocument: ownership
        ? `xslF345X03/doc${form}.xml`
        : `d${h % 1_000_000}d${form.toLowerCase().replace(/[^a-z0-9]/g, '')}.htm`,
      primaryDocDescription: form,
    };
    for (const key of keys) columns[key]?.push(values[key] ?? '');
  }
  return columns;
}
