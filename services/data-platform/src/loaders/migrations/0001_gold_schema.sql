-- 0001: the gold schema, its load log and the read-only application role.
-- Mirrors services/data-platform/src/marts/gold-tables.ts column for column (name, order, type,
-- NOT NULL, primary key); schema-contract.test.ts fails if the two drift.
-- Runs inside one transaction (migrate.ts): no BEGIN/COMMIT, nothing that cannot run in a transaction.
-- Forward-only: once applied anywhere, never edit this file; add 0002_… instead.

CREATE SCHEMA gold;

CREATE TABLE gold.instruments (
  symbol           text NOT NULL,
  name             text,
  exchange         text,
  currency         text,
  security_type    text,
  figi             text,
  composite_figi   text,
  share_class_figi text,
  cik              text,
  sector           text,
  first_dt         date,
  last_dt          date,
  _run_id          text NOT NULL,
  PRIMARY KEY (symbol)
);

CREATE TABLE gold.daily_prices (
  symbol    text NOT NULL,
  dt        date NOT NULL,
  open      numeric(38,12),
  high      numeric(38,12),
  low       numeric(38,12),
  close     numeric(38,12) NOT NULL,
  adj_close numeric(38,12) NOT NULL,
  volume    bigint,
  currency  text NOT NULL,
  close_usd numeric(38,12),
  ret_1d    double precision,
  sma_20    double precision,
  sma_50    double precision,
  sma_200   double precision,
  vol_30d   double precision,
  drawdown  double precision NOT NULL,
  high_52w  numeric(38,12) NOT NULL,
  low_52w   numeric(38,12) NOT NULL,
  _run_id   text NOT NULL,
  PRIMARY KEY (symbol, dt)
);

CREATE TABLE gold.corporate_actions (
  symbol      text NOT NULL,
  dt          date NOT NULL,
  kind        text NOT NULL,
  amount      numeric(38,12),
  currency    text,
  numerator   numeric(38,6),
  denominator numeric(38,6),
  _run_id     text NOT NULL,
  PRIMARY KEY (symbol, dt, kind)
);

CREATE TABLE gold.fx_rates (
  dt           date NOT NULL,
  currency     text NOT NULL,
  usd_per_unit numeric(38,18) NOT NULL,
  eur_per_unit numeric(38,18) NOT NULL,
  rate_dt      date NOT NULL,
  is_filled    boolean NOT NULL,
  _run_id      text NOT NULL,
  PRIMARY KEY (dt, currency)
);

CREATE TABLE gold.fundamentals (
  cik                 text NOT NULL,
  fiscal_year         integer NOT NULL,
  fiscal_period       text NOT NULL,
  period_start        date,
  period_end          date NOT NULL,
  form                text,
  filed               date,
  currency            text,
  revenue             numeric(38,12),
  net_income          numeric(38,12),
  eps_diluted         numeric(38,12),
  operating_cash_flow numeric(38,12),
  total_assets        numeric(38,12),
  total_liabilities   numeric(38,12),
  stockholders_equity numeric(38,12),
  shares_outstanding  numeric(38,6),
  _run_id             text NOT NULL,
  PRIMARY KEY (cik, fiscal_year, fiscal_period)
);

CREATE TABLE gold.instrument_snapshot (
  symbol             text NOT NULL,
  as_of_dt           date NOT NULL,
  close              numeric(38,12) NOT NULL,
  currency           text NOT NULL,
  ret_1d             double precision,
  ret_1w             double precision,
  ret_1m             double precision,
  ret_3m             double precision,
  ret_1y             double precision,
  ret_ytd            double precision,
  vol_30d            double precision,
  high_52w           numeric(38,12),
  low_52w            numeric(38,12),
  max_drawdown_1y    double precision,
  beta_1y            double precision,
  dividend_ttm       numeric(38,12),
  dividend_yield_ttm double precision,
  shares_outstanding numeric(38,6),
  market_cap         numeric(38,12),
  eps_ttm            numeric(38,12),
  pe_ttm             double precision,
  _run_id            text NOT NULL,
  PRIMARY KEY (symbol)
);

-- One row per load attempt that got as far as Postgres. 'succeeded' rows are written in the same
-- transaction as the data they describe, so a succeeded row exists exactly when its data is live;
-- 'failed' rows are best effort, written after the rollback.
CREATE TABLE gold.load_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id      text NOT NULL,
  dt          date NOT NULL,
  table_name  text NOT NULL,
  rows        bigint CHECK (rows >= 0),
  checksum    text,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  status      text NOT NULL CHECK (status IN ('succeeded', 'failed')),
  error       text,
  CHECK (status <> 'succeeded' OR (rows IS NOT NULL AND checksum IS NOT NULL))
);
-- "Latest successful load of table T" is the loader's idempotency check.
CREATE INDEX load_log_latest_idx ON gold.load_log (table_name, id DESC) WHERE status = 'succeeded';

-- The application's read-only role. Roles are cluster-wide: another database on the same cluster
-- (or a concurrent migration of one) may already have created it, hence the guarded DO block. The
-- concurrent case surfaces as unique_violation on pg_authid rather than duplicate_object.
DO $$
BEGIN
  CREATE ROLE finplat_app NOLOGIN;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA gold TO finplat_app;
GRANT SELECT ON ALL TABLES IN SCHEMA gold TO finplat_app;
-- Tables created later in gold by the migrating role (future migrations) are readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA gold GRANT SELECT ON TABLES TO finplat_app;
