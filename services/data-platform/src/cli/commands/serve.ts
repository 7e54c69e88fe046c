import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '@finplat/config';
import { openDatabase, type Database } from '@finplat/db';
import { hasWebBuild, startServer } from '@finplat/app-api';
import { migrate } from '../../loaders/migrate.ts';
import { parseFlags, parsePort } from '../usage.ts';
import type { CommandIo } from './io.ts';

export const SERVE_USAGE = `Usage: finplat serve [--port N] [--host H]

Starts the API (services/app-api) on the database: the gold schema is migrated first (so the API
starts even before the first load; /readyz says whether gold is loaded), then the API's own schema.
The web client's build (services/frontend/dist, \`npm run build\`) is served on the same origin.
Docs: <url>/api/docs, OpenAPI: <url>/api/v1/openapi.json. Stops on Ctrl-C.

Options:
  --port  TCP port (default: PORT, else 8080; 0 picks a free port)
  --host  interface to listen on (default 127.0.0.1; 0.0.0.0 in a container)
  --help  this text`;

const flags = {
  port: { type: 'string' },
  host: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The web client's production build in this checkout (`npm run build` writes it). */
export const WEB_ROOT = fileURLToPath(new URL('../../../../frontend/dist/', import.meta.url));

/**
 * Serves the API (and the web client when built) on an open database until `until` settles. Shared
 * by `serve` and `start`, which ends with it.
 */
export async function serveUntil(
  db: Database,
  config: Config,
  io: CommandIo,
  options: { port: number; host?: string; until: Promise<void> },
): Promise<void> {
  await migrate(db.pool);
  const web = hasWebBuild(WEB_ROOT);
  const server = await startServer({
    databaseUrl: db.url,
    config,
    cwd: io.cwd,
    port: options.port,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(web ? { webRoot: WEB_ROOT } : {}),
  });
  io.stdout(
    `fin-platform is at ${server.url} (API docs: ${server.url}/api/docs)` +
      (web ? '' : '; the web client is not built: run `npm run build` for it'),
  );
  try {
    await options.until;
  } finally {
    await server.close();
    io.stderr('API stopped');
  }
}

export async function serveCommand(argv: string[], io: CommandIo, until: Promise<void>): Promise<number> {
  const { values } = parseFlags(argv, flags, SERVE_USAGE);
  if (values.help) {
    io.stdout(SERVE_USAGE);
    return 0;
  }
  const config = loadConfig();
  const port = values.port === undefined ? config.PORT : parsePort(values.port, SERVE_USAGE);
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: path.resolve(io.cwd, config.FINPLAT_HOME, 'pg'),
  });
  try {
    await serveUntil(db, config, io, {
      port,
      ...(values.host === undefined ? {} : { host: values.host }),
      until,
    });
    return 0;
  } finally {
    await db.close();
  }
}
