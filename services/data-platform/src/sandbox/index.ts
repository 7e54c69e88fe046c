// The offline sandbox: one local HTTP server speaking the wire formats of Yahoo chart, SEC EDGAR,
// Frankfurter (ECB) and OpenFIGI, so the platform, its tests and benchmarks run with no internet.
// Production clients have no sandbox branches: they are only given these base URLs, to which they
// append exactly the real APIs' paths.
import type { AddressInfo } from 'node:net';
import { createSandboxServer, PREFIXES, type SourceName } from './server.ts';

export interface SandboxOptions {
  /** 0 = any free port (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default true: enforce the real APIs' rate limits. */
  limits?: boolean;
}

export interface Sandbox {
  url: string;
  baseUrls: { yahoo: string; secData: string; secWww: string; fx: string; openfigi: string };
  /** Total requests served. */
  requests(): number;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  // Filled in once listening: the index page advertises the bases, which need the bound port.
  const advertised: { bases?: Record<SourceName, string> } = {};
  const sandbox = createSandboxServer({
    limits: options.limits ?? true,
    baseUrls: () => advertised.bases ?? { yahoo: '', secData: '', secWww: '', fx: '', openfigi: '' },
  });
  const { server } = sandbox;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const bases: Record<SourceName, string> = {
    yahoo: `${url}${PREFIXES.yahoo}`,
    secData: `${url}${PREFIXES.secData}`,
    secWww: `${url}${PREFIXES.secWww}`,
    fx: `${url}${PREFIXES.fx}`,
    openfigi: `${url}${PREFIXES.openfigi}`,
  };
  advertised.bases = bases;
  let closing: Promise<void> | undefined;
  return {
    url,
    baseUrls: { ...bases },
    requests: () => sandbox.requests(),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        // Keep-alive sockets (fetch pools them) would otherwise hold close() open for seconds.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
