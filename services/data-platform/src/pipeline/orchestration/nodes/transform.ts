import { PreconditionFailedError } from '../../../lake/object-store.ts';
import { GOLD_MODELS } from '../../../marts/models.ts';
import { SILVER_MODELS } from '../../../transforms/models.ts';
import { z } from 'zod';
import { pointerKey, pointerSchema, readPointer, type LayerPointer } from '../../publish.ts';
import { runTransform, type TransformResult } from '../../transform.ts';
import { NodeFailure, type NodeImplementation } from '../runner.ts';
import type { PipelineResources } from './resources.ts';

type Published = Awaited<ReturnType<typeof readPointer>>;

const silverOutput = z.object({ transformRunId: z.string(), silver: z.looseObject({ runId: z.string() }) });

/**
 * silver Parquet from all bronze up to D (runTransform reads the manifests of partitions dt ≤ D only,
 * so a re-run of an old date sees what its first run saw). Its output is the published silver
 * pointer itself: `gold` builds on exactly these files, whatever `_current.json` says later.
 */
export function silverNode(resources: PipelineResources): NodeImplementation {
  return async (ctx) => {
    const before = await readPointer(resources.store, 'silver');
    const runId = resources.newRunId();
    const result = await runTransform({
      store: resources.store,
      date: ctx.dt,
      runId,
      workDir: resources.workDir,
      silver: SILVER_MODELS,
      gold: [],
    });
    resources.onReport?.(ctx.node, result);
    const silver = published(result, 'silver', ctx.dt);
    await keepNewest(resources, 'silver', before, silver, ctx.log);
    return {
      rowsIn: result.bronzeFiles,
      rowsOut: Object.values(silver.models).reduce((n, m) => n + m.rows, 0),
      output: { transformRunId: runId, silver },
    };
  };
}

/**
 * gold Parquet from the silver version D's silver node published (whole history per symbol). Its
 * output is the published gold pointer: `load` loads exactly these files.
 */
export function goldNode(resources: PipelineResources): NodeImplementation {
  return async (ctx) => {
    const upstream = silverOutput.parse(ctx.upstream('silver'));
    const silverInput = pointerSchema.parse(upstream.silver);
    const before = await readPointer(resources.store, 'gold');
    const runId = resources.newRunId();
    const result = await runTransform({
      store: resources.store,
      date: ctx.dt,
      runId,
      workDir: resources.workDir,
      silver: [],
      gold: GOLD_MODELS,
      silverInput,
    });
    resources.onReport?.(ctx.node, result);
    const gold = published(result, 'gold', ctx.dt);
    await keepNewest(resources, 'gold', before, gold, ctx.log);
    return {
      rowsIn: Object.values(silverInput.models).reduce((n, m) => n + m.rows, 0),
      rowsOut: Object.values(gold.models).reduce((n, m) => n + m.rows, 0),
      output: { transformRunId: runId, silverRunId: upstream.transformRunId, gold },
    };
  };
}

/** The layer's published pointer, or the failure that names the checks that stopped it. */
function published(result: TransformResult, layer: 'silver' | 'gold', dt: string): LayerPointer {
  const pointer = result.layers.find((l) => l.layer === layer)?.published;
  if (result.ok && pointer) return pointer;
  const failed = result.layers
    .flatMap((l) => l.checks)
    .filter((c) => !c.passed)
    .map((c) => `${c.layer}.${c.model} ${c.check}`);
  // Checks fail the same way on the same input: retrying cannot help.
  throw new NodeFailure(
    `${layer} checks failed, nothing published (${failed.slice(0, 5).join(', ')}${failed.length > 5 ? ', …' : ''}); ` +
      `see \`finplat quality --date ${dt}\`, fix the data or the model`,
    { retriable: false },
  );
}

/**
 * A backfill of an old date must not leave the lake's layer pointer on older data than it had:
 * runTransform publishes unconditionally, so when the pointer it replaced named a later date, put
 * that one back (compare-and-swap: if anyone published since, theirs stays). This run's files stay
 * in the lake and its pointer is kept in ops, which is all `load` needs.
 */
async function keepNewest(
  resources: PipelineResources,
  layer: 'silver' | 'gold',
  before: Published,
  ours: LayerPointer,
  log: (message: string) => void,
): Promise<void> {
  if (!before || before.pointer.date <= ours.date) return;
  const current = await readPointer(resources.store, layer);
  if (current?.pointer.runId !== ours.runId) return;
  try {
    await resources.store.replace(
      pointerKey(layer),
      Buffer.from(`${JSON.stringify(before.pointer, null, 2)}\n`),
      { contentType: 'application/json', ifMatch: current.etag },
    );
    log(`${layer}/_current.json kept on the newer ${before.pointer.date} (run ${before.pointer.runId})`);
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
  }
}
