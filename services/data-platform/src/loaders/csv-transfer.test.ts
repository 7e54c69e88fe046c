import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transferCsv } from './csv-transfer.ts';

const LINES = 200_000; // ~3 MB: far more than a pipe buffer holds, so both sides really interleave
const line = (i: number): string => `row-${i},${i * 3}\n`;

/** Writes `lines` CSV lines to the target like DuckDB's COPY TO does: open, write, close. */
async function writeLines(target: string, lines: number, failAfter?: number): Promise<void> {
  function* generate(): Generator<string> {
    for (let i = 0; i < lines; i += 1) {
      if (i === failAfter) throw new Error('export broke mid-way');
      yield line(i);
    }
  }
  await pipeline(generate(), createWriteStream(target));
}

async function countLines(source: Readable): Promise<number> {
  let count = 0;
  for await (const chunk of source) for (const byte of chunk as Buffer) if (byte === 10) count += 1;
  return count;
}

describe('transferCsv', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'finplat-transfer-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams every line from the exporter to the consumer and leaves nothing behind', async () => {
    let exportedFirst = false;
    const rows = await transferCsv(dir, 't', {
      exportTo: (target) => writeLines(target, LINES),
      onExported: () => (exportedFirst = true),
      consume: countLines,
    });
    expect(rows).toBe(LINES);
    expect(exportedFirst).toBe(false); // through the FIFO: no separate export step
    await expect(rm(path.join(dir, 't.csv'))).rejects.toThrow(/ENOENT/);
  });

  it('fails with the export error, without hanging, when the export fails before opening its end', async () => {
    const consumed: number[] = [];
    const error = await transferCsv(dir, 't', {
      exportTo: () => Promise.reject(new Error('parquet unreadable')),
      consume: async (source) => {
        consumed.push(await countLines(source));
        return consumed[0] ?? 0;
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('parquet unreadable');
    expect(consumed.every((n) => n === 0)).toBe(true);
  });

  it('fails with the export error when the export breaks mid-stream, though the consumer saw an end', async () => {
    const error = await transferCsv(dir, 't', {
      exportTo: (target) => writeLines(target, LINES, 50_000),
      consume: countLines,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('export broke mid-way');
  });

  it('fails with the consumer error and stops the exporter (EPIPE) when the consumer gives up', async () => {
    let exportError: unknown;
    const error = await transferCsv(dir, 't', {
      exportTo: (target) =>
        writeLines(target, LINES * 20).catch((e: unknown) => {
          exportError = e;
          throw e;
        }),
      consume: async (source) => {
        await once(source, 'data'); // like COPY failing on a row: the pipeline then destroys its source
        source.destroy();
        throw new Error('duplicate key value violates unique constraint');
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/duplicate key/);
    expect((exportError as NodeJS.ErrnoException).code).toBe('EPIPE');
  });

  it('goes through a file, export first, where no FIFO can be made', async () => {
    await writeFile(path.join(dir, 't.csv'), 'stale'); // mkfifo refuses an existing path
    const steps: string[] = [];
    const rows = await transferCsv(dir, 't', {
      exportTo: async (target) => {
        await writeLines(target, 1_000);
        steps.push('exported');
      },
      onExported: () => steps.push('onExported'),
      consume: async (source) => {
        steps.push('consume');
        return countLines(source);
      },
    });
    expect(rows).toBe(1_000);
    expect(steps).toEqual(['exported', 'onExported', 'consume']);
  });
});
