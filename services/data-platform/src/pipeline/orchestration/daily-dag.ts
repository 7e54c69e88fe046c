import type { DagDefinition, NodeDefinition, RetryPolicy } from './dag.ts';

/**
 * THE daily DAG. `finplat run` executes it, `finplat task <node>` runs one node of it, and
 * `finplat airflow-dag` turns it into infra/airflow/dags/finplat_daily.py. Change it here only.
 *
 *   ingest_yahoo ─┐
 *   ingest_sec ───┤
 *   ingest_fx ────┼─▶ silver ─▶ gold ─▶ quality ─▶ load
 *   ingest_openfigi┘
 *
 * Ingest nodes write bronze partition dt=D only. `silver` builds the silver layer from all bronze up
 * to D and publishes it; its models form one group (daily_bars checks its symbols against
 * instruments and its currencies against currencies), published as one version. `gold` builds gold
 * from exactly that silver version. `load` puts that gold into Postgres unless a newer date's gold is
 * already live there.
 */
const ingestRetry: RetryPolicy = { retries: 3, delaySeconds: 60, maxDelaySeconds: 600 };

function ingest(source: string, what: string): NodeDefinition {
  return {
    id: `ingest_${source}`,
    description: `bronze partition dt=D of ${what}`,
    deps: [],
    partition: 'dt',
    pool: `${source}_api`,
    retry: ingestRetry,
    timeoutSeconds: 3600,
  };
}

export const DAILY_DAG: DagDefinition = {
  id: 'finplat_daily',
  description: 'fin-platform daily batch: sources -> bronze -> silver/gold Parquet -> Postgres gold',
  nodes: [
    ingest('yahoo', 'Yahoo Finance charts (prices, splits, dividends)'),
    ingest('sec', 'SEC EDGAR tickers, company facts and submissions'),
    ingest('fx', 'ECB euro reference rates (Frankfurter)'),
    ingest('openfigi', 'OpenFIGI identifier mappings'),
    {
      id: 'silver',
      description: 'silver Parquet from all bronze up to D, published only when every check passes',
      deps: ['ingest_yahoo', 'ingest_sec', 'ingest_fx', 'ingest_openfigi'],
      partition: 'dt',
      pool: 'lake_publish',
      retry: { retries: 1, delaySeconds: 60, maxDelaySeconds: 60 },
      timeoutSeconds: 3600,
    },
    {
      id: 'gold',
      description:
        "gold Parquet from D's silver version (whole history), published only when every check passes",
      deps: ['silver'],
      partition: 'dt',
      pool: 'lake_publish',
      retry: { retries: 1, delaySeconds: 60, maxDelaySeconds: 60 },
      timeoutSeconds: 3600,
    },
    {
      id: 'quality',
      description: "the data-quality reports of D's silver and gold runs: every check passed",
      deps: ['gold'],
      partition: 'dt',
      retry: { retries: 1, delaySeconds: 10, maxDelaySeconds: 10 },
      timeoutSeconds: 300,
    },
    {
      id: 'load',
      description: "D's gold in Postgres schema gold, unless a newer date's gold is live",
      deps: ['quality'],
      partition: 'dt',
      pool: 'gold_load',
      retry: { retries: 2, delaySeconds: 30, maxDelaySeconds: 300 },
      timeoutSeconds: 1800,
    },
  ],
  pools: [
    { name: 'yahoo_api', slots: 1, description: 'Yahoo Finance: one ingest at a time keeps its rate limit' },
    { name: 'sec_api', slots: 1, description: 'SEC EDGAR: 10 requests/s per user across all machines' },
    { name: 'fx_api', slots: 1, description: 'Frankfurter (ECB rates)' },
    { name: 'openfigi_api', slots: 1, description: 'OpenFIGI: 25 requests/6 s with a key, fewer without' },
    { name: 'lake_publish', slots: 1, description: 'one transform at a time publishes the layer pointers' },
    { name: 'gold_load', slots: 1, description: 'one load at a time writes Postgres schema gold' },
  ],
  maxActiveRuns: 2,
  startDate: '2026-01-02',
  catchup: true,
};
