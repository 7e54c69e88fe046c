import { PreconditionFailedError } from '../../../lake/object-store.ts';
import { GOLD_MODELS } from '../../../marts/models.ts';
import { SILVER_MODELS } from '../../../transforms/models.ts';
import { pointerKey, readPointer, type LayerPointer } from '../../publish.ts';
import { runTransform } from '../../transform.ts';
import { NodeFailure, type NodeImplementation } from '../runner.ts';
import type { PipelineResources } from './resources.ts';

type Published = Awaited<ReturnType<typeof readPointer>>;

/**
 * silver and gold Parquet from all bronze up to D (runTransform reads the manifests of partitions
 * dt ≤ D only, so a re-run of an old date sees what its first run saw). Its output is the published
 * gold pointer itself: `load` loads exactly these files, whatever `_current.json` says later.
 */
export function transformNode(resources: PipelineResources): NodeImplementation {
  return async (ctx) => {
    const { store } = resources;
    const before = { silver: await readPointer(store, 'silver'), gold: await readPointer(store, 'gold') };
    const runId = resources.newRunId();
    const result = await runTransform({
      store,
      date: ctx.dt,
      runId,
      workDir: resources.workDir,
      silver: SILVER_MODELS,
      gold: GOLD_MODELS,
    });
    resources.onReport?.(ctx.node, result);
    const gold = result.layers.find((l) => l.layer === 'gold')?.published;
    if (!result.ok || !gold) {
      const failed = result.layers
        .flatMap((l) => l.checks)
        .filter((c) => !c.passed)
        .map((c) => `${c.layer}.${c.model} ${c.check}`);
      // Checks fail the same way on the same bronze: retrying cannot help.
      throw new NodeFailure(
        `checks failed, nothing published (${failed.slice(0, 5).join(', ')}${failed.length > 5 ? ', …' : ''}); ` +
          `see \`finplat quality --date ${ctx.dt}\`, fix the data or the model`,
        { retriable: false },
      );
    }
    for (const layer of ['silver', 'gold'] as const) {
      const ours = result.layers.find((l) => l.layer === layer)?.published;
      if (ours) await keepNewest(resources, layer, before[layer], ours, ctx.log);
    }
    const rows = Object.values(gold.models).reduce((n, m) => n + m.rows, 0);
    return {
      rowsIn: result.bronzeFiles,
      rowsOut: rows,
      output: { transformRunId: runId, gold },
    };
  };
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
