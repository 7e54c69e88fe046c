/**
 * Portfolio benchmark: `npm run bench:api-portfolio -- [--sizes 2000,50000] [--runs 7] [--years 8]`.
 *
 * Starts the real API (startServer) on a throwaway database with gold of realistic size (40 listings
 * in USD/GBP/EUR/JPY, `--years` + 1 of daily bars, two splits; support/realistic-gold.ts), registers a
 * user and creates one EUR portfolio per size whose transactions (BUY/SELL/DIVIDEND over the 40
 * listings, a few DEPOSITs so cash is tracked, spread over `--years`) are inserted directly into
 * app.transactions (the import path is not what is measured). Then, over HTTP:
 *   holdings      GET /portfolios/:id/holdings
 *   performance   GET /portfolios/:id/performance (from the first transaction to the latest gold day)
 * Prints the first ("cold": first request of the process for that portfolio) and the median of
 * `--runs` further requests ("warm"), in ms. Asserts nothing.
 */
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { LISTINGS } from './support/realistic-gold.ts';
import { startBenchApi } from './support/bench-api.ts';
import { openBenchDatabase } from './support/bench-database.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    sizes: { type: 'string', default: '2000,50000' },
    runs: { type: 'string', default: '7' },
    years: { type: 'string', default: '8' },
  },
  strict: true,
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const years = Number(values.years);
if (![...sizes, runs, years].every((n) => Number.isInteger(n) && n > 0)) {
  process.stderr.write(
    'bench:api-portfolio: --sizes (comma-separated), --runs and --years must be positive integers\n',
  );
  process.exit(2);
}

const LAST_DATE = '2026-02-17';
const DAY_MS = 86_400_000;

/** A deterministic pseudo-random sequence (mulberry32), so every run benchmarks the same portfolio. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Row {
  type: string;
  date: string;
  symbol: string | null;
  quantity: string | null;
  price: string | null;
  fee: string;
  amount: string | null;
  currency: string | null;
}

/** `count` transactions on weekdays of the last `years` years; sales never exceed what is held. */
function generateTransactions(count: number, firstDate: string): Row[] {
  const next = random(count);
  const start = Date.parse(`${firstDate}T00:00:00Z`);
  const span = Date.parse(`${LAST_DATE}T00:00:00Z`) - start;
  const dates = Array.from({ length: count }, () => {
    let t = start + Math.floor(next() * (span / DAY_MS)) * DAY_MS;
    const weekday = new Date(t).getUTCDay();
    if (weekday === 0 || weekday === 6) t += (weekday === 6 ? 2 : 1) * DAY_MS;
    return new Date(Math.min(t, start + span)).toISOString().slice(0, 10);
  }).sort();
  const held = new Map<string, number>();
  return dates.map((date, i): Row => {
    const listing = LISTINGS[Math.floor(next() * LISTINGS.length)] ?? LISTINGS[0];
    const symbol = listing?.symbol ?? 'SPY';
    const price = (10 + next() * 490).toFixed(4);
    const have = held.get(symbol) ?? 0;
    const roll = next();
    if (i % 50 === 0) {
      return {
        type: 'DEPOSIT',
        date,
        symbol: null,
        quantity: null,
        price: null,
        fee: '0',
        amount: '25000',
        currency: 'EUR',
      };
    }
    if (roll < 0.2 && have >= 2) {
      const quantity = Math.max(1, Math.floor(have / 3)); // a third of the pre-split count: always held
      held.set(symbol, have - quantity);
      return {
        type: 'SELL',
        date,
        symbol,
        quantity: String(quantity),
        price,
        fee: '4.95',
        amount: null,
        currency: null,
      };
    }
    if (roll < 0.3 && have > 0) {
      return {
        type: 'DIVIDEND',
        date,
        symbol,
        quantity: null,
        price: null,
        fee: '0',
        amount: (next() * 80).toFixed(2),
        currency: null,
      };
    }
    const quantity = 1 + Math.floor(next() * 40);
    held.set(symbol, have + quantity);
    return {
      type: 'BUY',
      date,
      symbol,
      quantity: String(quantity),
      price,
      fee: '4.95',
      amount: null,
      currency: null,
    };
  });
}

async function insertTransactions(pool: pg.Pool, portfolioId: string, rows: readonly Row[]): Promise<void> {
  const column = <K extends keyof Row>(key: K): Row[K][] => rows.map((r) => r[key]);
  await pool.query(
    `insert into app.transactions (portfolio_id, type, date, symbol, quantity, price, fee, amount, currency)
     select $1, * from unnest($2::text[], $3::date[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[],
                              $8::numeric[], $9::text[])`,
    [
      portfolioId,
      column('type'),
      column('date'),
      column('symbol'),
      column('quantity'),
      column('price'),
      column('fee'),
      column('amount'),
      column('currency'),
    ],
  );
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const t0 = performance.now();
const bench = await openBenchDatabase({ lastDate: LAST_DATE, years: years + 1 });
console.log(
  `gold: ${bench.seed.priceRows.toLocaleString('en')} daily_prices rows (${bench.seed.firstDate}..${bench.seed.lastDate}, 40 listings) on ${bench.where}, seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const { server, auth } = await startBenchApi(bench);

try {
  const headers = { ...auth, 'content-type': 'application/json' };
  const firstDate = new Date(Date.parse(`${LAST_DATE}T00:00:00Z`) - years * 365.25 * DAY_MS)
    .toISOString()
    .slice(0, 10);

  const portfolios: { size: number; id: string }[] = [];
  for (const size of sizes) {
    const created = await fetch(`${server.url}/api/v1/portfolios`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: `bench ${size}`, baseCurrency: 'EUR' }),
    });
    if (created.status !== 201)
      throw new Error(`create portfolio: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    await insertTransactions(bench.db.pool, id, generateTransactions(size, firstDate));
    portfolios.push({ size, id });
  }
  await bench.db.pool.query('analyze app.transactions');

  const timed = async (path: string): Promise<{ ms: number; body: string }> => {
    const started = performance.now();
    const response = await fetch(`${server.url}${path}`, { headers });
    const body = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 500)}`);
    return { ms, body };
  };

  console.log(
    `EUR portfolios over ${firstDate}..${LAST_DATE}; warm = median of ${runs} runs; ms per request over HTTP\n`,
  );
  const rows: string[][] = [];
  for (const { size, id } of portfolios) {
    for (const route of ['holdings', 'performance'] as const) {
      const path = `/api/v1/portfolios/${id}/${route}`;
      const cold = await timed(path);
      const warm: number[] = [];
      for (let i = 0; i < runs; i += 1) warm.push((await timed(path)).ms);
      const parsed = JSON.parse(cold.body) as { holdings?: unknown[]; series?: unknown[] };
      const shape =
        route === 'holdings'
          ? `${parsed.holdings?.length ?? 0} positions`
          : `${parsed.series?.length ?? 0} days`;
      rows.push([
        size.toLocaleString('en'),
        route,
        cold.ms.toFixed(0),
        median(warm).toFixed(0),
        Math.min(...warm).toFixed(0),
        shape,
        `${(Buffer.byteLength(cold.body) / 1024).toFixed(0)} KiB`,
      ]);
    }
    const warmSum = rows.slice(-2).reduce((sum, r) => sum + Number(r[3]), 0);
    rows.push([size.toLocaleString('en'), 'holdings + performance', '', String(warmSum), '', '', '']);
  }
  const header = ['transactions', 'route', 'cold ms', 'warm ms', 'min ms', 'shape', 'body'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i <= 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`${line(header)}\n${rows.map(line).join('\n')}`);
  console.log('\ngoal: holdings + performance < 100 ms for 2,000 transactions, < 2 s for 50,000');
} finally {
  await server.close();
  await bench.close();
}
