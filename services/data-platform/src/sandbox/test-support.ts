// Shared by the sandbox's test files: a sandbox with limits off started once per file, and a small
// fetch wrapper. Each file tests one source over real HTTP; throttles use fresh sandboxes with limits
// on, so rate windows never leak between tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from './index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'ingestion');
export const fixture = (source: string, file: string): Buffer =>
  readFileSync(path.join(FIXTURES, source, 'fixtures', file));
export const UA = { 'user-agent': 'fin-platform tests ops@example.com' };
export const unix = (iso: string): number => Date.parse(iso) / 1000;

export interface Fetched {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
}

export async function call(base: string, pathAndQuery: string, init: RequestInit = {}): Promise<Fetched> {
  const response = await fetch(`${base}${pathAndQuery}`, init);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
}

/** Runs `count` requests at once. */
export const burst = (count: number, run: () => Promise<Fetched>): Promise<Fetched[]> =>
  Promise.all(Array.from({ length: count }, run));

export function chartPath(symbol: string, from: string, to: string, events = 'div%7Csplit'): string {
  return `/v8/finance/chart/${encodeURIComponent(symbol)}?period1=${unix(from)}&period2=${unix(to)}&interval=1d&events=${events}&includePrePost=false`;
}

/** A sandbox with limits off, started before the file's tests and closed after them. */
export function useSandbox(): Sandbox {
  let started: Sandbox | undefined;
  beforeAll(async () => {
    started = await startSandbox({ limits: false });
  });
  afterAll(async () => {
    await started?.close();
  });
  const current = (): Sandbox => {
    if (!started) throw new Error('the sandbox starts in beforeAll');
    return started;
  };
  return {
    get url() {
      return current().url;
    },
    get baseUrls() {
      return current().baseUrls;
    },
    requests: () => current().requests(),
    close: () => current().close(),
  };
}

/** Runs `run` against a sandbox of its own, closed afterwards (for throttles: no shared windows). */
export async function withSandbox(
  options: SandboxOptions,
  run: (sandbox: Sandbox) => Promise<void>,
): Promise<void> {
  const sandbox = await startSandbox(options);
  try {
    await run(sandbox);
  } finally {
    await sandbox.close();
  }
}
