/**
 * Ingest benchmark: `npm run bench:ingest -- --symbols 500 --years 20 [--concurrency 16]`.
 * Fetches daily charts for N synthetic symbols from the sandbox (limits off) into a temp lake,
 * then fetches the same URLs with a bare fetch loop at the same concurrency, in the same process,
 * and prints throughput and our overhead (ingest time / bare time). A second ingest of the same
 * date measures the no-op path (all payloads unchanged).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runIngest } from '../src/ingestion/run-ingest.ts';
import { addDays } from '../src/ingestion/source.ts';
import type { Listing } from '../src/ingestion/universe.ts';
import { chartUrl, createYahooSource } from '../src/ingestion/yahoo/client.ts';
import { LocalObjectStore } from '../src/lake/local-store.ts';
import { startSandbox } from '../src/sandbox/index.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    symbols: { type: 'string', default: '500' },
    years: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '16' },
    date: { type: 'string', default: '2026-02-17' },
  },
  strict: true,
});
const symbols = Number(values.symbols);
const years = Number(values.years);
const concurrency = Number(values.concurrency);
if (![symbols, years, concurrency].every((n) => Number.isInteger(n) && n > 0)) {
  process.stderr.write('bench:ingest: --symbols, --years and --concurrency must be positive integers\n');
  process.exit(2);
}
const date = values.date;
const historyStart = `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;
const listings: Listing[] = Array.from({ length: symbols }, (_, i) => ({
  symbol: `BENCH${String(i).padStart(4, '0')}`,
  kind: 'equity',
}));

const sandbox = await startSandbox({ port: 0, limits: false });
const root = await mkdtemp(path.join(tmpdir(), 'finplat-bench-'));
try {
  const store = new LocalObjectStore(root);
  const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const t0 = performance.now();
    const value = await fn();
    return [value, (performance.now() - t0) / 1000];
  };
  const ingestOnce = (runId: string) =>
    runIngest({
      store,
      date,
      runId,
      sources: [
        createYahooSource({
          baseUrl: sandbox.baseUrls.yahoo,
          timeoutMs: 60_000,
          requestsPerSecond: null,
          concurrency,
        }),
      ],
      listings,
      historyStart,
      lookbackDays: 10,
    });

  // Warm-up: JIT, sandbox caches, TCP connections (not measured).
  await Promise.all(
    listings
      .slice(0, 20)
      .map((l) =>
        fetch(chartUrl(sandbox.baseUrls.yahoo, l.symbol, historyStart, addDays(date, 1))).then((r) =>
          r.arrayBuffer(),
        ),
      ),
  );

  const [first, ingestSeconds] = await timed(() => ingestOnce('bench-1'));
  const summary = first.sources[0];
  if (!summary || summary.failed > 0)
    throw new Error(`benchmark ingest failed: ${JSON.stringify(summary?.failures.slice(0, 3))}`);

  // The same URLs, bare: fetch + read body, same concurrency, nothing stored.
  const urls = listings.map((l) =>
    chartUrl(sandbox.baseUrls.yahoo, l.symbol, historyStart, addDays(date, 1)),
  );
  const [bareBytes, bareSeconds] = await timed(async () => {
    let next = 0;
    let bytes = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < urls.length) {
          const url = urls[next++] ?? '';
          const res = await fetch(url);
          const body = await res.arrayBuffer();
          bytes += body.byteLength;
        }
      }),
    );
    return bytes;
  });

  const [second, rerunSeconds] = await timed(() => ingestOnce('bench-2'));
  const mb = summary.bytes / 1024 / 1024;
  const lines = [
    `bench:ingest  ${symbols} symbols x ${years} years of daily bars (yahoo chart, sandbox, limits off, concurrency ${concurrency})`,
    `  payload            ${summary.written} objects, ${mb.toFixed(1)} MiB (bare loop read ${(bareBytes / 1024 / 1024).toFixed(1)} MiB)`,
    `  ingest (to bronze) ${ingestSeconds.toFixed(2)} s  ${(summary.written / ingestSeconds).toFixed(1)} objects/s  ${(mb / ingestSeconds).toFixed(1)} MiB/s`,
    `  bare fetch loop    ${bareSeconds.toFixed(2)} s  ${(symbols / bareSeconds).toFixed(1)} objects/s  ${(bareBytes / 1024 / 1024 / bareSeconds).toFixed(1)} MiB/s`,
    `  overhead           ${(ingestSeconds / bareSeconds).toFixed(2)}x the bare loop (client + validation + sha256 + atomic write + manifest)`,
    `  re-run (no-op)     ${rerunSeconds.toFixed(2)} s  ${second.sources[0]?.unchanged ?? 0} unchanged, ${second.sources[0]?.written ?? 0} written`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await sandbox.close();
  await rm(root, { recursive: true, force: true });
}
