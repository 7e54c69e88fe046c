// EDGAR identifiers as the synthetic filings print them: 10-digit CIKs, accession numbers
// (`{filer}-{yy}-{sequence}`, filer being the company or a filing agent) and film numbers.

/** Filing agents whose CIKs prefix the accession numbers of filings made on a company's behalf. */
const AGENT_PREFIXES = ['0001193125', '0001628280', '0001104659'];

export function cik10(cik: number): string {
  return String(cik).padStart(10, '0');
}

export function agentPrefix(hash: number): string {
  return AGENT_PREFIXES[hash % AGENT_PREFIXES.length] ?? '0001193125';
}

function twoDigitYear(year: number): string {
  return String(year % 100).padStart(2, '0');
}

export function accessionNumber(filer: string, year: number, sequence: number): string {
  return `${filer}-${twoDigitYear(year)}-${String(sequence).padStart(6, '0')}`;
}

export function filmNumber(year: number, hash: number): string {
  return `${twoDigitYear(year)}${String(hash % 10_000_000).padStart(7, '0')}`;
}
