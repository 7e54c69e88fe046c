// SEC EDGAR: www.sec.gov (company_tickers.json) and data.sec.gov (companyfacts, submissions).
//
// Recorded documents are served verbatim (tickers, MRVL/TSM companyfacts, MRVL/TSLA submissions);
// any other CIK in company_tickers.json gets a deterministic synthetic filer whose companyfacts and
// submissions agree with each other (same accession numbers, filing dates and periods) and follow
// the real semantics: `start` absent on instants, fy/fp/form/filed of the reporting filing, values
// repeated by later filings, `frame` on one fact per calendar period.
import { companyTickers, fixtureBytes, fixtureText, type TickerCompany } from '../fixtures.ts';
import { throttled, type ThrottleContext } from '../rate-window.ts';
import { header, respond, type SandboxRequest, type SandboxResponse } from '../respond.ts';
import { companyFacts } from './company-facts.ts';
import { submissionsPage } from './paged-submissions.ts';
import { submissionsDocument } from './submissions.ts';

const JSON_TYPE = 'application/json';

const RECORDED_FACTS: ReadonlyMap<number, string> = new Map([
  [1835632, 'companyfacts_CIK0001835632_MRVL.json'],
  [1046179, 'companyfacts_CIK0001046179_TSM_ifrs.json'],
]);
const RECORDED_SUBMISSIONS: ReadonlyMap<number, string> = new Map([
  [1835632, 'submissions_CIK0001835632_MRVL.json'],
  [1318605, 'submissions_CIK0001318605_TSLA.json'],
]);

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

/**
 * `context` holds the one window shared by /sec-data and /sec-www: the SEC's 10 req/s is per client
 * across all its hosts.
 */
export function handleSec(
  host: 'data' | 'www',
  request: SandboxRequest,
  context: ThrottleContext,
): SandboxResponse {
  const userAgent = header(request, 'user-agent') ?? '';
  if (!userAgent.includes('@')) return respond(403, 'text/html', UNDECLARED_TOOL_HTML);
  if (throttled(context)) {
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
  if (facts) return companyDocument(request.path, Number(facts[1]), RECORDED_FACTS, companyFacts);

  const submissions = /^\/submissions\/CIK(\d{10})\.json$/.exec(request.path);
  if (submissions) {
    return companyDocument(request.path, Number(submissions[1]), RECORDED_SUBMISSIONS, submissionsDocument);
  }

  const page = /^\/submissions\/(CIK(\d{10})-submissions-\d{3}\.json)$/.exec(request.path);
  if (page) {
    const cik = Number(page[2]);
    const recorded = RECORDED_SUBMISSIONS.get(cik);
    const body = recorded === undefined ? undefined : submissionsPage(recorded, cik, page[1] ?? '');
    return body === undefined ? noSuchKey(request.path) : respond(200, JSON_TYPE, JSON.stringify(body));
  }
  return noSuchKey(request.path);
}

/** The recorded document of `cik` verbatim, else a synthetic one for any CIK in company_tickers.json. */
function companyDocument(
  path: string,
  cik: number,
  recordedFiles: ReadonlyMap<number, string>,
  synthesise: (company: TickerCompany) => unknown,
): SandboxResponse {
  const recorded = recordedFiles.get(cik);
  if (recorded) return respond(200, JSON_TYPE, fixtureBytes('sec', recorded));
  const company = companyTickers().byCik.get(cik);
  return company ? respond(200, JSON_TYPE, JSON.stringify(synthesise(company))) : noSuchKey(path);
}
