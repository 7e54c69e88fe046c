import { z } from 'zod';
import type { TransformResult } from '../../transform.ts';
import { NodeFailure, type NodeImplementation } from '../runner.ts';
import type { PipelineResources } from './resources.ts';

const transformOutput = z.object({ transformRunId: z.string(), gold: z.looseObject({ runId: z.string() }) });

/**
 * The quality gate of D as its own node (and Airflow task): reads the report that D's transform
 * wrote, requires every check to have passed, and hands the gold pointer on to `load`.
 */
export function qualityNode(resources: PipelineResources): NodeImplementation {
  return async (ctx) => {
    const upstream = transformOutput.parse(ctx.upstream('transform'));
    // The report's key is quality-report.ts's saveQualityReport naming: quality/dt=<D>/run=<run>.json.
    const key = `quality/dt=${ctx.dt}/run=${upstream.transformRunId}.json`;
    const stored = await resources.store.get(key);
    if (!stored)
      throw new NodeFailure(
        `${resources.store.location}/${key} is missing; re-run transform for ${ctx.dt} (\`finplat run --date ${ctx.dt} --rerun\`)`,
        { retriable: false },
      );
    const report = JSON.parse(stored.body.toString('utf8')) as TransformResult;
    const checks = report.layers.flatMap((l) => l.checks);
    const failed = checks.filter((c) => !c.passed);
    if (report.layers.length < 2 || failed.length > 0)
      throw new NodeFailure(
        `${failed.length} of ${checks.length} checks failed in transform run ${upstream.transformRunId}; see \`finplat quality --date ${ctx.dt}\``,
        { retriable: false },
      );
    return {
      rowsIn: checks.length,
      rowsOut: checks.length - failed.length,
      output: { transformRunId: upstream.transformRunId, gold: upstream.gold, checks: checks.length },
    };
  };
}
