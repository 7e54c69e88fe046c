// Paged submissions (`filings.files[]` of a recorded document, e.g. TSLA's
// CIK0001318605-submissions-001.json): synthetic columns with the recorded count and date range.
import { isoDate, ymdFromDay } from '../calendar.ts';
import { fixtureText } from '../fixtures.ts';
import { hashString, mulberry32, pick } from '../prng.ts';
import { accessionNumber, agentPrefix, cik10, filmNumber } from './identifiers.ts';

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

/** The page `name` if the recorded submissions document `recordedFile` of `cik` lists it. */
export function submissionsPage(
  recordedFile: string,
  cik: number,
  name: string,
): Record<string, (string | number)[]> | undefined {
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
  const filer = cik10(cik);
  for (let i = 0; i < count; i++) {
    // Newest first: i = 0 is filingTo, the last one filingFrom, evenly spread with jitter between.
    const exact = to - ((to - from) * i) / Math.max(1, count - 1);
    const day =
      i === 0 ? to : i === count - 1 ? from : Math.min(to, Math.max(from, Math.round(exact - rng() * 2)));
    const form = pick(rng, PAGE_FORMS);
    const ownership = form === '4' || form === '3';
    const filed = isoDate(day);
    const year = ymdFromDay(day).year;
    const h = hashString(`${name}|${i}`);
    const ownFiling = form === '10-K' || form === '10-Q' || form === '8-K';
    const accn = accessionNumber(ownFiling ? filer : agentPrefix(h), year, h % 999_983);
    const values: Record<string, string | number> = {
      accessionNumber: accn,
      filingDate: filed,
      reportDate: ownership || form.startsWith('10-') ? filed : '',
      acceptanceDateTime: `${filed}T${String(13 + (h % 9)).padStart(2, '0')}:${String(h % 60).padStart(2, '0')}:00.000Z`,
      act: ownership ? '' : '34',
      form,
      fileNumber: ownership ? '' : '001-34756',
      filmNumber: ownership ? '' : filmNumber(year, h),
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
