/**
 * How a gold table's rows travel from DuckDB (exportCsv) to Postgres (copyCsv): through a named pipe
 * (FIFO) in the load's private folder, so DuckDB writes CSV while Postgres parses it and the rows never
 * touch the disk. For 5.2M daily_prices rows that is 1.5 GB not written and read back, and the export
 * (~10 s) no longer runs before the COPY but beside it. Where `mkfifo` does not exist (Windows), the
 * CSV is written to a file first, as before.
 *
 * A FIFO's open blocks until both ends exist, so a failure on one side must never leave the other
 * waiting: an export that fails before it opens the pipe gets the reader released (a non-blocking
 * writer is opened and closed: EOF), and a COPY that fails closes the reader, after which DuckDB's next
 * write fails (EPIPE; Node ignores SIGPIPE).
 */
import { execFile } from 'node:child_process';
import { constants, createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface CsvTransfer {
  /** DuckDB writes the CSV to this path (COPY … TO). */
  readonly exportTo: (target: string) => Promise<void>;
  /** Postgres reads it (COPY … FROM STDIN); resolves with the rows copied. */
  readonly consume: (source: Readable) => Promise<number>;
  /** Called once the whole CSV exists, before consume, when it goes through a file. */
  readonly onExported?: () => void;
}

/** Runs one export → COPY; the first failure of either side is the error thrown. */
export async function transferCsv(dir: string, name: string, transfer: CsvTransfer): Promise<number> {
  const target = path.join(dir, `${name}.csv`);
  try {
    if (!(await makeFifo(target))) {
      await transfer.exportTo(target);
      transfer.onExported?.();
      return await transfer.consume(createReadStream(target, { highWaterMark: 1 << 20 }));
    }
    return await streamThroughFifo(target, transfer);
  } finally {
    await rm(target, { force: true });
  }
}

async function makeFifo(target: string): Promise<boolean> {
  try {
    await execFileAsync('mkfifo', ['-m', '600', target]);
    return true;
  } catch {
    return false; // no mkfifo here: a plain file does the same job, one step after the other
  }
}

async function streamThroughFifo(fifo: string, transfer: CsvTransfer): Promise<number> {
  let firstFailure: { side: 'export' | 'copy'; error: unknown } | undefined;
  const failed = (side: 'export' | 'copy') => (error: unknown) => {
    firstFailure ??= { side, error };
    throw error;
  };
  const exported = transfer.exportTo(fifo).catch(failed('export'));
  exported.catch(() => undefined); // observed below; never an unhandled rejection
  const reader = open(fifo, constants.O_RDONLY);
  // Until the reader is open, an export that failed before opening its end would leave it blocked.
  const released = exported.catch(() => releaseReader(fifo, reader));
  let fd: Awaited<typeof reader>;
  try {
    fd = await reader;
  } catch (error) {
    await released;
    throw firstFailure?.error ?? error;
  }
  const copied = transfer.consume(fd.createReadStream({ highWaterMark: 1 << 20 })).catch(failed('copy'));
  const [copy, exportResult] = await Promise.allSettled([copied, exported]);
  await fd.close().catch(() => undefined);
  if (firstFailure !== undefined) throw firstFailure.error;
  if (copy.status === 'rejected') throw copy.reason;
  if (exportResult.status === 'rejected') throw exportResult.reason;
  return copy.value;
}

/**
 * Gives a reader blocked in open() its writer, which closes at once: the reader sees EOF. Retried
 * while the reader's open is still queued (a non-blocking writer open fails with ENXIO until a
 * reader exists).
 */
async function releaseReader(fifo: string, reader: Promise<unknown>): Promise<void> {
  const reading = { settled: false };
  const settle = (): void => {
    reading.settled = true;
  };
  reader.then(settle, settle);
  for (let attempt = 0; attempt < 500 && !reading.settled; attempt += 1) {
    try {
      const writer = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      await writer.close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
