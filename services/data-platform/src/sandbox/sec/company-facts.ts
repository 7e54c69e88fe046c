// companyfacts of a synthetic filer: every 10-Q/10-K reports its own period plus the comparatives, so
// values repeat across filings, and one fact per calendar period carries the `frame`.
import { isoDate, ymdFromDay } from '../calendar.ts';
import type { TickerCompany } from '../fixtures.ts';
import { CONCEPTS, type Concept, type ConceptKey } from './concepts.ts';
import { monthEnd, profileFor, quarterEnd, quarterStart } from './filer.ts';
import { filingSchedule, type Filing, type FiscalPeriod } from './filings.ts';
import { durationTotals, quarterValues } from './financials.ts';

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

export function companyFacts(company: TickerCompany): unknown {
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
