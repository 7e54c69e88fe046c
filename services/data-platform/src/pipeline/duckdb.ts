import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** A DuckDB session for one transform run: in-memory catalog, spilling to `tempDir` when needed. */
export interface DuckSession {
  readonly connection: DuckDBConnection;
  /** Another connection to the same database, for a query that runs beside the main one. */
  connect(): Promise<DuckDBConnection>;
  run(sql: string): Promise<void>;
  all<T extends Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): void;
}

/**
 * DuckDB's share of the pipeline's 1.5 GiB budget. Measured (bench:pipeline, 5,000 symbols): with
 * 1 GB the process peaked at 1,598-1,932 MiB, with 768 MB at 1,440 MiB and the same speed; what
 * DuckDB allocates outside its buffer pool comes on top of this limit.
 */
export const DEFAULT_MEMORY_LIMIT = '768MB';

export async function openDuckSession(options: {
  tempDir: string;
  memoryLimit?: string;
  threads?: number;
}): Promise<DuckSession> {
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
    threads: String(options.threads ?? 2),
    temp_directory: options.tempDir,
    // Never reach for the network (extension auto-install); json and parquet are built in.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  // Dates and timestamps are computed in explicit zones; the session itself stays in UTC.
  await connection.run(`SET TimeZone = 'UTC'`);
  // Models define their own order (ORDER BY where it matters); not preserving it lets DuckDB stream with less memory.
  await connection.run('SET preserve_insertion_order = false');
  const extra: DuckDBConnection[] = [];
  return {
    connection,
    async connect() {
      const another = await instance.connect();
      await another.run(`SET TimeZone = 'UTC'`);
      extra.push(another);
      return another;
    },
    async run(sql) {
      await connection.run(sql);
    },
    async all<T extends Record<string, unknown>>(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as T[];
    },
    close() {
      for (const another of extra) another.closeSync();
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
