import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DAG_FILE, DOCKER_DIR } from './paths.ts';

const run = promisify(execFile);
const SCRIPT = path.join(DOCKER_DIR, 'airflow-standalone.sh');
let scratch: string | undefined;

afterEach(async () => {
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** Runs the start script with `airflow` replaced by a recorder; returns the airflow invocations. */
async function airflowCalls(dagsFolder: string): Promise<string[]> {
  scratch = await mkdtemp(path.join(tmpdir(), 'finplat-airflow-'));
  const bin = path.join(scratch, 'bin');
  const log = path.join(scratch, 'calls.log');
  await mkdir(bin);
  await writeFile(path.join(bin, 'airflow'), '#!/bin/sh\nprintf "%s|" "$@" >> "$CALLS"; echo >> "$CALLS"\n');
  await chmod(path.join(bin, 'airflow'), 0o755);
  await run('bash', [SCRIPT], {
    env: { PATH: `${bin}:/usr/bin:/bin`, CALLS: log, AIRFLOW__CORE__DAGS_FOLDER: dagsFolder },
  });
  return (await readFile(log, 'utf8')).trim().split('\n');
}

describe('airflow-standalone.sh (the Airflow image command)', () => {
  it('creates every pool the committed DAG uses before starting standalone', async () => {
    const dag = await readFile(DAG_FILE, 'utf8');
    const used = [...new Set([...dag.matchAll(/pool="([^"]+)"/g)].map((m) => m[1]))].sort();
    expect(used.length).toBeGreaterThan(0);
    const calls = await airflowCalls(path.dirname(DAG_FILE));
    expect(calls[0]).toBe('db|migrate|');
    expect(calls.at(-1)).toBe('standalone|');
    const created = calls.filter((c) => c.startsWith('pools|set|')).map((c) => c.split('|')[2]);
    expect(created.sort()).toEqual(used);
  });

  it('takes slots from the DAG docstring and gives an undeclared pool one slot', async () => {
    const dags = await mkdtemp(path.join(tmpdir(), 'finplat-dags-'));
    try {
      await writeFile(
        path.join(dags, 'x.py'),
        '"""Pools:\n    finplat_wide  4  four at once\n"""\nA(pool="finplat_wide")\nB(pool="other_pool")\n',
      );
      const sets = (await airflowCalls(dags)).filter((c) => c.startsWith('pools|set|')).sort();
      expect(sets).toEqual(['pools|set|finplat_wide|4|four at once|', 'pools|set|other_pool|1|finplat|']);
    } finally {
      await rm(dags, { recursive: true, force: true });
    }
  });
});
