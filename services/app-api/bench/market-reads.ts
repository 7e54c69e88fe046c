/**
 * Market-data read benchmark: `npm run bench:api-market -- [--duration 10] [--connections 50]
 * [--years 5] [--symbol AAPL]`.
 *
 * Starts the real API (startServer) on a throwaway database seeded with gold of realistic size (40
 * listings × `--years` of daily bars, see support/realistic-gold.ts), registers a user, and drives it
 * with autocannon on this same machine (the load generator shares its cores, as the issue's goal
 * says): in `--workers` worker threads of this process (default 2; 0 = on the API's own thread,
 * which then spends most of its time in autocannon's response parsing) against:
 *   /healthz                                  the baseline: no auth, no database
 *   /api/v1/instruments/:symbol/prices        every bar of the symbol (`--years` of them), plain and
 *                                             with Accept-Encoding: gzip (what browsers send)
 *   /api/v1/instruments/:symbol               profile + snapshot + latest fundamentals
 *   the same two with If-None-Match           a client revalidating: 304, no body
 *   ceiling                                   a bare node:http server in this process sending the
 *                                             prices response's exact bytes: what this machine and
 *                                             load generator allow for a body of that size
 * Prints req/s, p50/p99 latency, bytes per response and the ratio to /healthz's req/s; asserts nothing.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startBenchApi } from './support/bench-api.ts';
import { openBenchDatabase } from './support/bench-database.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    years: { type: 'string', default: '5' },
    symbol: { type: 'string', default: 'AAPL' },
    workers: { type: 'string', default: '2' },
  },
  strict: true,
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const years = Number(values.years);
const workers = Number(values.workers);
if (
  ![duration, connections, years].every((n) => Number.isInteger(n) && n > 0) ||
  !(Number.isInteger(workers) && workers >= 0)
) {
  process.stderr.write(
    'bench:api-market: --duration, --connections and --years must be positive integers, --workers an integer >= 0\n',
  );
  process.exit(2);
}

const LAST_DATE = '2026-02-17';
const t0 = performance.now();
const bench = await openBenchDatabase({ lastDate: LAST_DATE, years });
console.log(
  `gold: ${bench.seed.priceRows.toLocaleString('en')} daily_prices rows (${bench.seed.firstDate}..${bench.seed.lastDate}) on ${bench.where}, seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const { server, auth } = await startBenchApi(bench);

try {
  const symbol = values.symbol.toUpperCase();
  const pricesPath = `/api/v1/instruments/${encodeURIComponent(symbol)}/prices`;
  const profilePath = `/api/v1/instruments/${encodeURIComponent(symbol)}`;
  /** One plain request first: it fills the cache and tells the body size and ETag. */
  const probe = async (
    path: string,
  ): Promise<{ bytes: number; body: Buffer; etag: string; bars?: number }> => {
    const response = await fetch(`${server.url}${path}`, { headers: auth });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${text}`);
    const body = JSON.parse(text) as { bars?: unknown[] };
    return {
      bytes: Buffer.byteLength(text),
      body: Buffer.from(text),
      etag: response.headers.get('etag') ?? '',
      ...(body.bars === undefined ? {} : { bars: body.bars.length }),
    };
  };
  const prices = await probe(pricesPath);
  const profile = await probe(profilePath);
  console.log(
    `${pricesPath}: ${prices.bars ?? 0} bars, ${(prices.bytes / 1024).toFixed(0)} KiB; ${profilePath}: ${(profile.bytes / 1024).toFixed(1)} KiB`,
  );
  console.log(
    `autocannon: ${connections} connections × ${duration} s per route, ${workers === 0 ? "on the API's thread" : `${workers} worker thread(s) of the API's process`}\n`,
  );
  const ceiling = await startBareServer(prices.body);

  const scenarios: { label: string; path: string; headers: Record<string, string> }[] = [
    { label: '/healthz', path: '/healthz', headers: {} },
    { label: 'prices (200)', path: pricesPath, headers: auth },
    { label: 'prices (200, gzip)', path: pricesPath, headers: { ...auth, 'accept-encoding': 'gzip' } },
    { label: 'instrument (200)', path: profilePath, headers: auth },
    {
      label: 'prices (304, If-None-Match)',
      path: pricesPath,
      headers: { ...auth, 'if-none-match': prices.etag },
    },
    {
      label: 'instrument (304, If-None-Match)',
      path: profilePath,
      headers: { ...auth, 'if-none-match': profile.etag },
    },
    { label: 'ceiling: node:http, prices bytes', path: `${ceiling.url}/`, headers: {} },
  ];
  let baseline: number | undefined;
  const rows: string[][] = [];
  for (const scenario of scenarios) {
    const result = await autocannon({
      url: scenario.path.startsWith('http') ? scenario.path : `${server.url}${scenario.path}`,
      connections,
      duration,
      headers: scenario.headers,
      ...(workers > 0 ? { workers } : {}),
    });
    const rps = result.requests.average;
    baseline ??= rps;
    const answered = result['2xx'] + result['3xx'];
    rows.push([
      scenario.label,
      rps.toFixed(0),
      result.latency.p50.toFixed(1),
      result.latency.p99.toFixed(1),
      answered === 0 ? '-' : (result.throughput.average / Math.max(1, rps) / 1024).toFixed(1),
      `${((rps / baseline) * 100).toFixed(0)} %`,
      String(result.errors + result.timeouts + (result.non2xx - result['3xx'])),
    ]);
    console.log(`  done: ${scenario.label}`);
  }
  const header = ['route', 'req/s', 'p50 ms', 'p99 ms', 'KiB/resp', 'vs healthz', 'errors'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`\n${line(header)}\n${rows.map(line).join('\n')}`);
  console.log(`\ngoal: prices and instrument ≥ 50 % of /healthz req/s with p99 < 20 ms`);
  ceiling.server.close();
} finally {
  await server.close();
  await bench.close();
}

/** The upper bound for a body of this size: no framework, no auth, no routing, bytes already encoded. */
async function startBareServer(
  body: Buffer,
): Promise<{ server: ReturnType<typeof createServer>; url: string }> {
  const bare = createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': body.length,
    });
    response.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const address = bare.address();
  if (address === null || typeof address === 'string') throw new Error('bare server: no TCP port');
  return { server: bare, url: `http://127.0.0.1:${address.port}` };
}
