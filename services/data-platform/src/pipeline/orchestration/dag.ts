/**
 * The shape of a DAG declared as data. Nodes are datasets of one logical date (`dt`), in the spirit
 * of Dagster assets: what they depend on, which rate-limited pool they draw from, how often they
 * are retried and how long an attempt may take. The built-in runner and the Airflow generator both
 * read this; neither adds anything the definition does not say.
 */

export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly retries: number;
  /** Delay before the first retry; doubles per retry (capped exponential backoff). */
  readonly delaySeconds: number;
  readonly maxDelaySeconds: number;
}

export interface NodeDefinition {
  readonly id: string;
  readonly description: string;
  readonly deps: readonly string[];
  /** Every node is partitioned by the logical date; declared so readers never have to guess. */
  readonly partition: 'dt';
  /** A pool caps how many nodes using it run at once across every date of a process (Airflow: a pool). */
  readonly pool?: string;
  readonly retry: RetryPolicy;
  readonly timeoutSeconds: number;
}

export interface PoolDefinition {
  readonly name: string;
  readonly slots: number;
  readonly description: string;
}

export interface DagDefinition {
  readonly id: string;
  readonly description: string;
  readonly nodes: readonly NodeDefinition[];
  readonly pools: readonly PoolDefinition[];
  /** Dates running at once (backfill --parallel is capped by it; Airflow max_active_runs). */
  readonly maxActiveRuns: number;
  /** First logical date the schedule knows of (Airflow start_date). */
  readonly startDate: string;
  /** Whether missed scheduled dates are run later (Airflow catchup). */
  readonly catchup: boolean;
}

export class DagDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DagDefinitionError';
  }
}

const NODE_ID = /^[a-z][a-z0-9_]*$/;

/** Throws a DagDefinitionError naming every problem: bad ids, unknown deps or pools, cycles, bad numbers. */
export function validateDag(dag: DagDefinition): void {
  const problems: string[] = [];
  const ids = new Set<string>();
  const pools = new Set(dag.pools.map((p) => p.name));
  for (const pool of dag.pools)
    if (!Number.isInteger(pool.slots) || pool.slots < 1)
      problems.push(`pool ${pool.name}: slots must be a whole number ≥ 1`);
  for (const node of dag.nodes) {
    if (!NODE_ID.test(node.id)) problems.push(`node "${node.id}": id must be lower_snake_case`);
    if (ids.has(node.id)) problems.push(`node ${node.id}: declared twice`);
    ids.add(node.id);
    if (node.pool !== undefined && !pools.has(node.pool))
      problems.push(`node ${node.id}: pool "${node.pool}" is not declared`);
    const { retries, delaySeconds, maxDelaySeconds } = node.retry;
    if (!Number.isInteger(retries) || retries < 0) problems.push(`node ${node.id}: retries must be ≥ 0`);
    if (!(delaySeconds >= 0) || !(maxDelaySeconds >= delaySeconds))
      problems.push(`node ${node.id}: retry delays must satisfy 0 ≤ delaySeconds ≤ maxDelaySeconds`);
    if (!(node.timeoutSeconds > 0)) problems.push(`node ${node.id}: timeoutSeconds must be > 0`);
  }
  for (const node of dag.nodes)
    for (const dep of node.deps)
      if (!ids.has(dep)) problems.push(`node ${node.id}: depends on unknown node "${dep}"`);
  if (problems.length === 0) {
    const cycle = findCycle(dag.nodes);
    if (cycle) problems.push(`cycle: ${cycle.join(' -> ')}`);
  }
  if (!Number.isInteger(dag.maxActiveRuns) || dag.maxActiveRuns < 1)
    problems.push('maxActiveRuns must be a whole number ≥ 1');
  if (problems.length > 0)
    throw new DagDefinitionError(`DAG ${dag.id} is invalid:\n  - ${problems.join('\n  - ')}`);
}

function findCycle(nodes: readonly NodeDefinition[]): string[] | undefined {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const dep of byId.get(id)?.deps ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const node of nodes) {
    const cycle = visit(node.id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Node ids in dependency order (a node after all its deps), ties in declaration order. */
export function topologicalOrder(dag: DagDefinition): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < dag.nodes.length) {
    const next = dag.nodes.find((n) => !placed.has(n.id) && n.deps.every((d) => placed.has(d)));
    if (!next) throw new DagDefinitionError(`DAG ${dag.id} has a cycle`);
    order.push(next.id);
    placed.add(next.id);
  }
  return order;
}

export function nodeById(dag: DagDefinition, id: string): NodeDefinition | undefined {
  return dag.nodes.find((n) => n.id === id);
}

/** Delay before retry number `retry` (1-based): delay × 2^(retry-1), capped. */
export function retryDelayMs(policy: RetryPolicy, retry: number): number {
  return Math.min(policy.delaySeconds * 2 ** Math.max(0, retry - 1), policy.maxDelaySeconds) * 1000;
}
