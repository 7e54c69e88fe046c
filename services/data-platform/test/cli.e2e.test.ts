import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest, type Manifest } from '../src/ingestion/bronze/manifest.ts';
import { startSandbox, type Sandbox } from '../src/sandbox/index.ts';
import { S3ObjectStore } from '../src/lake/s3-store.ts';
import { runCli, startCli } from './cli.ts';
import { S3RVER_CREDENTIALS, startS3Server } from './s3-server.ts';
import { startScriptedServer } from './scripted-server.ts';

let work: string;
let sandbox: Sandbox;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'finplat-cli-'));
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
  await rm(work, { recursive: true, force: true });
});

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function readManifest(lake: string, source: string, dataset: string, dt: string): Promise<Manifest> {
  const file = path.join(lake, `bronze/source=${source}/dataset=${dataset}/dt=${dt}/_manifest.json`);
  return parseManifest(await readFile(file), file);
}

/** Every manifest entry names an object that exists, complete, with the recorded checksum and size. */
async function expectManifestBacked(
  lake: string,
  source: string,
  dataset: string,
  dt: string,
): Promise<Manifest> {
  const m = await readManifest(lake, source, dataset, dt);
  for (const o of m.objects) {
    const body = await readFile(
      path.join(lake, `bronze/source=${source}/dataset=${dataset}/dt=${dt}`, o.object),
    );
    expect(sha(body), `${o.object} checksum`).toBe(o.sha256);
    expect(body.byteLength).toBe(o.bytes);
  }
  for (const name of Object.values(m.current)) expect(m.objects.some((o) => o.object === name)).toBe(true);
  return m;
}

describe('finplat CLI (end to end, real processes)', () => {
  it('ingest against the in-process sandbox writes bronze for every source, then a re-run is a no-op', async () => {
    const lake = path.join(work, 'lake-all');
    const env = { LAKE_URL: lake };
    const args = ['ingest', '--date', '2026-02-17', '--tickers', 'AAPL,MRVL,HSBA.L,SPY,7203.T'];
    const first = await runCli(args, env, work);
    expect(first.stderr).toContain('sandbox serving the four source APIs offline');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /source\s+written\s+unchanged\s+failed\s+skipped\s+bytes\s+retries\s+seconds/,
    );
    expect(first.stdout).toContain('No failures.');
    const prices = await expectManifestBacked(lake, 'yahoo', 'prices', '2026-02-17');
    expect(Object.keys(prices.current).sort()).toEqual(['7203.T', 'AAPL', 'HSBA.L', 'MRVL', 'SPY']);
    expect(prices.current.AAPL).toBe('AAPL.json');
    await expectManifestBacked(lake, 'sec', 'companyfacts', '2026-02-17');
    await expectManifestBacked(lake, 'sec', 'tickers', '2026-02-17');
    // AAPL and MRVL are SEC registrants; HSBA.L, 7203.T and the SPY ETF are skipped.
    expect(
      Object.keys((await expectManifestBacked(lake, 'sec', 'submissions', '2026-02-17')).current).sort(),
    ).toEqual(['CIK0000320193', 'CIK0001835632']);
    expect((await expectManifestBacked(lake, 'fx', 'rates', '2026-02-17')).current.EUR).toBe('EUR.json');
    expect(
      Object.keys((await expectManifestBacked(lake, 'openfigi', 'mapping', '2026-02-17')).current),
    ).toHaveLength(1);

    const second = await runCli([...args, '--json'], env, work);
    expect(second.code, second.stderr).toBe(0);
    const summary = JSON.parse(second.stdout) as {
      ok: boolean;
      sources: { source: string; written: number; unchanged: number }[];
    };
    expect(summary.ok).toBe(true);
    for (const s of summary.sources) expect(s.written, s.source).toBe(0);
    // JSON logs: one object per line on stderr.
    for (const line of second.stderr.trim().split('\n'))
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    const files = await readdir(path.join(lake, 'bronze/source=yahoo/dataset=prices/dt=2026-02-17'));
    expect(files.sort()).toEqual([
      '7203.T.json',
      'AAPL.json',
      'HSBA.L.json',
      'MRVL.json',
      'SPY.json',
      '_manifest.json',
    ]);
  });

  it('verify re-checks every object against its manifest checksum and exits 1 when bytes changed', async () => {
    const lake = path.join(work, 'lake-verify');
    const env = { LAKE_URL: lake, YAHOO_BASE_URL: sandbox.baseUrls.yahoo };
    expect(
      (
        await runCli(
          ['ingest', '--date', '2026-02-17', '--source', 'yahoo', '--tickers', 'AAPL,MSFT'],
          env,
          work,
        )
      ).code,
    ).toBe(0);
    const ok = await runCli(['verify'], env, work);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Verified 2 object(s) in 1 partition(s)');
    await writeFile(path.join(lake, 'bronze/source=yahoo/dataset=prices/dt=2026-02-17/MSFT.json'), '{}');
    const bad = await runCli(['verify', '--source', 'yahoo', '--date', '2026-02-17'], env, work);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /PROBLEM bronze\/source=yahoo\/dataset=prices\/dt=2026-02-17\/MSFT\.json: bytes differ/,
    );
  });

  it('explicit *_BASE_URL wins: a server speaking the Yahoo API lands its exact bytes in bronze', async () => {
    const body = await readFile(
      path.join(
        import.meta.dirname,
        '../src/ingestion/yahoo/fixtures/chart_WSU.DE_1d_2023-08-04_to_2023-08-09_EUR_rec2025.json',
      ),
    );
    const server = await startScriptedServer({ '/v8/finance/chart/WSU.DE': [{ body }] });
    try {
      const lake = path.join(work, 'lake-explicit');
      const result = await runCli(
        ['ingest', '--date', '2026-02-17', '--source', 'yahoo', '--tickers', 'WSU.DE'],
        { LAKE_URL: `file://${lake}`, YAHOO_BASE_URL: server.url, FINPLAT_SOURCES: 'live' },
        work,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('sandbox serving');
      expect(
        (
          await readFile(path.join(lake, 'bronze/source=yahoo/dataset=prices/dt=2026-02-17/WSU.DE.json'))
        ).equals(body),
      ).toBe(true);
      expect(server.seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('ingests into an S3 lake (LAKE_URL=s3://…, AWS_ENDPOINT_URL_S3) with the same layout and bytes', async () => {
    const s3 = await startS3Server();
    try {
      const env = {
        LAKE_URL: `s3://${s3.bucket}/warehouse`,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
        YAHOO_BASE_URL: sandbox.baseUrls.yahoo,
        FX_BASE_URL: sandbox.baseUrls.fx,
      };
      const args = ['ingest', '--date', '2026-02-17', '--source', 'yahoo,fx', '--tickers', 'AAPL,OCDO.L'];
      const result = await runCli(args, env, work);
      expect(result.code, result.stderr).toBe(0);
      const store = new S3ObjectStore({ bucket: s3.bucket, prefix: 'warehouse', client: s3.client });
      const keys = await store.list('bronze/');
      expect(keys).toEqual([
        'bronze/source=fx/dataset=rates/dt=2026-02-17/EUR.json',
        'bronze/source=fx/dataset=rates/dt=2026-02-17/_manifest.json',
        'bronze/source=yahoo/dataset=prices/dt=2026-02-17/AAPL.json',
        'bronze/source=yahoo/dataset=prices/dt=2026-02-17/OCDO.L.json',
        'bronze/source=yahoo/dataset=prices/dt=2026-02-17/_manifest.json',
      ]);
      const aapl = await store.get('bronze/source=yahoo/dataset=prices/dt=2026-02-17/AAPL.json');
      const manifestObject = await store.get(
        'bronze/source=yahoo/dataset=prices/dt=2026-02-17/_manifest.json',
      );
      const m = parseManifest(manifestObject?.body ?? Buffer.alloc(0), 's3 manifest');
      expect(sha(aapl?.body ?? Buffer.alloc(0))).toBe(m.objects.find((o) => o.key === 'AAPL')?.sha256);
      // Same request again: identical bytes, nothing written.
      const again = await runCli([...args, '--json'], env, work);
      expect(again.code, again.stderr).toBe(0);
      expect(
        (JSON.parse(again.stdout) as { sources: { written: number }[] }).sources.every(
          (s) => s.written === 0,
        ),
      ).toBe(true);
    } finally {
      await s3.close();
    }
  });

  it('`finplat sandbox` serves the APIs in its own process; ingest pointed at it by *_BASE_URL; Ctrl-C stops it', async () => {
    const { child, done } = startCli(['sandbox', '--port', '0'], {}, work);
    const printed = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('OPENFIGI_BASE_URL=')) resolve(out);
      });
      child.on('exit', () => {
        reject(new Error(`sandbox exited early: ${out}`));
      });
    });
    const vars: Record<string, string> = {};
    for (const m of printed.matchAll(/^\s+([A-Z_]+)=(\S+)$/gm)) if (m[1] && m[2]) vars[m[1]] = m[2];
    expect(Object.keys(vars).sort()).toEqual([
      'FX_BASE_URL',
      'OPENFIGI_BASE_URL',
      'SEC_DATA_BASE_URL',
      'SEC_WWW_BASE_URL',
      'YAHOO_BASE_URL',
    ]);
    const lake = path.join(work, 'lake-separate-sandbox');
    const result = await runCli(
      ['ingest', '--date', '2026-02-17', '--tickers', 'MSFT,SAP.DE'],
      {
        ...vars,
        LAKE_URL: lake,
        FINPLAT_SOURCES: 'live',
        SEC_USER_AGENT: 'fin-platform tests tests@example.com',
      },
      work,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('sandbox serving');
    expect(
      Object.keys((await expectManifestBacked(lake, 'yahoo', 'prices', '2026-02-17')).current).sort(),
    ).toEqual(['MSFT', 'SAP.DE']);
    child.kill('SIGINT');
    const stopped = await done;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/sandbox stopped after \d+ request/);
  });

  it('a failing symbol fails alone: exit 1, the others stored, the failure listed and recorded', async () => {
    const lake = path.join(work, 'lake-partial');
    const result = await runCli(
      ['ingest', '--date', '2026-02-17', '--source', 'yahoo', '--tickers', 'MSFT,NOTFOUND1,NVDA'],
      { LAKE_URL: lake, YAHOO_BASE_URL: sandbox.baseUrls.yahoo },
      work,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('1 failure(s)');
    expect(result.stdout).toMatch(/yahoo prices\/NOTFOUND1: .*HTTP 404/);
    const m = await expectManifestBacked(lake, 'yahoo', 'prices', '2026-02-17');
    expect(Object.keys(m.current).sort()).toEqual(['MSFT', 'NVDA']);
    expect(m.failures.map((f) => f.key)).toEqual(['NOTFOUND1']);
  });

  it('bad flags and bad dates: one-line error, usage, exit code 2', async () => {
    for (const args of [
      ['ingest', '--date', '2026-02-30'],
      ['ingest', '--dat', '2026-02-17'],
      ['ingest', '--source', 'bloomberg'],
      ['ingest', '--tickers', 'a b'],
      ['frobnicate'],
    ]) {
      const result = await runCli(args, { LAKE_URL: path.join(work, 'unused') }, work);
      expect(result.code, args.join(' ')).toBe(2);
      const [firstLine] = result.stderr.split('\n');
      expect(firstLine).toMatch(/^finplat: /);
      expect(result.stderr).toContain('Usage: finplat');
    }
    const help = await runCli(['ingest', '--help'], {}, work);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--tickers');
  });

  it('bad configuration lists every bad variable at once, exit code 2', async () => {
    const result = await runCli(
      ['ingest', '--date', '2026-02-17'],
      { FINPLAT_SOURCES: 'prod', YAHOO_BASE_URL: 'ftp://x', SEC_REQUESTS_PER_SECOND: '50' },
      work,
    );
    expect(result.code).toBe(2);
    for (const name of ['FINPLAT_SOURCES', 'YAHOO_BASE_URL', 'SEC_REQUESTS_PER_SECOND'])
      expect(result.stderr).toContain(name);
  });

  it('refuses to call a non-sandbox SEC without SEC_USER_AGENT, naming the variable', async () => {
    const result = await runCli(
      ['ingest', '--date', '2026-02-17', '--source', 'sec'],
      {
        LAKE_URL: path.join(work, 'lake-ua'),
        FINPLAT_SOURCES: 'live',
        SEC_DATA_BASE_URL: sandbox.baseUrls.secData,
        SEC_WWW_BASE_URL: sandbox.baseUrls.secWww,
      },
      work,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SEC_USER_AGENT');
  });

  it('a crash (SIGKILL) mid-ingest leaves no manifest entry without its bytes; the re-run completes', async () => {
    const lake = path.join(work, 'lake-crash');
    const tickers = Array.from({ length: 40 }, (_, i) => `CRASH${i}`).join(',');
    const args = ['ingest', '--date', '2026-02-17', '--source', 'yahoo', '--tickers', tickers];
    const env = { LAKE_URL: lake, YAHOO_BASE_URL: sandbox.baseUrls.yahoo };
    const { child, done } = startCli(args, env, work);
    // Default limits: 4 requests/s, so after ~3 s some symbols are stored and most are not.
    const manifestFile = path.join(lake, 'bronze/source=yahoo/dataset=prices/dt=2026-02-17/_manifest.json');
    for (let i = 0; i < 100; i += 1) {
      const stored = await readFile(manifestFile).then(
        (b) => parseManifest(b, 'x').objects.length,
        () => 0,
      );
      if (stored >= 5) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.code).toBeNull();
    const partial = await expectManifestBacked(lake, 'yahoo', 'prices', '2026-02-17');
    expect(partial.objects.length).toBeGreaterThanOrEqual(5);
    expect(partial.objects.length).toBeLessThan(40);

    const rerun = await runCli(args, env, work);
    expect(rerun.code, rerun.stderr).toBe(0);
    const complete = await expectManifestBacked(lake, 'yahoo', 'prices', '2026-02-17');
    expect(Object.keys(complete.current)).toHaveLength(40);
    // Every symbol has exactly one object: nothing was duplicated or overwritten by the crash.
    expect(complete.objects).toHaveLength(40);
    expect(complete.runs).toHaveLength(2);
  });
});
