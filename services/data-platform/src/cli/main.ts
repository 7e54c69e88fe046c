import { ConfigError } from '@finplat/config';
import { InputError } from '../ingestion/input-error.ts';
import { MissingUserAgentError } from '../ingestion/sec/client.ts';
import { airflowDagCommand } from './commands/airflow-dag.ts';
import { backfillCommand } from './commands/backfill.ts';
import { ingestCommand, INGEST_USAGE } from './commands/ingest.ts';
import type { CommandIo } from './commands/io.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { serveCommand } from './commands/serve.ts';
import { startCommand } from './commands/start.ts';
import { loadCommand } from './commands/load.ts';
import { runCommand } from './commands/run.ts';
import { scheduleCommand } from './commands/schedule.ts';
import { statusCommand } from './commands/status.ts';
import { taskCommand } from './commands/task.ts';
import { qualityCommand, transformCommand } from './commands/transform.ts';
import { verifyCommand } from './commands/verify.ts';
import { UsageError } from './usage.ts';

const USAGE = `Usage: finplat <command> [options]

Commands:
  start     run today's DAG (sandbox sources, embedded Postgres by default), then serve the API and web client (npm start)
  ingest    fetch Yahoo, SEC EDGAR, ECB FX and OpenFIGI payloads into bronze
  verify    check every bronze object against its manifest checksum
  transform build silver and gold Parquet from bronze, gated by data-quality checks
  load      load the published gold Parquet into Postgres (schema gold), atomically
  quality   print the check results of the latest transform for a date
  sandbox   serve the four source APIs offline for development and tests
  serve     start the API (docs at /api/docs) on the database: finplat serve [--port N]
  run       run the daily DAG for a date (retries, timeouts, history; --resume, --rerun)
  task      run one node of the daily DAG for a date (what Airflow calls)
  backfill  run the daily DAG for every business date of a range
  schedule  run the daily DAG on a cron schedule, catching up missed dates
  status    show the run history: runs and task attempts
  airflow-dag  print the daily DAG as an Apache Airflow DAG file

Run \`finplat <command> --help\` for a command's options.`;

function processIo(): CommandIo {
  return {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    isTTY: process.stderr.isTTY,
    cwd: process.cwd(),
  };
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => {
      resolve();
    });
    process.once('SIGTERM', () => {
      resolve();
    });
  });
}

/** Returns the exit code: 0 ok, 1 the work failed, 2 bad usage or configuration. */
export async function main(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'ingest':
        return await ingestCommand(rest, io);
      case 'sandbox':
        return await sandboxCommand(rest, io, interrupted());
      case 'serve':
        return await serveCommand(rest, io, interrupted());
      case 'start':
        return await startCommand(rest, io, interrupted);
      case 'verify':
        return await verifyCommand(rest, io);
      case 'transform':
        return await transformCommand(rest, io);
      case 'quality':
        return await qualityCommand(rest, io);
      case 'load':
        return await loadCommand(rest, io);
      case 'run':
        return await runCommand(rest, io, interrupted());
      case 'task':
        return await taskCommand(rest, io, interrupted());
      case 'backfill':
        return await backfillCommand(rest, io, interrupted());
      case 'schedule':
        return await scheduleCommand(rest, io, interrupted());
      case 'status':
        return await statusCommand(rest, io);
      case 'airflow-dag':
        return airflowDagCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`, USAGE);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`finplat: ${error.message}\n\n${error.usage}`);
      return 2;
    }
    if (
      error instanceof ConfigError ||
      error instanceof MissingUserAgentError ||
      error instanceof InputError
    ) {
      io.stderr(`finplat: ${error.message}`);
      return 2;
    }
    io.stderr(`finplat: ${describe(error)}`);
    return 1;
  }
}

/** The message and its chain of causes; stack traces are for bug reports, not for users. */
function describe(error: unknown): string {
  const parts: string[] = [];
  for (
    let e: unknown = error;
    e !== undefined && parts.length < 5;
    e = e instanceof Error ? e.cause : undefined
  ) {
    parts.push(e instanceof Error ? e.message : JSON.stringify(e));
  }
  return parts.join('\n  caused by: ');
}

export { INGEST_USAGE };
