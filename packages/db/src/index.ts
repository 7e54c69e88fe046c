export {
  openDatabase,
  redactUrl,
  DatabaseError,
  type DatabaseErrorCode,
  EMBEDDED_DATABASE_NAME,
  type Database,
  type OpenDatabaseOptions,
} from './database.ts';
export {
  migrate,
  readMigrations,
  MigrationError,
  type Migration,
  type MigrateOptions,
  type MigrateResult,
} from './migrate.ts';
