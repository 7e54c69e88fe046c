// submissions of a synthetic filer: the cover details and the `filings.recent` columns, newest first,
// listing the same filings (accession numbers, dates, forms) as its companyfacts.
import { isoDate, ymdFromDay } from '../calendar.ts';
import type { TickerCompany } from '../fixtures.ts';
import { hashString } from '../prng.ts';
import { monthEnd, profileFor, type FilerProfile } from './filer.ts';
import { filingSchedule, type Filing } from './filings.ts';
import { filmNumber } from './identifiers.ts';

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
    push('filmNumber', ownership ? '' : filmNumber(ymdFromDay(filing.filed).year, h));
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

export function submissionsDocument(company: TickerCompany): unknown {
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
