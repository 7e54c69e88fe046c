/**
 * A real API over a real throwaway database: the gold migration of the data platform (run through
 * the shared @finplat/db runner, as its SQL file: app-api code never imports data-platform code), the
 * app's own migrations, a small hand-made gold fixture, and buildApp with a controllable clock.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { migrate } from '@finplat/db';
import { createTestDatabase, type TestDatabase } from '@finplat/db/testing';
import { buildApp, type RouteInfo } from '../../src/app.ts';
import { migrateApp } from '../../src/db/migrate.ts';
import { closePools, createPools, type DatabasePools } from '../../src/db/pools.ts';
import { DEFAULT_RATE_LIMITS, type ApiSettings } from '../../src/settings.ts';
import { seedGold } from './gold-fixture.ts';

export const GOLD_MIGRATIONS_DIR = fileURLToPath(
  new URL('../../../data-platform/src/loaders/migrations/', import.meta.url),
);

export interface Harness {
  readonly app: FastifyInstance;
  readonly routes: readonly RouteInfo[];
  readonly db: TestDatabase;
  readonly pools: DatabasePools;
  readonly settings: ApiSettings;
  readonly clock: { now: Date };
  close(): Promise<void>;
}

export function testSettings(overrides: Partial<ApiSettings> = {}): ApiSettings {
  return {
    jwtSecret: new TextEncoder().encode('test-secret-test-secret-test-secret-0123456789'),
    issuer: 'finplat',
    audience: 'finplat-api',
    accessTokenTtlSeconds: 900,
    refreshTokenTtlDays: 30,
    cookieSecure: true,
    corsOrigins: ['http://localhost:5173'],
    benchmarkSymbol: 'SPY',
    rateLimits: DEFAULT_RATE_LIMITS,
    ...overrides,
  };
}

export async function startHarness(
  options: { settings?: Partial<ApiSettings>; seed?: boolean; webRoot?: string } = {},
): Promise<Harness> {
  const db = await createTestDatabase(inject('databaseUrl'));
  await migrate(db.pool, { directory: GOLD_MIGRATIONS_DIR });
  if (options.seed !== false) await seedGold(db.pool);
  const pools = createPools(db.url, { max: 4 });
  await migrateApp(pools.app);
  const clock = { now: new Date('2024-02-01T12:00:00Z') };
  const settings = testSettings(options.settings);
  const { app, routes } = await buildApp({
    pools,
    settings,
    clock: () => clock.now,
    ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
  });
  return {
    app,
    routes,
    db,
    pools,
    settings,
    clock,
    close: async () => {
      await app.close();
      await closePools(pools);
      await db.drop();
    },
  };
}

export interface Client {
  readonly email: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly headers: { authorization: string };
}

let counter = 0;
export async function signUp(
  app: FastifyInstance,
  email = `user${++counter}-${Date.now()}@example.com`,
  password = 'correct horse battery staple',
): Promise<Client> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email, password },
  });
  if (response.statusCode !== 201)
    throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  const body = response.json<{ accessToken: string; refreshToken: string }>();
  return {
    email,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    headers: { authorization: `Bearer ${body.accessToken}` },
  };
}
