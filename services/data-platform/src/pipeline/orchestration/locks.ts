/**
 * Postgres session advisory locks that make a date (or a node of a date) single-writer across
 * processes and machines. `finplat run` holds the date's lock exclusively; `finplat task` holds it
 * shared plus its node's lock exclusively, so Airflow can run different nodes of a date at once
 * but never beside a whole-DAG run of that date, and never the same node twice.
 *
 * Each lock lives on its own connection. When the process dies (kill -9 included) the server
 * closes the connection and releases the lock, which is what lets the next holder declare the
 * dead process's 'running' rows abandoned.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';

export interface LockRequest {
  readonly key: string;
  readonly shared: boolean;
}

export interface HeldLocks {
  /** Aborted if the lock connection breaks: the locks are gone, the holder must stop writing. */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

export const dateLock = (dt: string, shared = false): LockRequest => ({ key: `finplat:date:${dt}`, shared });
export const nodeLock = (dt: string, node: string): LockRequest => ({
  key: `finplat:node:${dt}:${node}`,
  shared: false,
});

/**
 * Takes every requested lock or none. With `wait`, polls until they are all free (or `signal`
 * aborts); without, returns undefined at once when one is held elsewhere.
 */
export async function acquireLocks(
  pool: pg.Pool,
  requests: readonly LockRequest[],
  options: { wait: boolean; signal?: AbortSignal; pollMs?: number; onWait?: () => void },
): Promise<HeldLocks | undefined> {
  const client = await pool.connect();
  const lost = new AbortController();
  const onError = (): void => {
    lost.abort(new Error('the lock connection to Postgres was lost'));
  };
  client.on('error', onError);
  let told = false;
  try {
    for (;;) {
      if (await tryAll(client, requests)) {
        return {
          lost: lost.signal,
          release: async () => {
            client.off('error', onError);
            try {
              await client.query('SELECT pg_advisory_unlock_all()');
              client.release();
            } catch (error) {
              // Destroying the connection releases its session locks too, whatever state it is in.
              client.release(error instanceof Error ? error : true);
            }
          },
        };
      }
      if (!options.wait || aborted(options.signal)) break;
      if (!told) options.onWait?.();
      told = true;
      await delay(options.pollMs ?? 500, undefined, options.signal ? { signal: options.signal } : {}).catch(
        () => undefined,
      );
      if (aborted(options.signal)) break;
    }
  } catch (error) {
    client.off('error', onError);
    client.release(true);
    throw error;
  }
  client.off('error', onError);
  client.release(true);
  return undefined;
}

async function tryAll(client: pg.PoolClient, requests: readonly LockRequest[]): Promise<boolean> {
  const taken: LockRequest[] = [];
  for (const request of requests) {
    const fn = request.shared ? 'pg_try_advisory_lock_shared' : 'pg_try_advisory_lock';
    const { rows } = await client.query<{ ok: boolean }>(`SELECT ${fn}(hashtextextended($1, 0)) AS ok`, [
      request.key,
    ]);
    if (rows[0]?.ok !== true) {
      for (const held of taken) {
        const unlock = held.shared ? 'pg_advisory_unlock_shared' : 'pg_advisory_unlock';
        await client.query(`SELECT ${unlock}(hashtextextended($1, 0))`, [held.key]);
      }
      return false;
    }
    taken.push(request);
  }
  return true;
}

/** A function, not a property read, so TypeScript does not keep an earlier check's narrowing across awaits. */
function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
