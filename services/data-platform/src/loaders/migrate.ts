/** The gold schema's migrations: this folder's `migrations/`, run by the shared runner in @finplat/db. */
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { migrate as runMigrations, type MigrateOptions, type MigrateResult } from '@finplat/db';

export { MigrationError, readMigrations } from '@finplat/db';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export function migrate(pool: pg.Pool, options: Partial<MigrateOptions> = {}): Promise<MigrateResult> {
  return runMigrations(pool, { ...options, directory: options.directory ?? MIGRATIONS_DIR });
}
