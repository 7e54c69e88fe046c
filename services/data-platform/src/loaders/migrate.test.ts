import { appendFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { MIGRATIONS_DIR, MigrationError, migrate, readMigrations } from './migrate.ts';
import { createTestDatabase, type TestDatabase } from '@finplat/db/testing';

describe('migrate', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase(inject('databaseUrl'));
  });
  afterAll(async () => {
    await db.drop();
  });

  beforeEach(async () => {
    // Each test migrates a copy of the real folder in a fresh schema state of the same database.
    dir = await mkdtemp(path.join(tmpdir(), 'finplat-migrations-'));
    // The runner's mechanics are exercised on 0001 alone, so later real migrations don't shift the
    // versions these tests add; the first test applies the real folder whole.
    await cp(path.join(MIGRATIONS_DIR, '0001_gold_schema.sql'), path.join(dir, '0001_gold_schema.sql'));
    await db.pool.query(
      'drop schema if exists gold cascade; drop schema if exists ops cascade; drop table if exists public.finplat_migrations',
    );
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('applies every migration once, records it, and is a no-op the second time', async () => {
    const files = (await readMigrations(MIGRATIONS_DIR)).map((m) => m.file);
    expect(files.slice(0, 2)).toEqual(['0001_gold_schema.sql', '0002_ops_schema.sql']);
    expect(await migrate(db.pool)).toEqual({ applied: files, alreadyApplied: 0 });
    expect(await migrate(db.pool)).toEqual({ applied: [], alreadyApplied: files.length });
    const { rows } = await db.pool.query<{ version: number; name: string; sha256: string }>(
      'select version, name, sha256 from public.finplat_migrations order by version',
    );
    expect(rows).toEqual(
      (await readMigrations(MIGRATIONS_DIR)).map(({ version, name, sha256 }) => ({ version, name, sha256 })),
    );
  });

  it('lets concurrent runners apply each migration exactly once', async () => {
    const results = await Promise.all([1, 2, 3].map(() => migrate(db.pool, { directory: dir })));
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 1]);
  });

  it('applies new files later, in order, each in its own transaction', async () => {
    await migrate(db.pool, { directory: dir });
    await writeFile(path.join(dir, '0002_add_note.sql'), 'create table gold.note (id int primary key);\n');
    await writeFile(path.join(dir, '0003_broken.sql'), 'create table gold.other (id int);\nselect 1/0;\n');
    await expect(migrate(db.pool, { directory: dir })).rejects.toThrow(
      /0003_broken\.sql failed: division by zero/,
    );
    const { rows } = await db.pool.query<{ version: number }>(
      'select version from public.finplat_migrations order by 1',
    );
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
    const { rows: tables } = await db.pool.query<{ n: string }>(
      `select count(*)::text as n from pg_tables where schemaname = 'gold' and tablename = 'other'`,
    );
    expect(tables[0]?.n).toBe('0'); // rolled back with its failed migration
    // The new table is readable by the app role through the default privileges of 0001.
    const { rows: grants } = await db.pool.query<{ ok: boolean }>(
      `select has_table_privilege('finplat_app', 'gold.note', 'select') as ok`,
    );
    expect(grants[0]?.ok).toBe(true);
  });

  it('refuses to run when an applied file changed, naming the file', async () => {
    await migrate(db.pool, { directory: dir });
    await appendFile(path.join(dir, '0001_gold_schema.sql'), '\n-- an innocent-looking edit\n');
    await writeFile(path.join(dir, '0002_next.sql'), 'create table gold.next (id int);\n');
    const error: unknown = await migrate(db.pool, { directory: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(
      /Migration 0001_gold_schema\.sql was changed after it was applied/,
    );
    const { rows } = await db.pool.query<{ n: string }>(
      'select count(*)::text as n from public.finplat_migrations',
    );
    expect(rows[0]?.n).toBe('1'); // 0002 was not applied either
  });

  it('does not count a CRLF checkout as a change', async () => {
    await migrate(db.pool, { directory: dir });
    const file = path.join(dir, '0001_gold_schema.sql');
    const [migration] = await readMigrations(dir);
    await writeFile(file, (migration?.sql ?? '').replace(/\n/g, '\r\n'));
    expect((await migrate(db.pool, { directory: dir })).applied).toEqual([]);
  });

  it('refuses a folder that lost an applied migration or has a badly named or numbered file', async () => {
    await migrate(db.pool, { directory: dir });
    await db.pool.query(
      `insert into public.finplat_migrations (version, name, sha256) values (2, 'gone', 'x')`,
    );
    await expect(migrate(db.pool, { directory: dir })).rejects.toThrow(
      /Applied migration 0002_gone\.sql is missing/,
    );
    await writeFile(path.join(dir, '0003_skip.sql'), 'select 1;\n');
    await expect(readMigrations(dir)).rejects.toThrow(/0003_skip\.sql" should have version 2/);
    await rm(path.join(dir, '0003_skip.sql'));
    await writeFile(path.join(dir, '2_bad.sql'), 'select 1;\n');
    await expect(readMigrations(dir)).rejects.toThrow(/"2_bad\.sql" is not named NNNN_lower_snake\.sql/);
  });

  it('gives finplat_app SELECT on gold and nothing else', async () => {
    await migrate(db.pool, { directory: dir });
    await db.pool.query(
      `insert into gold.fx_rates values ('2024-01-02', 'EUR', 1.1, 1, '2024-01-02', false, 'r1')`,
    );
    const client = await db.pool.connect();
    try {
      await client.query('begin');
      await client.query('set local role finplat_app');
      const { rows } = await client.query<{ currency: string }>('select currency from gold.fx_rates');
      expect(rows).toEqual([{ currency: 'EUR' }]);
      await client.query('select count(*) from gold.load_log');
      await client.query('savepoint s');
      await expect(
        client.query(
          `insert into gold.fx_rates values ('2024-01-03', 'EUR', 1.1, 1, '2024-01-03', false, 'r1')`,
        ),
      ).rejects.toThrow(/permission denied for table fx_rates/);
      await client.query('rollback to savepoint s');
      await expect(client.query('delete from gold.daily_prices')).rejects.toThrow(/permission denied/);
      await client.query('rollback to savepoint s');
      await expect(client.query('create table gold.mine (id int)')).rejects.toThrow(
        /permission denied for schema gold/,
      );
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('tolerates the cluster-wide role already existing (another database migrated first)', async () => {
    await db.pool.query(
      `do $$ begin create role finplat_app nologin; exception when duplicate_object then null; end $$`,
    );
    expect((await migrate(db.pool, { directory: dir })).applied).toEqual(['0001_gold_schema.sql']);
  });
});
