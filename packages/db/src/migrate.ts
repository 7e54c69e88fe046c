/**
 * Forward-only SQL migrations: `NNNN_name.sql` files, applied in version order, each in its own
 * transaction together with its ledger row (`public.finplat_migrations` for the data platform's gold
 * schema; each service passes its own folder and ledger), so a migration is either
 * fully applied and recorded or not at all. A session advisory lock serialises concurrent runners
 * (two deploys, two test workers on one database). An applied file whose SHA-256 changed stops the
 * run: the database no longer matches the reviewed SQL, and silently moving on would hide that.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';

/** pg_advisory_lock key of the runner ('finplat-migrate' folded into an int8; any constant would do). */
const MIGRATION_LOCK_KEY = 7_165_330_772_109_846_016n;
const LEDGER_PATTERN = /^[a-z_][a-z0-9_]*$/;
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly file: string;
  readonly sql: string;
  readonly sha256: string;
}

export interface MigrateOptions {
  /** Folder of `NNNN_name.sql` files. */
  readonly directory: string;
  /** Ledger table in schema public; one per migration folder. Default `finplat_migrations`. */
  readonly ledger?: string;
  /** Bounds each migration's waits for table locks, so DDL never queues readers behind it for long. */
  readonly lockTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface MigrateResult {
  /** File names applied by this call, in order. */
  readonly applied: readonly string[];
  /** Number of migrations that were already applied. */
  readonly alreadyApplied: number;
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Reads and checks the migration folder: names, contiguous versions from 1, no duplicates. */
export async function readMigrations(directory: string): Promise<Migration[]> {
  const files = (await readdir(directory)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match?.[1] || !match[2]) {
      throw new MigrationError(`Migration file "${file}" is not named NNNN_lower_snake.sql`);
    }
    const version = Number(match[1]);
    if (version !== migrations.length + 1) {
      throw new MigrationError(`Migration "${file}" should have version ${migrations.length + 1}`);
    }
    const sql = await readFile(path.join(directory, file), 'utf8');
    migrations.push({ version, name: match[2], file, sql, sha256: sha256(sql) });
  }
  return migrations;
}

/**
 * The checksum of a migration file. Line endings are normalised so that a checkout converting LF to
 * CRLF does not look like an edited migration; any other byte change does.
 */
export function sha256(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

export async function migrate(pool: pg.Pool, options: MigrateOptions): Promise<MigrateResult> {
  const migrations = await readMigrations(options.directory);
  const ledger = options.ledger ?? 'finplat_migrations';
  if (!LEDGER_PATTERN.test(ledger))
    throw new MigrationError(`Ledger name "${ledger}" is not lower_snake_case`);
  const lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error): void => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      await client.query(`create table if not exists public.${ledger} (
        version integer primary key,
        name text not null,
        sha256 text not null,
        applied_at timestamptz not null default now())`);
      const applied = await appliedVersions(client, ledger);
      checkApplied(migrations, applied);
      const pending = migrations.filter((m) => !applied.has(m.version));
      for (const migration of pending) {
        await applyOne(client, ledger, migration, lockTimeoutMs);
        options.log?.(`migration ${migration.file} applied`);
      }
      return { applied: pending.map((m) => m.file), alreadyApplied: applied.size };
    } finally {
      // If this fails the connection is gone, and with it the session lock.
      await client
        .query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()])
        .catch((e: unknown) => {
          broken ??= toError(e);
        });
    }
  } catch (error) {
    if (!(error instanceof MigrationError)) broken ??= toError(error);
    throw error;
  } finally {
    client.off('error', onError);
    // A connection that failed mid-way is not handed back to the pool: its state is unknown.
    client.release(broken);
  }
}

async function appliedVersions(
  client: pg.PoolClient,
  ledger: string,
): Promise<Map<number, { name: string; sha256: string }>> {
  const { rows } = await client.query<{ version: number; name: string; sha256: string }>(
    `select version, name, sha256 from public.${ledger} order by version`,
  );
  return new Map(rows.map((r) => [r.version, { name: r.name, sha256: r.sha256 }]));
}

/** Every applied migration must still exist with identical content; nothing pending may precede one. */
function checkApplied(
  migrations: readonly Migration[],
  applied: Map<number, { name: string; sha256: string }>,
): void {
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  for (const [version, row] of applied) {
    const file = byVersion.get(version);
    const label = `${String(version).padStart(4, '0')}_${row.name}.sql`;
    if (!file) throw new MigrationError(`Applied migration ${label} is missing from the migrations folder`);
    if (file.sha256 !== row.sha256) {
      throw new MigrationError(
        `Migration ${file.file} was changed after it was applied (sha256 ${row.sha256} applied, ` +
          `${file.sha256} on disk). Migrations are forward-only: restore the file and add a new one.`,
      );
    }
  }
  const maxApplied = Math.max(0, ...applied.keys());
  // Versions are contiguous from 1 (readMigrations), so a gap below maxApplied means the ledger
  // holds versions this folder has never had: refuse rather than guess.
  for (const m of migrations) {
    if (m.version < maxApplied && !applied.has(m.version)) {
      throw new MigrationError(
        `Migration ${m.file} is older than applied version ${maxApplied} but not applied`,
      );
    }
  }
}

async function applyOne(
  client: pg.PoolClient,
  ledger: string,
  migration: Migration,
  lockTimeoutMs: number,
): Promise<void> {
  await client.query('begin');
  try {
    await client.query(`set local lock_timeout = ${Math.max(0, Math.trunc(lockTimeoutMs))}`);
    await client.query(migration.sql);
    await client.query(`insert into public.${ledger} (version, name, sha256) values ($1, $2, $3)`, [
      migration.version,
      migration.name,
      migration.sha256,
    ]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw new MigrationError(`Migration ${migration.file} failed: ${toError(error).message}`, {
      cause: error,
    });
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
