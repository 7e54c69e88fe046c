/** Small gold Parquet files for tests, written by DuckDB with exactly the contract's types. */
import { writeFile } from 'node:fs/promises';
import { TYPE_MAP, goldTable } from '../../marts/gold-tables.ts';
import { openDuck } from '../parquet.ts';
import { quoteIdent, quoteLiteral } from '../sql.ts';

/** Values as text (decimals and doubles exactly as written, `nan`/`inf` allowed) or null. */
export type TestRow = Readonly<Record<string, string | number | boolean | null>>;

/**
 * Writes `rows` of gold table `name` to `file`. Values go through JSON as strings and are cast by
 * DuckDB from VARCHAR, which is exact for decimals and correctly rounded for doubles. Columns not
 * given are null.
 */
export async function writeGoldParquet(file: string, name: string, rows: readonly TestRow[]): Promise<void> {
  const table = goldTable(name);
  const jsonFile = `${file}.jsonl`;
  const lines = rows.map((row) =>
    JSON.stringify(
      Object.fromEntries(
        table.columns.map((c) => [c.name, row[c.name] == null ? null : String(row[c.name])]),
      ),
    ),
  );
  await writeFile(jsonFile, lines.join('\n') + '\n');
  const columns = table.columns.map((c) => `${quoteLiteral(c.name)}: 'VARCHAR'`).join(', ');
  const select = table.columns
    .map((c) => `CAST(${quoteIdent(c.name)} AS ${TYPE_MAP[c.type].duckdb}) AS ${quoteIdent(c.name)}`)
    .join(', ');
  await runDuck(
    `COPY (SELECT ${select} FROM read_json(${quoteLiteral(jsonFile)}, format = 'newline_delimited', columns = {${columns}})) ` +
      `TO ${quoteLiteral(file)} (FORMAT parquet)`,
  );
}

/**
 * A synthetic gold.daily_prices file of `rows` rows (symbols × days); `version` shifts every price so
 * two versions differ in every row, count and sum(close) included (`rows + version` rows).
 */
export async function writeDailyPrices(file: string, rows: number, version: number): Promise<void> {
  const n = rows + version;
  await runDuck(`COPY (
    SELECT 'S' || lpad((i % 500)::VARCHAR, 4, '0') AS symbol,
           (DATE '1990-01-01' + (i // 500)::INTEGER) AS dt,
           CAST(100 + (i % 977) / 7.0 + ${version} AS DECIMAL(38,12)) AS open,
           CAST(101 + (i % 977) / 7.0 + ${version} AS DECIMAL(38,12)) AS high,
           CAST(99 + (i % 977) / 7.0 + ${version} AS DECIMAL(38,12)) AS low,
           CAST(100.5 + (i % 977) / 7.0 + ${version} AS DECIMAL(38,12)) AS close,
           CAST(100.25 + (i % 977) / 7.0 + ${version} AS DECIMAL(38,12)) AS adj_close,
           CAST(i * 13 % 1000003 AS BIGINT) AS volume,
           CASE WHEN i % 3 = 0 THEN 'GBP' ELSE 'USD' END AS currency,
           CAST(120.5 + (i % 977) / 9.0 AS DECIMAL(38,12)) AS close_usd,
           CASE WHEN i < 500 THEN NULL ELSE ((i % 101) - 50) / 3333.0 END AS ret_1d,
           (i % 977) / 7.0 + 0.1 AS sma_20,
           (i % 977) / 7.0 + 0.2 AS sma_50,
           CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 977) / 7.0 + 0.3 END AS sma_200,
           sqrt(i % 97) / 10 AS vol_30d,
           -((i % 89) / 100.0)::DOUBLE AS drawdown,
           CAST(150 + (i % 977) / 7.0 AS DECIMAL(38,12)) AS high_52w,
           CAST(50 + (i % 977) / 7.0 AS DECIMAL(38,12)) AS low_52w,
           'run-v${version}' AS _run_id
      FROM range(${n}) AS t(i)) TO ${quoteLiteral(file)} (FORMAT parquet)`);
}

async function runDuck(sql: string): Promise<void> {
  const duck = await openDuck();
  try {
    await duck.connection.run(sql);
  } finally {
    duck.close();
  }
}
