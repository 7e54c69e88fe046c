-- 0002: run history of the daily DAG (services/data-platform/src/pipeline/orchestration/).
-- Runs inside one transaction (migrate.ts): no BEGIN/COMMIT. Forward-only: never edit once applied.
-- The schema is internal: finplat_app (the API's role) gets no grant on it.

CREATE SCHEMA ops;

-- One row per execution of the DAG (or of one node, trigger 'task') for one logical date.
-- 'running' rows whose process died stay 'running' until the next run of that date takes the
-- date's advisory lock (which the dead process's connection released) and marks them 'abandoned'.
CREATE TABLE ops.runs (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dt           date NOT NULL,
  trigger      text NOT NULL CHECK (trigger IN ('manual', 'backfill', 'schedule', 'task', 'start')),
  mode         text NOT NULL CHECK (mode IN ('fresh', 'resume', 'rerun')),
  status       text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned')),
  -- The nodes this run set out to complete (the whole DAG, or one node for trigger 'task').
  nodes        text[] NOT NULL,
  resumed_from bigint REFERENCES ops.runs (id),
  host         text NOT NULL,
  pid          integer NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  error        text,
  CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX runs_dt_idx ON ops.runs (dt, id DESC);

-- One row per attempt of a node in a run; 'reused' rows carry a node that succeeded in the run a
-- resume continues (reused_from names that attempt, output is copied so the run is self-contained).
CREATE TABLE ops.task_attempts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id      bigint NOT NULL REFERENCES ops.runs (id),
  node        text NOT NULL,
  attempt     integer NOT NULL CHECK (attempt >= 0),
  status      text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned', 'reused')),
  rows_in     bigint CHECK (rows_in >= 0),
  rows_out    bigint CHECK (rows_out >= 0),
  output      jsonb,
  error       text,
  reused_from bigint REFERENCES ops.task_attempts (id),
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (run_id, node, attempt),
  CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX task_attempts_node_idx ON ops.task_attempts (node, id DESC) WHERE status IN ('succeeded', 'reused');
