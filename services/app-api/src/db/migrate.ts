/** The API's own migrations (schema app): this folder's `migrations/`, ledger public.app_migrations. */
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { migrate, type MigrateResult } from '@finplat/db';

export const APP_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
export const APP_MIGRATIONS_LEDGER = 'app_migrations';

export function migrateApp(pool: pg.Pool, log?: (line: string) => void): Promise<MigrateResult> {
  return migrate(pool, {
    directory: APP_MIGRATIONS_DIR,
    ledger: APP_MIGRATIONS_LEDGER,
    ...(log === undefined ? {} : { log }),
  });
}
