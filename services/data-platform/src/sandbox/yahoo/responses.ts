// What every Yahoo chart response shares: the content type and cache headers of the recorded
// responses, and the real error bodies.
import { respond, type SandboxResponse } from '../respond.ts';

export const JSON_TYPE = 'application/json;charset=utf-8';
// What the recorded chart responses send.
export const CACHE_HEADERS = { 'cache-control': 'public, max-age=10, stale-while-revalidate=20' };

function chartError(status: number, code: string, description: string): SandboxResponse {
  return respond(
    status,
    JSON_TYPE,
    JSON.stringify({ chart: { result: null, error: { code, description } } }),
  );
}

export const notFoundSymbol = (): SandboxResponse =>
  chartError(404, 'Not Found', 'No data found, symbol may be delisted');
export const badRequest = (description: string): SandboxResponse =>
  chartError(400, 'Bad Request', description);

/** Unknown path on query2.finance.yahoo.com. */
export function yahooNotFound(): SandboxResponse {
  return respond(
    404,
    JSON_TYPE,
    JSON.stringify({
      finance: { result: null, error: { code: 'Not Found', description: 'HTTP 404 Not Found' } },
    }),
  );
}
