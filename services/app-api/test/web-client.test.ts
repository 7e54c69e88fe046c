// The web client's build served on the API's origin: files, the index.html fallback for client-side
// routes, caching and CSP per kind of file, and the API's own JSON 404s left alone.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.ts';

let h: Harness;
let root: string;
const INDEX = '<!doctype html><title>fin-platform</title><div id="root"></div>';

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'finplat-web-'));
  await mkdir(path.join(root, 'assets'));
  await writeFile(path.join(root, 'index.html'), INDEX);
  await writeFile(path.join(root, 'assets', 'app-3f2a.js'), 'console.log(1);');
  h = await startHarness({ webRoot: root });
});
afterAll(async () => {
  await h.close();
  await rm(root, { recursive: true, force: true });
});

describe('web client on the same origin', () => {
  it('serves index.html at / and for client-side routes, never cached, with a CSP for the app', async () => {
    for (const url of ['/', '/portfolios/42', '/instruments/AAPL?range=1Y']) {
      const response = await h.app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toBe(INDEX);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    }
  });

  it('serves hashed assets as immutable', async () => {
    const response = await h.app.inject({ url: '/assets/app-3f2a.js' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('console.log(1);');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('keeps JSON 404s for unknown API paths and the API routes themselves', async () => {
    const missing = await h.app.inject({ url: '/api/v1/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await h.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const api = await h.app.inject({ url: '/api/v1/instruments?q=AAPL' });
    expect(api.statusCode).toBe(401); // still the API, still protected
  });
});
