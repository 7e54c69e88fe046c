/**
 * Test isolation: every test file gets its own database on the test run's Postgres, because the
 * migrations create schema `gold` and the ledger in `public`. (The role finplat_app is cluster-wide
 * by nature and is left in place; 0001 tolerates that.)
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly pool: pg.Pool;
  /** A pool of its own, e.g. for readers that must not compete with the loader for connections. */
  newPool(max?: number): pg.Pool;
  drop(): Promise<void>;
}

export async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `finplat_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, async (admin) => {
    // template0 + UTF8: the checksum hashes text as UTF-8 bytes, whatever the cluster default is.
    await admin.query(
      `create database ${name} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`,
    );
  });
  const url = withDatabase(adminUrl, name);
  const pools: pg.Pool[] = [];
  const newPool = (max = 10): pg.Pool => {
    const pool = new pg.Pool({ connectionString: url, max, application_name: 'finplat-test' });
    // Tests terminate backends on purpose; an idle client hearing about it must not crash the worker.
    pool.on('error', () => undefined);
    pools.push(pool);
    return pool;
  };
  const pool = newPool();
  return {
    name,
    url,
    pool,
    newPool,
    drop: async () => {
      await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
      await withAdmin(adminUrl, async (admin) => {
        await admin.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withAdmin(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
