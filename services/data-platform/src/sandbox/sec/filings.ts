// The filing history of a synthetic filer: results 8-Ks, 10-Qs and 10-Ks on its fiscal calendar, plus
// proxies and insider forms filed through agents, with stable accession numbers.
import { todayUtcDay, weekday, ymdFromDay } from '../calendar.ts';
import { hashString, intBetween } from '../prng.ts';
import { FIRST_FISCAL_YEAR, quarterEnd, rngAt, type FilerProfile } from './filer.ts';
import { accessionNumber, agentPrefix } from './identifiers.ts';

export type FiscalPeriod = 'Q1' | 'Q2' | 'Q3' | 'FY';

export interface Filing {
  readonly form: string;
  readonly filed: number; // day number
  readonly accn: string;
  readonly reportDate: number | null;
  readonly items: string;
  /** Set for the 10-Q/10-K filings that carry XBRL facts. */
  readonly fiscal?: { readonly fy: number; readonly fp: FiscalPeriod; readonly coverDate: number };
}

function nextWeekday(day: number): number {
  let d = day;
  while (weekday(d) === 0 || weekday(d) === 6) d++;
  return d;
}

/**
 * Every filing of the synthetic filer, oldest first, filed on or before today. Accession numbers of
 * the filer's own submissions are numbered per year in filing order, so they never change as later
 * filings appear.
 */
export function filingSchedule(profile: FilerProfile): Filing[] {
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
    filings.push({ ...draft, accn: accessionNumber(profile.cik10, year, seq) });
  }
  for (const agent of agentFilings) {
    if (agent.filed > today) continue;
    const h = hashString(`${profile.cik10}|${agent.form}|${agent.filed}|${agent.reportDate ?? ''}`);
    const year = ymdFromDay(agent.filed).year;
    filings.push({ ...agent, accn: accessionNumber(agentPrefix(h), year, h % 999_983) });
  }
  return filings.sort((a, b) => a.filed - b.filed || (a.accn < b.accn ? -1 : 1));
}
