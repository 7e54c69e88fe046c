import { ConfigError } from '@finplat/config';
import { InputError } from '../ingestion/input-error.ts';
import { MissingUserAgentError } from '../ingestion/sec/client.ts';
import { ingestCommand, INGEST_USAGE } from './commands/ingest.ts';
import type { CommandIo } from './commands/io.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { startCommand } from './commands/start.ts';
import { loadCommand } from './commands/load.ts';
import { qualityCommand, transformCommand } from './commands/transform.ts';
import { verifyCommand } from './commands/verify.ts';
import { UsageError } from './usage.ts';

const USAGE = `Usage: finplat <command> [options]

Commands:
  start     check the database, ingest the default universe for today, print a summary (npm start)
  ingest    fetch Yahoo, SEC EDGAR, ECB FX and OpenFIGI payloads into bronze
  verify    check every bronze object against its manifest checksum
  transform build silver and gold Parquet from bronze, gated by data-quality checks
  load      load the published gold Parquet into Postgres (schema gold), atomically
  quality   print the check results of the latest transform for a date
  sandbox   serve the four source APIs offline for development and tests

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
      case 'start':
        return await startCommand(rest, io);
      case 'verify':
        return await verifyCommand(rest, io);
      case 'transform':
        return await transformCommand(rest, io);
      case 'quality':
        return await qualityCommand(rest, io);
      case 'load':
        return await loadCommand(rest, io);
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
