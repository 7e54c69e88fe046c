// The migrations are hand-written SQL and gold-tables.ts is the contract: this test is what keeps the
// two from drifting. It reads the migrated database's information_schema, not the SQL text.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GOLD_TABLES, TYPE_MAP } from '../marts/gold-tables.ts';
import { migrate } from './migrate.ts';
import { createTestDatabase, type TestDatabase } from '@finplat/db/testing';

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  numeric_precision: number | null;
  numeric_scale: number | null;
  is_nullable: 'YES' | 'NO';
}

/** information_schema's spelling back to the contract's Postgres spelling (numeric(p,s)). */
function postgresType(row: ColumnRow): string {
  return row.data_type === 'numeric'
    ? `numeric(${row.numeric_precision},${row.numeric_scale})`
    : row.data_type;
}

describe('gold schema after migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(inject('databaseUrl'));
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('has exactly the contract tables plus load_log', async () => {
    const { rows } = await db.pool.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'gold' order by table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([...GOLD_TABLES.map((t) => t.name), 'load_log'].sort());
  });

  it.each(GOLD_TABLES.map((t) => [t.name, t] as const))(
    'gold.%s matches gold-tables.ts',
    async (name, table) => {
      const { rows } = await db.pool.query<ColumnRow>(
        `select table_name, column_name, data_type, numeric_precision, numeric_scale, is_nullable
         from information_schema.columns where table_schema = 'gold' and table_name = $1
        order by ordinal_position`,
        [name],
      );
      expect(
        rows.map((r) => ({ name: r.column_name, type: postgresType(r), nullable: r.is_nullable === 'YES' })),
      ).toEqual(
        table.columns.map((c) => ({ name: c.name, type: TYPE_MAP[c.type].postgres, nullable: c.nullable })),
      );
      const { rows: key } = await db.pool.query<{ column_name: string }>(
        `select k.column_name
         from information_schema.table_constraints c
         join information_schema.key_column_usage k
           on k.constraint_schema = c.constraint_schema and k.constraint_name = c.constraint_name
        where c.table_schema = 'gold' and c.table_name = $1 and c.constraint_type = 'PRIMARY KEY'
        order by k.ordinal_position`,
        [name],
      );
      expect(key.map((k) => k.column_name)).toEqual(table.key);
    },
  );

  it('has the load_log the loader writes', async () => {
    const { rows } = await db.pool.query<ColumnRow>(
      `select table_name, column_name, data_type, numeric_precision, numeric_scale, is_nullable
         from information_schema.columns where table_schema = 'gold' and table_name = 'load_log'
        order by ordinal_position`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.column_name, postgresType(r)]))).toEqual({
      id: 'bigint',
      run_id: 'text',
      dt: 'date',
      table_name: 'text',
      rows: 'bigint',
      checksum: 'text',
      started_at: 'timestamp with time zone',
      finished_at: 'timestamp with time zone',
      status: 'text',
      error: 'text',
      sources: 'text',
    });
  });
});
