// Starts the real stack for the e2e journey: `finplat start` (sandbox sources → bronze → silver → gold →
// Postgres) in a throwaway FINPLAT_HOME and lake, which ends by serving the API and the built client
// (dist/) on one origin, exactly what `npm start` gives a user.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const distDir = path.resolve(import.meta.dirname, '..', 'dist');
const finplat = path.join(repoRoot, 'services', 'data-platform', 'bin', 'finplat.js');

export interface Stack {
  /** Where the browser opens the app (same origin as the API paths). */
  appUrl: string;
  apiUrl: string;
  stop: () => Promise<void>;
}

export interface StackOptions {
  /** A Postgres server URL; the stack gets a fresh database on it. Unset: embedded Postgres. */
  databaseUrl: string | undefined;
  /** Environment for the child processes (the harness passes its own on). */
  env: Record<string, string | undefined>;
  log: (line: string) => void;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function run(
  args: string[],
  env: Record<string, string | undefined>,
  log: (line: string) => void,
  label: string,
): { child: ChildProcess; output: () => string; exited: Promise<number> } {
  const child = spawn(process.execPath, [finplat, ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    for (const line of text.split('\n')) if (line.trim()) log(`[${label}] ${line}`);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  return { child, output: () => output, exited };
}

/** The API's URL from a line announcing it ("… API listening on http://…"); the sandbox's URL is not it. */
export function apiUrlIn(output: string): string | undefined {
  for (const line of output.split('\n')) {
    if (/sandbox/i.test(line) || !/api|listen|open|serv/i.test(line)) continue;
    const match = /https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0):\d+/.exec(line);
    if (match) return match[0].replace('0.0.0.0', '127.0.0.1');
  }
  return undefined;
}

/** Waits for a line announcing the API's URL, or for the process to end. */
async function waitForUrl(proc: ReturnType<typeof run>, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = apiUrlIn(proc.output());
    if (url) return url;
    const ended = await Promise.race([
      proc.exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 250)),
    ]);
    if (ended) return apiUrlIn(proc.output());
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeoutMs / 1000} s waiting for a URL:\n${proc.output().slice(-2000)}`,
      );
  }
}

async function createDatabase(serverUrl: string, name: string, drop = false): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(drop ? `drop database if exists ${name} with (force)` : `create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const home = await mkdtemp(path.join(tmpdir(), 'finplat-e2e-'));
  const dbName = `finplat_e2e_${process.pid}`;
  const databaseUrl = options.databaseUrl ? await createDatabase(options.databaseUrl, dbName) : undefined;
  const port = await freePort();
  const env = {
    ...options.env,
    FINPLAT_HOME: path.join(home, 'home'),
    LAKE_URL: path.join(home, 'lake'),
    PORT: String(port),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(
      children.map((child) =>
        child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : Promise.resolve(),
      ),
    );
    if (options.databaseUrl) await createDatabase(options.databaseUrl, dbName, true).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  };
  try {
    options.log(
      `stack: finplat start (FINPLAT_HOME ${home}, ${databaseUrl ? `database ${dbName}` : 'embedded Postgres'})`,
    );
    await stat(path.join(distDir, 'index.html')).catch(() => {
      throw new Error('services/frontend/dist is missing: run `npm run build` first.');
    });
    const start = run(['start', '--port', String(port)], env, options.log, 'start');
    children.push(start.child);
    const apiUrl = await waitForUrl(start, 20 * 60_000);
    if (!apiUrl) throw new Error(`finplat start ended (exit ${await start.exited}) without serving the app`);
    // localhost, not 127.0.0.1: the browser maps it to loopback and treats it as a secure context, so
    // the Secure refresh cookie works over http.
    const appUrl = apiUrl.replace('127.0.0.1', 'localhost');
    options.log(`stack: API ${apiUrl}, app ${appUrl}`);
    return { appUrl, apiUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
