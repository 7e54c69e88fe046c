import { z } from 'zod';
import type { TransformResult } from '../../transform.ts';
import { NodeFailure, type NodeImplementation } from '../runner.ts';
import type { PipelineResources } from './resources.ts';

const goldOutput = z.object({
  transformRunId: z.string(),
  silverRunId: z.string(),
  gold: z.looseObject({ runId: z.string() }),
});

/**
 * The quality gate of D as its own node (and Airflow task): reads the reports that D's silver and
 * gold runs wrote, requires every check of both layers to have passed, and hands the gold pointer on
 * to `load`.
 */
export function qualityNode(resources: PipelineResources): NodeImplementation {
  return async (ctx) => {
    const upstream = goldOutput.parse(ctx.upstream('gold'));
    const layers = [];
    for (const [layer, runId] of [
      ['silver', upstream.silverRunId],
      ['gold', upstream.transformRunId],
    ] as const) {
      // The report's key is quality-report.ts's saveQualityReport naming: quality/dt=<D>/run=<run>.json.
      const key = `quality/dt=${ctx.dt}/run=${runId}.json`;
      const stored = await resources.store.get(key);
      if (!stored)
        throw new NodeFailure(
          `${resources.store.location}/${key} is missing; re-run ${layer} for ${ctx.dt} (\`finplat run --date ${ctx.dt} --rerun\`)`,
          { retriable: false },
        );
      const report = JSON.parse(stored.body.toString('utf8')) as TransformResult;
      const found = report.layers.find((l) => l.layer === layer);
      if (!found)
        throw new NodeFailure(`${key} has no ${layer} layer; re-run ${layer} for ${ctx.dt}`, {
          retriable: false,
        });
      layers.push(found);
    }
    const checks = layers.flatMap((l) => l.checks);
    const failed = checks.filter((c) => !c.passed);
    if (failed.length > 0)
      throw new NodeFailure(
        `${failed.length} of ${checks.length} checks failed (silver run ${upstream.silverRunId}, gold run ${upstream.transformRunId}); see \`finplat quality --date ${ctx.dt}\``,
        { retriable: false },
      );
    return {
      rowsIn: checks.length,
      rowsOut: checks.length - failed.length,
      output: { transformRunId: upstream.transformRunId, gold: upstream.gold, checks: checks.length },
    };
  };
}
