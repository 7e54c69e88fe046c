export { buildApp, type AppDeps, type RouteInfo } from './app.ts';
export { startServer, type RunningServer, type StartServerOptions } from './server.ts';
export { createPools, closePools, type DatabasePools } from './db/pools.ts';
export { migrateApp, APP_MIGRATIONS_DIR, APP_MIGRATIONS_LEDGER } from './db/migrate.ts';
export { resolveSettings, type ApiSettings } from './settings.ts';
export { hasWebBuild } from './http/web-client.ts';
