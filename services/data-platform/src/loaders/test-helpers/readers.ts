/**
 * Concurrent readers for atomic-publish checks (tests) and reader-impact figures (bench): each holds
 * its own connection and runs one read in a loop, recording what it saw, how long each read took
 * and any error, until stopped.
 */
import type pg from 'pg';

export interface ReaderReport {
  /** Per reader, what each read returned (JSON), in order. */
  readonly observations: readonly (readonly string[])[];
  readonly errors: readonly Error[];
  /** Every query's duration, all readers together. */
  readonly latenciesMs: readonly number[];
}

export interface Readers {
  /** Resolves once every reader has completed at least one query. */
  readonly ready: Promise<void>;
  /** What the readers have seen so far (live arrays). */
  current(): ReaderReport;
  stop(): Promise<ReaderReport>;
}

/** One read: a query whose first row is the observation, or a function (e.g. a whole transaction). */
export type Read = string | ((client: pg.PoolClient) => Promise<unknown>);

/** The first row of `sql`, read in a REPEATABLE READ transaction (one snapshot for the statement). */
export function repeatableRead(sql: string): Read {
  return async (client) => {
    await client.query('begin isolation level repeatable read');
    try {
      return (await client.query<Record<string, unknown>>(sql)).rows[0];
    } finally {
      await client.query('commit');
    }
  };
}

/** `reads[i % reads.length]` is reader i's read. */
export function startReaders(pool: pg.Pool, count: number, ...reads: Read[]): Readers {
  let stopped = false;
  const observations: string[][] = [];
  const errors: Error[] = [];
  const latenciesMs: number[] = [];
  const firsts: Promise<void>[] = [];
  const loops = Array.from({ length: count }, (_, i) => {
    const seen: string[] = [];
    observations[i] = seen;
    let markReady: () => void = () => undefined;
    firsts.push(new Promise<void>((resolve) => (markReady = resolve)));
    return (async () => {
      const client = await pool.connect().catch((error: unknown) => {
        errors.push(error instanceof Error ? error : new Error(String(error)));
        markReady();
      });
      if (!client) return;
      try {
        while (!stopped) {
          const t0 = performance.now();
          try {
            const read = reads[i % reads.length] ?? '';
            const value =
              typeof read === 'string'
                ? (await client.query<Record<string, unknown>>(read)).rows[0]
                : await read(client);
            seen.push(JSON.stringify(value));
          } catch (error) {
            errors.push(error instanceof Error ? error : new Error(String(error)));
          }
          latenciesMs.push(performance.now() - t0);
          markReady();
        }
      } finally {
        client.release();
      }
    })();
  });
  return {
    ready: Promise.all(firsts).then(() => undefined),
    current: () => ({ observations, errors, latenciesMs }),
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      return { observations, errors, latenciesMs };
    },
  };
}
