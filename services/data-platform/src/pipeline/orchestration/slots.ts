import type { DagDefinition } from './dag.ts';

/** A counting semaphore; waiters are served first come, first served. */
export class Semaphore {
  private available: number;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly capacity: number) {
    this.available = capacity;
  }

  async acquire(): Promise<() => void> {
    if (this.available > 0) {
      this.available -= 1;
    } else {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.available += 1;
    };
  }
}

/**
 * What bounds a process's node executions: a total (FINPLAT_TASK_CONCURRENCY) and one semaphore
 * per declared pool. One Slots object is shared by every date a process runs (a backfill's dates
 * together), so pools mean the same thing as Airflow pools: across runs, not per run.
 */
export class Slots {
  private readonly total: Semaphore;
  private readonly pools: Map<string, Semaphore>;

  constructor(dag: DagDefinition, concurrency: number) {
    this.total = new Semaphore(concurrency);
    this.pools = new Map(dag.pools.map((p) => [p.name, new Semaphore(p.slots)]));
  }

  /** Pool first, then the total: a node waiting for its pool never holds a slot others could use. */
  async acquire(pool: string | undefined): Promise<() => void> {
    const poolSemaphore = pool === undefined ? undefined : this.pools.get(pool);
    if (pool !== undefined && !poolSemaphore) throw new Error(`pool "${pool}" is not declared`);
    const releasePool = await poolSemaphore?.acquire();
    const releaseTotal = await this.total.acquire();
    return () => {
      releaseTotal();
      releasePool?.();
    };
  }
}
