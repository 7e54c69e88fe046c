/**
 * buildApp: infrastructure (validation, errors, security headers, CORS, cookies, OpenAPI), then the
 * services, then the routes. Every route under /api/v1 requires a valid access token unless it is
 * marked `config: { public: true }`: a new route is private by default.
 */
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { createDatabases, type DatabasePools } from './db/pools.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { AppError } from './http/errors.ts';
import { GoldVersion, MarketCache } from './http/market-cache.ts';
import { registerSecurity } from './http/security.ts';
import type { App } from './http/types.ts';
import { authRoutes } from './routes/auth.ts';
import type { RouteContext } from './routes/context.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { healthRoutes } from './routes/health.ts';
import { marketRoutes } from './routes/market.ts';
import { meRoutes } from './routes/me.ts';
import { portfolioRoutes } from './routes/portfolios.ts';
import { watchlistRoutes } from './routes/watchlists.ts';
import { AuthService } from './services/auth/auth.service.ts';
import { verifyAccessToken } from './services/auth/tokens.ts';
import { MarketService } from './services/market.service.ts';
import { PortfolioService } from './services/portfolio/portfolio.service.ts';
import { WatchlistService } from './services/watchlist.service.ts';
import type { ApiSettings } from './settings.ts';
import { registerWebClient } from './http/web-client.ts';

export interface AppDeps {
  readonly pools: DatabasePools;
  readonly settings: ApiSettings;
  /** Injected so tests can freeze or move time (token expiry, rate-limit windows). */
  readonly clock?: () => Date;
  readonly logger?: FastifyServerOptions['logger'];
  /** A web client build (index.html + assets/) to serve on the same origin; none by default. */
  readonly webRoot?: string;
}

export interface RouteInfo {
  readonly method: string;
  readonly url: string;
  readonly public: boolean;
}

const JSON_BODY_LIMIT = 64 * 1024;
const API_VERSION = '1.0.0';

export async function buildApp(deps: AppDeps): Promise<{ app: App; routes: readonly RouteInfo[] }> {
  const clock = deps.clock ?? (() => new Date());
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: JSON_BODY_LIMIT,
    genReqId: () => randomUUID(),
    requestIdHeader: false, // a client-chosen request id would make log lines forgeable
    return503OnClosing: true,
    // One line per request only at LOG_LEVEL=debug (below): at the default level `npm start` would
    // print two JSON lines per request between the run's summary and the URL; errors still log.
    disableRequestLogging: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, url: request.url, statusCode: reply.statusCode, ms: reply.elapsedTime },
      'request completed',
    );
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.removeContentTypeParser('text/plain'); // JSON (and text/csv on the import) only: others get 415
  app.decorateRequest('userId', '');

  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, public: route.config?.public === true });
    }
  });

  registerErrorHandling(app);
  registerSecurity(app, deps.settings.corsOrigins);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'fin-platform API',
        version: API_VERSION,
        description:
          'Market data from gold, portfolios with decimal-exact performance math, watchlists. Money and quantities are decimal strings; returns are numbers. Errors: { error: { code, message, details? } }.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (url === undefined || !url.startsWith('/api/v1/') || request.routeOptions.config.public === true)
      return;
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(request.headers.authorization ?? '');
    if (!match?.[1])
      throw new AppError('UNAUTHENTICATED', 'Send an access token: Authorization: Bearer <accessToken>');
    request.userId = await verifyAccessToken(match[1], deps.settings, clock());
  });

  const dbs = createDatabases(deps.pools);
  const goldVersion = new GoldVersion(dbs.gold);
  const ctx: RouteContext = {
    dbs,
    settings: deps.settings,
    clock,
    auth: new AuthService({ db: dbs.app, settings: deps.settings, clock }),
    market: new MarketService(dbs.gold, deps.settings.benchmarkSymbol),
    marketCache: new MarketCache(goldVersion),
    goldVersion,
    portfolios: new PortfolioService({
      app: dbs.app,
      gold: dbs.gold,
      clock,
      benchmarkSymbol: deps.settings.benchmarkSymbol,
      goldVersion,
    }),
    watchlists: new WatchlistService(dbs.app, dbs.gold),
  };

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());
  healthRoutes(app, ctx);
  authRoutes(app, ctx);
  meRoutes(app, ctx);
  marketRoutes(app, ctx);
  portfolioRoutes(app, ctx);
  watchlistRoutes(app, ctx);
  dashboardRoutes(app, ctx);
  if (deps.webRoot !== undefined) await registerWebClient(app, deps.webRoot);
  await app.ready();
  return { app, routes };
}
