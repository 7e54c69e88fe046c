import path from 'node:path';
import { loadConfig, type Config } from '@finplat/config';
import type { ObjectStore } from '../../lake/object-store.ts';
import { openObjectStore } from '../../lake/open-store.ts';
import { GOLD_MODELS } from '../../marts/models.ts';
import { latestQualityReport } from '../../pipeline/quality-report.ts';
import { runTransform, type TransformResult } from '../../pipeline/transform.ts';
import { SILVER_MODELS } from '../../transforms/models.ts';
import { formatQuality, formatTransform } from '../pipeline-summary.ts';
import { parseDate, parseFlags, todayUtc } from '../usage.ts';
import { newRunId } from './ingest.ts';
import type { CommandIo } from './io.ts';

export const TRANSFORM_USAGE = `Usage: finplat transform [--date YYYY-MM-DD] [--json]

Builds silver (typed Parquet) from the bronze payloads available up to the date, then gold (the
metrics of the data contract). Each layer is checked and published only when every check passes;
otherwise the previous version stays visible and offending rows go to quarantine/.

Options:
  --date  include bronze partitions up to this date (default: today, UTC)
  --json  the result as JSON on stdout
  --help  this text

Exit codes: 0 published, 1 a check failed or a model broke, 2 bad usage or configuration.`;

export const QUALITY_USAGE = `Usage: finplat quality [--date YYYY-MM-DD] [--json]

Prints the data-quality check results of the latest transform run for the date as a table.

Exit codes: 0 all passed, 1 a check failed or no run exists for the date, 2 bad usage.`;

const flags = {
  date: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const bigints = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

export async function transformCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(argv, flags, TRANSFORM_USAGE);
  if (values.help) {
    io.stdout(TRANSFORM_USAGE);
    return 0;
  }
  const date = values.date === undefined ? todayUtc() : parseDate(values.date, '--date', TRANSFORM_USAGE);
  const config = loadConfig();
  const store = openObjectStore(config, io.cwd);
  const result = await transformLake(config, store, io, date, !values.json);
  io.stdout(values.json ? JSON.stringify(result, bigints, 2) : formatTransform(result));
  return result.ok ? 0 : 1;
}

/** One transform run of every silver and gold model; shared by `transform` and `start`. */
export function transformLake(
  config: Config,
  store: ObjectStore,
  io: CommandIo,
  date: string,
  logModels: boolean,
): Promise<TransformResult> {
  return runTransform({
    store,
    date,
    runId: newRunId(),
    workDir: path.resolve(io.cwd, config.FINPLAT_HOME, 'work'),
    silver: SILVER_MODELS,
    gold: GOLD_MODELS,
    onModel: (m) => {
      if (logModels)
        io.stderr(
          `${m.layer}.${m.model}: ${m.rows} rows in ${m.seconds.toFixed(2)} s, checks ${m.checkSeconds.toFixed(2)} s`,
        );
    },
  });
}

export async function qualityCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(argv, flags, QUALITY_USAGE);
  if (values.help) {
    io.stdout(QUALITY_USAGE);
    return 0;
  }
  const date = values.date === undefined ? todayUtc() : parseDate(values.date, '--date', QUALITY_USAGE);
  const report = await latestQualityReport(openObjectStore(loadConfig(), io.cwd), date);
  if (!report) {
    io.stderr(`finplat: no transform run for ${date} yet; run \`finplat transform --date ${date}\` first`);
    return 1;
  }
  io.stdout(values.json ? JSON.stringify(report, bigints, 2) : formatQuality(report));
  return report.layers.every((l) => l.checks.every((c) => c.passed)) ? 0 : 1;
}
