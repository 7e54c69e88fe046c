import { loadConfig } from '@finplat/config';
import { airflowDagFile } from '../../pipeline/orchestration/airflow.ts';
import { DAILY_DAG } from '../../pipeline/orchestration/daily-dag.ts';
import { parseFlags } from '../usage.ts';
import type { CommandIo } from './io.ts';

export const AIRFLOW_DAG_USAGE = `Usage: finplat airflow-dag

Prints the daily DAG as an Apache Airflow 2.x/3.x DAG file (Python): one BashOperator per node
running \`finplat task <node> --date {{ ds }}\`, with the definition's dependencies, retries,
timeouts, pools, max_active_runs and catchup, on the schedule FINPLAT_SCHEDULE_CRON in
FINPLAT_SCHEDULE_TIMEZONE. The committed copy is infra/airflow/dags/finplat_daily.py:

  npx finplat airflow-dag > infra/airflow/dags/finplat_daily.py

Exit codes: 0 printed, 2 bad usage or configuration.`;

const flags = { help: { type: 'boolean', short: 'h', default: false } } as const;

export function airflowDagCommand(argv: string[], io: CommandIo): number {
  const { values } = parseFlags(argv, flags, AIRFLOW_DAG_USAGE);
  if (values.help) {
    io.stdout(AIRFLOW_DAG_USAGE);
    return 0;
  }
  const config = loadConfig();
  // io.stdout adds the final newline.
  io.stdout(
    airflowDagFile(DAILY_DAG, {
      cron: config.FINPLAT_SCHEDULE_CRON,
      timeZone: config.FINPLAT_SCHEDULE_TIMEZONE,
    }).replace(/\n$/, ''),
  );
  return 0;
}
