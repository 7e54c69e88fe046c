import type { Config } from '@finplat/config';
import { createFxSource } from '../ingestion/fx/client.ts';
import { createOpenFigiSource } from '../ingestion/openfigi/client.ts';
import { createSecSource } from '../ingestion/sec/client.ts';
import type { Source, SourceName } from '../ingestion/source.ts';
import { createYahooSource } from '../ingestion/yahoo/client.ts';
import type { Endpoints } from './endpoints.ts';

export interface SourceTuning {
  /** `true` disables client-side rate limits (benchmarks against the sandbox only). */
  readonly unlimited?: boolean;
}

export function buildSource(
  name: SourceName,
  config: Config,
  endpoints: Endpoints,
  tuning: SourceTuning = {},
): Source {
  const timeoutMs = config.FINPLAT_HTTP_TIMEOUT_MS;
  const off = tuning.unlimited === true ? { requestsPerSecond: null } : {};
  switch (name) {
    case 'yahoo':
      return createYahooSource({
        baseUrl: endpoints.yahoo,
        timeoutMs,
        ...off,
        ...(tuning.unlimited ? { concurrency: 16 } : {}),
      });
    case 'sec':
      return createSecSource({
        dataBaseUrl: endpoints.secData,
        wwwBaseUrl: endpoints.secWww,
        userAgent: endpoints.secUserAgent,
        timeoutMs,
        requestsPerSecond: tuning.unlimited ? null : config.SEC_REQUESTS_PER_SECOND,
      });
    case 'fx':
      return createFxSource({ baseUrl: endpoints.fx, timeoutMs, ...off });
    case 'openfigi':
      return createOpenFigiSource({
        baseUrl: endpoints.openfigi,
        apiKey: config.OPENFIGI_API_KEY,
        timeoutMs,
        ...(config.OPENFIGI_JOBS_PER_REQUEST === undefined
          ? {}
          : { jobsPerRequest: config.OPENFIGI_JOBS_PER_REQUEST }),
        ...off,
      });
  }
}
