/** The real API on a bench database, with one registered user: what every API benchmark starts from. */
import { startServer, type RunningServer } from '../../src/index.ts';
import type { BenchDatabase } from './bench-database.ts';

export interface BenchApi {
  readonly server: RunningServer;
  /** `authorization: Bearer …` of the registered user */
  readonly auth: { readonly authorization: string };
}

export async function startBenchApi(bench: BenchDatabase): Promise<BenchApi> {
  const server = await startServer({
    databaseUrl: bench.db.url,
    config: { ...bench.config, LOG_LEVEL: 'error' },
    cwd: bench.workDir,
    port: 0,
    logger: false,
  });
  try {
    const register = await fetch(`${server.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `bench-${Date.now()}@example.com`,
        password: 'correct horse battery staple',
      }),
    });
    if (register.status !== 201)
      throw new Error(`register failed: ${register.status} ${await register.text()}`);
    const { accessToken } = (await register.json()) as { accessToken: string };
    return { server, auth: { authorization: `Bearer ${accessToken}` } };
  } catch (error) {
    await server.close();
    throw error;
  }
}
