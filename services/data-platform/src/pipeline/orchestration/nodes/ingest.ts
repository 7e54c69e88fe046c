import { runIngest } from '../../../ingestion/run-ingest.ts';
import type { SourceName } from '../../../ingestion/source.ts';
import { NodeFailure, type NodeImplementation } from '../runner.ts';
import type { PipelineResources } from './resources.ts';

/** bronze partition dt=D of one source. Re-running it is safe: identical payloads are no-ops. */
export function ingestNode(name: SourceName, resources: PipelineResources): NodeImplementation {
  return async (ctx) => {
    const result = await runIngest({
      store: resources.store,
      date: ctx.dt,
      runId: resources.newRunId(),
      sources: [resources.source(name)],
      listings: resources.listings,
      historyStart: resources.historyStart,
      lookbackDays: resources.lookbackDays,
    });
    resources.onReport?.(ctx.node, result);
    const summary = result.sources[0];
    if (!summary) throw new Error(`${name}: the ingest returned no summary`);
    if (!result.ok) {
      const failures = summary.failures
        .slice(0, 3)
        .map((f) => `${f.dataset}/${f.key}: ${f.error}`)
        .join('; ');
      throw new NodeFailure(
        `${name}: ${summary.error ?? `${summary.failed} key(s) failed`}${failures === '' ? '' : ` (${failures}${summary.failures.length > 3 ? '; …' : ''})`}`,
        { retriable: true },
      );
    }
    return {
      rowsIn: summary.planned,
      rowsOut: summary.written + summary.unchanged,
      output: {
        ingestRunId: result.runId,
        written: summary.written,
        unchanged: summary.unchanged,
        skipped: summary.skipped,
        bytes: summary.bytes,
      },
    };
  };
}
