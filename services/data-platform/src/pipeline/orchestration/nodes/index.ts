import type { NodeImplementation } from '../runner.ts';
import { ingestNode } from './ingest.ts';
import { loadNode } from './load.ts';
import { qualityNode } from './quality.ts';
import type { PipelineResources } from './resources.ts';
import { goldNode, silverNode } from './transform.ts';

export type { PipelineResources } from './resources.ts';

/** The implementation of every node of DAILY_DAG, bound to the resources they may touch. */
export function dailyNodes(resources: PipelineResources): Record<string, NodeImplementation> {
  return {
    ingest_yahoo: ingestNode('yahoo', resources),
    ingest_sec: ingestNode('sec', resources),
    ingest_fx: ingestNode('fx', resources),
    ingest_openfigi: ingestNode('openfigi', resources),
    silver: silverNode(resources),
    gold: goldNode(resources),
    quality: qualityNode(resources),
    load: loadNode(resources),
  };
}
