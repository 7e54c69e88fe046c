import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadGold, type GoldLoadStatus } from '../../../loaders/load.ts';
import { GOLD_TABLES } from '../../../marts/gold-tables.ts';
import { NodeFailure, type NodeImplementation } from '../runner.ts';
import type { PipelineResources } from './resources.ts';

const goldVersion = z.object({
  runId: z.string(),
  date: z.string(),
  models: z.record(z.string(), z.object({ object: z.string(), rows: z.number(), sha256: z.string() })),
});
const qualityOutput = z.object({ gold: goldVersion });

export interface TableOutcome {
  readonly table: string;
  readonly rows: number;
  readonly status: GoldLoadStatus;
  /** The loader's content checksum; absent when the table was kept. */
  readonly checksum?: string;
  /** For 'kept-newer': the date of the gold that stays live. */
  readonly liveDt?: string;
}

/** What the load node reports in memory (and stores as its output). */
export interface LoadReport {
  readonly goldRunId: string;
  readonly tables: readonly TableOutcome[];
}

/**
 * D's gold (the files D's transform published, named in its output, whatever `_current.json`
 * says by now) into Postgres schema gold, all tables in one loader call. The loader keeps a table
 * whose live data was loaded for a later date (`kept-newer`, decided under its table locks), so a
 * backfill never replaces newer gold.
 * Re-loading identical data is a no-op.
 */
export function loadNode(resources: PipelineResources): NodeImplementation {
  return async (ctx) => {
    const { gold } = qualityOutput.parse(ctx.upstream('quality'));
    const workDir = path.join(resources.workDir, `load-${gold.runId}-${process.pid}`);
    try {
      const files: { name: string; parquetFile: string }[] = [];
      await mkdir(workDir, { recursive: true });
      for (const table of GOLD_TABLES) {
        ctx.signal.throwIfAborted();
        const entry = gold.models[table.name];
        if (!entry)
          throw new NodeFailure(
            `gold run ${gold.runId} has no ${table.name}; re-run gold for ${ctx.dt} (\`finplat run --date ${ctx.dt} --rerun\`)`,
            {
              retriable: false,
            },
          );
        const object = await resources.store.get(entry.object);
        if (!object)
          throw new NodeFailure(
            `${resources.store.location}/${entry.object} (gold run ${gold.runId}) is missing; re-run gold for ${ctx.dt} (\`finplat run --date ${ctx.dt} --rerun\`)`,
            { retriable: false },
          );
        const parquetFile = path.join(workDir, `${table.name}.parquet`);
        await writeFile(parquetFile, object.body);
        files.push({ name: table.name, parquetFile });
      }
      ctx.signal.throwIfAborted();
      const loaded = await loadGold({
        pool: resources.pool,
        runId: gold.runId,
        dt: ctx.dt,
        sources: resources.sources,
        tables: files,
        options: { tmpDir: workDir },
      });
      const outcomes = loaded.map((r): TableOutcome => ({
        table: r.table,
        rows: r.rows,
        status: r.status,
        ...(r.checksum === undefined ? {} : { checksum: r.checksum }),
        ...(r.liveDt === undefined ? {} : { liveDt: r.liveDt }),
      }));
      const newer = outcomes.filter((o) => o.status === 'kept-newer');
      if (newer.length > 0)
        ctx.log(
          `kept newer gold in Postgres for ${newer.map((o) => `${o.table} (dt ${o.liveDt ?? '?'})`).join(', ')}`,
        );
      const report: LoadReport = { goldRunId: gold.runId, tables: outcomes };
      resources.onReport?.(ctx.node, report);
      return {
        rowsIn: outcomes.reduce((n, o) => n + o.rows, 0),
        rowsOut: outcomes.filter((o) => o.status !== 'kept-newer').reduce((n, o) => n + o.rows, 0),
        output: { ...report },
      };
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  };
}
