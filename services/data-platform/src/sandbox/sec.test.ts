// SEC EDGAR over real HTTP: the User-Agent rule, recorded documents, NoSuchKey, synthetic
// companyfacts/submissions that agree with each other, paged submissions and the throttle.
import { describe, expect, it } from 'vitest';
import { burst, call, fixture, UA, useSandbox, withSandbox } from './test-support.ts';

// Wire types, as far as the assertions need them.
interface Fact {
  start?: string;
  end: string;
  val: number;
  accn: string;
  fy: number;
  fp: string;
  form: string;
  filed: string;
  frame?: string;
}
interface CompanyFacts {
  cik: number;
  entityName: string;
  facts: Record<
    string,
    Record<string, { label: string; description: string; units: Record<string, Fact[]> }>
  >;
}

const sandbox = useSandbox();

describe('sec', () => {
  it('refuses clients without a declared User-Agent', async () => {
    const none = await call(sandbox.baseUrls.secWww, '/files/company_tickers.json', {
      headers: { 'user-agent': '' },
    });
    expect(none.status).toBe(403);
    expect(none.headers.get('content-type')).toContain('text/html');
    expect(none.text).toContain('Undeclared Automated Tool');
    const noEmail = await call(sandbox.baseUrls.secData, '/submissions/CIK0000789019.json', {
      headers: { 'user-agent': 'my-script/1.0' },
    });
    expect(noEmail.status).toBe(403);
  });

  it('serves company_tickers.json and the recorded documents verbatim', async () => {
    const tickers = await call(sandbox.baseUrls.secWww, '/files/company_tickers.json', { headers: UA });
    expect(tickers.status).toBe(200);
    expect(tickers.bytes.equals(fixture('sec', 'company_tickers.json'))).toBe(true);
    const mrvl = await call(sandbox.baseUrls.secData, '/api/xbrl/companyfacts/CIK0001835632.json', {
      headers: UA,
    });
    expect(mrvl.bytes.equals(fixture('sec', 'companyfacts_CIK0001835632_MRVL.json'))).toBe(true);
    const tsla = await call(sandbox.baseUrls.secData, '/submissions/CIK0001318605.json', { headers: UA });
    expect(tsla.bytes.equals(fixture('sec', 'submissions_CIK0001318605_TSLA.json'))).toBe(true);
  });

  it('answers unknown or malformed CIKs with the S3 NoSuchKey XML', async () => {
    const recorded = await call(sandbox.baseUrls.secData, '/submissions/CIK-000000001.json', { headers: UA });
    expect(recorded.status).toBe(404);
    expect(recorded.headers.get('content-type')).toBe('application/xml');
    expect(recorded.bytes.equals(fixture('sec', 'error_404_submissions_CIK-000000001_NoSuchKey.xml'))).toBe(
      true,
    );
    for (const bad of [
      '/api/xbrl/companyfacts/CIK0000000001.json',
      '/api/xbrl/companyfacts/CIK789019.json',
      '/nothing/here',
    ]) {
      const response = await call(sandbox.baseUrls.secData, bad, { headers: UA });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/xml');
      expect(response.text).toContain('<Code>NoSuchKey</Code>');
    }
  });

  it('synthesises companyfacts with the real semantics for a CIK from the tickers file', async () => {
    const response = await call(sandbox.baseUrls.secData, '/api/xbrl/companyfacts/CIK0000789019.json', {
      headers: UA,
    });
    expect(response.status).toBe(200);
    const again = await call(sandbox.baseUrls.secData, '/api/xbrl/companyfacts/CIK0000789019.json', {
      headers: UA,
    });
    expect(again.bytes.equals(response.bytes)).toBe(true);
    const body = JSON.parse(response.text) as CompanyFacts;
    expect(body.cik).toBe(789019);
    expect(body.entityName).toBe('MICROSOFT CORP');
    const gaap = body.facts['us-gaap'] ?? {};
    for (const concept of [
      'Revenues',
      'NetIncomeLoss',
      'Assets',
      'StockholdersEquity',
      'EarningsPerShareDiluted',
    ]) {
      expect(gaap[concept]?.label).toBeTruthy();
    }
    expect(Object.keys(gaap.EarningsPerShareDiluted?.units ?? {})).toEqual(['USD/shares']);
    const shares = body.facts.dei?.EntityCommonStockSharesOutstanding?.units.shares ?? [];
    expect(shares.length).toBeGreaterThan(30);

    const assets = gaap.Assets?.units.USD ?? [];
    for (const fact of assets) expect(fact.start).toBeUndefined(); // instants
    const revenues = gaap.Revenues?.units.USD ?? [];
    expect(revenues.length).toBeGreaterThan(80);
    const years = new Set(revenues.map((f) => f.fy));
    expect(years.size).toBeGreaterThanOrEqual(9);
    for (const fact of revenues) {
      expect(fact.start).toBeDefined();
      expect(['10-Q', '10-K']).toContain(fact.form);
      expect(fact.fp === 'FY').toBe(fact.form === '10-K');
    }
    // The same period is repeated by later filings with the same value, and framed exactly once.
    const byPeriod = new Map<string, Fact[]>();
    for (const fact of [...revenues, ...assets]) {
      const key = `${fact.start ?? ''}|${fact.end}`;
      byPeriod.set(key, [...(byPeriod.get(key) ?? []), fact]);
    }
    expect([...byPeriod.values()].some((facts) => facts.length > 1)).toBe(true);
    for (const facts of byPeriod.values()) expect(new Set(facts.map((f) => f.val)).size).toBe(1);
    for (const unitFacts of [revenues, assets, shares]) {
      const frames = unitFacts.flatMap((f) => (f.frame ? [f.frame] : []));
      expect(new Set(frames).size).toBe(frames.length);
      expect(frames.length).toBeGreaterThan(10);
    }
    expect(assets.every((f) => !f.frame || /^CY\d{4}Q[1-4]I$/.test(f.frame))).toBe(true);
    expect(revenues.every((f) => !f.frame || /^CY\d{4}(Q[1-4])?$/.test(f.frame))).toBe(true);

    // Its submissions list the same filings.
    const submissions = JSON.parse(
      (await call(sandbox.baseUrls.secData, '/submissions/CIK0000789019.json', { headers: UA })).text,
    ) as {
      cik: string;
      name: string;
      tickers: string[];
      filings: { recent: Record<string, unknown[]>; files: unknown[] };
    };
    expect(submissions.cik).toBe('0000789019');
    expect(submissions.tickers).toContain('MSFT');
    expect(submissions.filings.files).toEqual([]);
    const recent = submissions.filings.recent;
    const length = recent.accessionNumber?.length ?? 0;
    for (const column of Object.values(recent)) expect(column).toHaveLength(length);
    for (const fact of revenues) {
      const i = recent.accessionNumber?.indexOf(fact.accn) ?? -1;
      expect(i).toBeGreaterThanOrEqual(0);
      expect(recent.form?.[i]).toBe(fact.form);
      expect(recent.filingDate?.[i]).toBe(fact.filed);
    }
  });

  it('synthesises the paged submissions file listed in a recorded document', async () => {
    const response = await call(sandbox.baseUrls.secData, '/submissions/CIK0001318605-submissions-001.json', {
      headers: UA,
    });
    expect(response.status).toBe(200);
    const page = JSON.parse(response.text) as Record<string, unknown[]>;
    expect(page.accessionNumber).toHaveLength(720);
    expect(page.filingDate?.[0]).toBe('2018-02-11');
    expect(page.filingDate?.at(-1)).toBe('2005-02-17');
    const missing = await call(sandbox.baseUrls.secData, '/submissions/CIK0001318605-submissions-002.json', {
      headers: UA,
    });
    expect(missing.status).toBe(404);
  });
});

describe('rate limits', () => {
  it('throttles SEC above 10 requests per second across both hosts with the recorded page', async () => {
    await withSandbox({ limits: true }, async (limited) => {
      const responses = await burst(16, () =>
        call(limited.baseUrls.secData, '/submissions/CIK0000000001.json', { headers: UA }),
      );
      const more = await call(limited.baseUrls.secWww, '/files/company_tickers.json', { headers: UA });
      const throttled = [...responses, more].filter((r) => r.status === 429);
      expect(throttled.length).toBeGreaterThanOrEqual(7);
      expect(more.status).toBe(429);
      expect(throttled[0]?.headers.get('retry-after')).toBe('1');
      expect(throttled[0]?.headers.get('content-type')).toContain('text/html');
      expect(throttled[0]?.bytes.equals(fixture('sec', 'error_rate_threshold_exceeded.html'))).toBe(true);
    });
  });
});
