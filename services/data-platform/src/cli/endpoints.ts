import type { Config } from '@finplat/config';
import { FX_LIVE_BASE_URL } from '../ingestion/fx/client.ts';
import { OPENFIGI_LIVE_BASE_URL } from '../ingestion/openfigi/client.ts';
import { SEC_LIVE_DATA_BASE_URL, SEC_LIVE_WWW_BASE_URL } from '../ingestion/sec/client.ts';
import type { SourceName } from '../ingestion/source.ts';
import { YAHOO_LIVE_BASE_URL } from '../ingestion/yahoo/client.ts';
import { startSandbox, type Sandbox } from '../sandbox/index.ts';

export interface Endpoints {
  readonly yahoo: string;
  readonly secData: string;
  readonly secWww: string;
  readonly fx: string;
  readonly openfigi: string;
  readonly secUserAgent: string | undefined;
}

export interface ResolvedEndpoints {
  readonly endpoints: Endpoints;
  /** Started in-process because a needed base URL was unset in sandbox mode. */
  readonly sandbox: Sandbox | undefined;
}

const SANDBOX_USER_AGENT = 'fin-platform sandbox (set SEC_USER_AGENT for the live SEC) sandbox@localhost';

/**
 * Where each source is fetched from. An explicitly set *_BASE_URL always wins. Otherwise:
 * `live` uses the real hosts; `sandbox` (the default) starts the offline sandbox in-process on a
 * free port. The clients never know which: they only receive base URLs.
 */
export async function resolveEndpoints(
  config: Config,
  needed: readonly SourceName[],
): Promise<ResolvedEndpoints> {
  const explicit = {
    yahoo: config.YAHOO_BASE_URL,
    secData: config.SEC_DATA_BASE_URL,
    secWww: config.SEC_WWW_BASE_URL,
    fx: config.FX_BASE_URL,
    openfigi: config.OPENFIGI_BASE_URL,
  };
  const live = {
    yahoo: YAHOO_LIVE_BASE_URL,
    secData: SEC_LIVE_DATA_BASE_URL,
    secWww: SEC_LIVE_WWW_BASE_URL,
    fx: FX_LIVE_BASE_URL,
    openfigi: OPENFIGI_LIVE_BASE_URL,
  };
  const neededKeys = needed.flatMap((s) => (s === 'sec' ? (['secData', 'secWww'] as const) : ([s] as const)));
  const missing = neededKeys.filter((k) => explicit[k] === undefined);

  let sandbox: Sandbox | undefined;
  let fallback: typeof live = live;
  if (config.FINPLAT_SOURCES === 'sandbox' && missing.length > 0) {
    sandbox = await startSandbox({ port: 0 });
    fallback = sandbox.baseUrls;
  }
  const pick = (k: keyof typeof live): string => explicit[k] ?? fallback[k];
  const endpoints = {
    yahoo: pick('yahoo'),
    secData: pick('secData'),
    secWww: pick('secWww'),
    fx: pick('fx'),
    openfigi: pick('openfigi'),
  };
  // The sandbox needs a contact-style User-Agent like the SEC; never send ours to a host we did not start.
  const secOnSandbox =
    sandbox !== undefined &&
    endpoints.secData === sandbox.baseUrls.secData &&
    endpoints.secWww === sandbox.baseUrls.secWww;
  const secUserAgent = config.SEC_USER_AGENT ?? (secOnSandbox ? SANDBOX_USER_AGENT : undefined);
  return { endpoints: { ...endpoints, secUserAgent }, sandbox };
}
