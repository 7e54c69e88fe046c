import { afterEach, describe, expect, it } from 'vitest';
import { mappingJob } from '../ingestion/openfigi/client.ts';
import {
  chart,
  failedChecks,
  fixtureText,
  onlyResult,
  openSilverFixture,
  YAHOO,
  yahoo,
  type PostPayload,
  type SilverFixture,
} from './test-support.ts';

let f: SilverFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

interface InstrumentRow extends Record<string, unknown> {
  symbol: string;
  name: string | null;
  exchange: string | null;
  currency: string | null;
  security_type: string | null;
  figi: string | null;
  composite_figi: string | null;
  share_class_figi: string | null;
  cik: string | null;
  sic: string | null;
  sector: string | null;
  exchange_timezone: string | null;
}

const instruments = (fixture: SilverFixture): Promise<InstrumentRow[]> =>
  fixture.session.all<InstrumentRow>('SELECT * FROM silver.instruments ORDER BY symbol');

const sec = (dataset: string, key: string, file: string) => ({
  source: 'sec',
  dataset,
  dt: '2026-02-16',
  key,
  body: fixtureText('sec', file),
});

const mapping = (key: string, requestBody: string, body: string, dt = '2026-02-16'): PostPayload => ({
  source: 'openfigi',
  dataset: 'mapping',
  dt,
  key,
  requestBody,
  body,
});

const NO_MATCH = '{"warning":"No identifier found."}';

describe('silver.instruments', () => {
  it('maps AAPL to its CIK (company_tickers.json) and FIGIs (recorded OpenFIGI response, by position)', async () => {
    const requestBody = fixtureText('openfigi', 'v3_mapping_REQUEST_body_TICKER_AAPL_exchCode_US.json');
    expect(JSON.parse(requestBody)).toEqual([{ idType: 'TICKER', idValue: 'AAPL', exchCode: 'US' }]);
    f = await openSilverFixture(
      [
        yahoo(chart(YAHOO.AAPL), '2026-02-16'),
        yahoo(chart(YAHOO.OCDO), '2026-02-16'),
        sec('tickers', 'company_tickers', 'company_tickers.json'),
      ],
      [
        mapping(
          'batch-aapl',
          requestBody,
          fixtureText('openfigi', 'v3_mapping_TICKER_AAPL_exchCode_US_200.json'),
        ),
      ],
    );
    expect(failedChecks(await f.buildSilver())).toEqual([]);

    const [stored] = await f.session.all<{ request_body: string }>(
      `SELECT request_body FROM bronze.openfigi_mapping`,
    );
    expect(stored?.request_body).toBe(requestBody);

    expect(await instruments(f)).toEqual([
      {
        symbol: 'AAPL',
        name: 'APPLE INC',
        exchange: 'NasdaqGS',
        currency: 'USD',
        security_type: 'EQUITY',
        figi: 'BBG000B9XRY4',
        composite_figi: 'BBG000B9XRY4',
        share_class_figi: 'BBG001S5N8V8',
        cik: '0000320193',
        sic: null,
        sector: null,
        exchange_timezone: 'America/New_York',
      },
      {
        // Not mapped by OpenFIGI, not an SEC registrant: Yahoo's facts only.
        symbol: 'OCDO.L',
        name: 'Ocado Group plc',
        exchange: 'LSE',
        currency: 'GBP',
        security_type: 'EQUITY',
        figi: null,
        composite_figi: null,
        share_class_figi: null,
        cik: null,
        sic: null,
        sector: null,
        exchange_timezone: 'Europe/London',
      },
    ]);
  });

  it('adds symbols seen only in OpenFIGI, with the CIK and the SIC sector of the latest submissions', async () => {
    const requestBody = JSON.stringify([mappingJob({ symbol: 'MRVL', kind: 'equity' })]);
    f = await openSilverFixture(
      [
        sec('tickers', 'company_tickers', 'company_tickers.json'),
        sec('submissions', 'CIK0001835632', 'submissions_CIK0001835632_MRVL.json'),
      ],
      [mapping('batch-mrvl', requestBody, `[${NO_MATCH}]`)],
    );
    expect(failedChecks(await f.buildSilver())).toEqual([]);
    expect(await instruments(f)).toEqual([
      {
        symbol: 'MRVL',
        name: null,
        exchange: null,
        currency: null,
        security_type: null,
        figi: null,
        composite_figi: null,
        share_class_figi: null,
        cik: '0001835632',
        sic: '3674',
        sector: 'Semiconductors & Related Devices',
        exchange_timezone: null,
      },
    ]);
  });

  it("turns every exchange's OpenFIGI job back into its Yahoo symbol (BRK-B is BRK/B in OpenFIGI)", async () => {
    const symbols = ['7203.T', 'AIR.NZ', 'BMW.F', 'BRK-B', 'HSBA.L', 'SAP.DE'];
    const jobs = symbols.map((symbol) => mappingJob({ symbol, kind: 'equity' }));
    expect(jobs.find((j) => j.exchCode === 'US')?.idValue).toBe('BRK/B');
    f = await openSilverFixture(
      [sec('tickers', 'company_tickers', 'company_tickers.json')],
      [mapping('batch-all', JSON.stringify(jobs), `[${jobs.map(() => NO_MATCH).join(',')}]`)],
    );
    expect(failedChecks(await f.buildSilver())).toEqual([]);
    const got = await instruments(f);
    expect(got.map((i) => i.symbol)).toEqual(symbols);
    expect(got.find((i) => i.symbol === 'BRK-B')?.cik).toBe('0001067983');
  });

  it('takes the latest Yahoo meta and the latest OpenFIGI answer per symbol', async () => {
    const renamed = chart(YAHOO.AAPL);
    Object.assign(onlyResult(renamed).meta, {
      longName: 'Apple Inc. (renamed)',
      fullExchangeName: 'NasdaqGM',
    });
    const aapl = JSON.stringify([mappingJob({ symbol: 'AAPL', kind: 'equity' })]);
    f = await openSilverFixture(
      [yahoo(chart(YAHOO.AAPL), '2026-02-16'), yahoo(renamed, '2026-02-17')],
      [
        mapping('batch-aapl', aapl, fixtureText('openfigi', 'v3_mapping_TICKER_AAPL_exchCode_US_200.json')),
        mapping('batch-aapl', aapl, `[${NO_MATCH}]`, '2026-02-17'),
      ],
    );
    expect(failedChecks(await f.buildSilver())).toEqual([]);
    expect(await instruments(f)).toMatchObject([
      { symbol: 'AAPL', name: 'Apple Inc. (renamed)', exchange: 'NasdaqGM', figi: null },
    ]);
  });

  it('refuses an OpenFIGI payload whose request body is unknown (its results cannot be attributed)', async () => {
    f = await openSilverFixture([
      {
        source: 'openfigi',
        dataset: 'mapping',
        dt: '2026-02-16',
        key: 'batch-0123456789ab',
        body: fixtureText('openfigi', 'v3_mapping_TICKER_AAPL_exchCode_US_200.json'),
      },
    ]);
    await expect(f.buildSilver()).rejects.toThrow(
      /Model silver\.instruments .*openfigi mapping .*batch-0123456789ab\.json: the manifest has no request body/,
    );
  });

  it('refuses a response with fewer results than jobs', async () => {
    const jobs = ['AAPL', 'MSFT'].map((symbol) => mappingJob({ symbol, kind: 'equity' }));
    f = await openSilverFixture([], [mapping('batch-short', JSON.stringify(jobs), `[${NO_MATCH}]`)]);
    await expect(f.buildSilver()).rejects.toThrow(/Model silver\.instruments .*1 results for 2 jobs/);
  });
});
