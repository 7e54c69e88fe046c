/**
 * startServer: pools on the database URL, the app's migrations, a check that gold reads really run
 * as the read-only role, then listen. `close()` stops accepting, drains, and ends the pools.
 */
import type { Config } from '@finplat/config';
import { buildApp } from './app.ts';
import { migrateApp } from './db/migrate.ts';
import { closePools, createPools, verifyGoldRole } from './db/pools.ts';
import { resolveSettings } from './settings.ts';

export interface StartServerOptions {
  /** A reachable Postgres URL (e.g. `openDatabase(...).url`) whose gold schema is migrated. */
  readonly databaseUrl: string;
  readonly config: Config;
  /** Where FINPLAT_HOME is resolved from (the JWT key file lives there when JWT_SECRET is unset). */
  readonly cwd: string;
  readonly port?: number;
  readonly host?: string;
  readonly log?: (line: string) => void;
  /** Serve this web client build on the same origin (see http/web-client.ts). */
  readonly webRoot?: string;
  readonly logger?: boolean;
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const pools = createPools(options.databaseUrl);
  try {
    await migrateApp(pools.app, options.log);
    await verifyGoldRole(pools.gold);
    const settings = await resolveSettings(options.config, options.cwd);
    const { app } = await buildApp({
      pools,
      settings,
      logger: options.logger ?? { level: options.config.LOG_LEVEL },
      ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
    });
    const address = await app.listen({
      port: options.port ?? options.config.PORT,
      host: options.host ?? '127.0.0.1',
    });
    let closed = false;
    return {
      url: address,
      close: async () => {
        if (closed) return;
        closed = true;
        await app.close();
        await closePools(pools);
      },
    };
  } catch (error) {
    await closePools(pools).catch(() => undefined);
    throw error;
  }
}
