import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, redactUrl, type Database } from './index.ts';

describe('openDatabase against the test run Postgres', () => {
  let db: Database;

  beforeAll(async () => {
    // With a URL the data directory is never touched.
    db = await openDatabase({
      databaseUrl: inject('databaseUrl'),
      dataDir: path.join(tmpdir(), 'finplat-unused'),
    });
  });

  afterAll(async () => {
    await db.close();
  });

  it('runs queries', async () => {
    const { rows } = await db.pool.query<{ version: string }>('select version()');
    expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
    expect(db.embedded).toBe(false);
  });

  it('round-trips numeric money exactly, as decimal strings', async () => {
    const { rows } = await db.pool.query<{ big: string; sum: string; same: boolean; param: string }>(
      `select '12345678901234.123456789'::numeric as big,
              0.1::numeric + 0.2::numeric as sum,
              0.1::numeric + 0.2::numeric = 0.3::numeric as same,
              $1::numeric as param`,
      ['-98765432109876.000000001'],
    );
    expect(rows[0]).toEqual({
      big: '12345678901234.123456789',
      sum: '0.3',
      same: true,
      param: '-98765432109876.000000001',
    });
  });

  it('rejects an unreachable URL naming host and port but not the password', async () => {
    const url = 'postgres://postgres:s3cret-pw@127.0.0.1:1/x';
    const error: unknown = await openDatabase({ databaseUrl: url, dataDir: tmpdir() }).then(
      () => new Error('expected openDatabase to reject'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('127.0.0.1:1');
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('s3cret-pw');
  });

  it('redacts passwords from URLs', () => {
    expect(redactUrl('postgres://u:pw@h:5/db')).toBe('postgres://u:***@h:5/db');
    expect(redactUrl('postgres://u@h/db')).toBe('postgres://u@h/db');
  });
});

describe('embedded Postgres', () => {
  it(
    'persists data across restarts, reuses the cluster, and guards its directory',
    { timeout: 120_000 },
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'finplat-db-test-'));
      try {
        const first = await openDatabase({ dataDir: dir });
        try {
          expect(first.embedded).toBe(true);
          expect(new URL(first.url).pathname).toBe('/finplat');
          await first.pool.query('create table holding (symbol text primary key, quantity numeric not null)');
          await first.pool.query(`insert into holding values ('ACME', '1234.5678')`);
          // A second server on a directory in use is refused with a clear reason.
          await expect(openDatabase({ dataDir: dir })).rejects.toThrow(
            /already running \(PID \d+, port \d+\)/,
          );
        } finally {
          await first.close();
        }
        const password = await readFile(path.join(dir, 'password'), 'utf8');

        // A crash can leave postmaster.pid naming a PID that is now some other live process.
        await writeFile(
          path.join(dir, 'data', 'postmaster.pid'),
          `${process.pid}\n${path.join(dir, 'data')}\n0\n5432\n`,
        );
        const lines: string[] = [];
        const second = await openDatabase({ dataDir: dir, log: (line) => lines.push(line) });
        try {
          expect(lines.some((line) => line.includes('removed stale'))).toBe(true);
          expect(lines.some((line) => line.includes('initialising'))).toBe(false);
          const { rows } = await second.pool.query<{ symbol: string; quantity: string }>(
            'select * from holding',
          );
          expect(rows).toEqual([{ symbol: 'ACME', quantity: '1234.5678' }]);
        } finally {
          await second.close();
          await second.close(); // idempotent
        }
        expect(await readFile(path.join(dir, 'password'), 'utf8')).toBe(password);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(process.getuid?.() !== 0)(
    'as root, keeps the cluster where the postgres user can reach it when the checkout is in a private folder',
    { timeout: 120_000 },
    async () => {
      const privateDir = await mkdtemp(path.join(tmpdir(), 'finplat-private-')); // mode 0700
      const home = path.join(privateDir, '.finplat', 'pg');
      let location = '';
      try {
        const db = await openDatabase({ dataDir: home });
        try {
          const { rows } = await db.pool.query<{ ok: number }>('select 1 as ok');
          expect(rows).toEqual([{ ok: 1 }]);
          location = (await readFile(path.join(home, 'DATA_LOCATION'), 'utf8')).split('\n')[0] ?? '';
          expect(location).toMatch(/^\/var\/lib\/finplat\/pg-[0-9a-f]{12}\/data$/);
          const { rows: dirRows } = await db.pool.query<{ setting: string }>(
            `select setting from pg_settings where name = 'data_directory'`,
          );
          expect(dirRows[0]?.setting).toBe(location);
        } finally {
          await db.close();
        }
      } finally {
        await rm(privateDir, { recursive: true, force: true });
        if (location !== '') await rm(path.dirname(location), { recursive: true, force: true });
      }
    },
  );
});
