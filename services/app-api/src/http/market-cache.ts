/**
 * Market data changes once per gold load. Responses are cached per (gold load version, URL) as the
 * serialised JSON body, a gzip copy of it (large bodies only) and a precomputed ETag, so a hit does
 * no database query, no serialisation and no hashing: it sends bytes it already has. `If-None-Match`
 * is answered with 304. The version is the id of the latest succeeded gold.load_log row, re-read at
 * most once per `ttlMs` (a one-row index lookup), so a new load is visible within that delay; the
 * rest of the gold status (latest price date, load time) is read again only when the id changes.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { readGoldStatus, readGoldVersion, type GoldStatus } from '../db/gold-status.repository.ts';
import type { GoldDatabase } from '../db/schema.ts';

const MAX_ENTRIES = 2_000;
/** Below this, gzip saves less than it costs the client to inflate. */
const GZIP_MIN_BYTES = 4_096;
const gzipAsync = promisify(gzip);

export class GoldVersion {
  private cached: { status: GoldStatus; at: number } | undefined;
  private pending: Promise<GoldStatus> | undefined;
  private readonly db: Kysely<GoldDatabase>;
  private readonly ttlMs: number;

  constructor(db: Kysely<GoldDatabase>, ttlMs = 1_000) {
    this.db = db;
    this.ttlMs = ttlMs;
  }

  /** The cached status while fresh (no await, no allocation), else undefined. */
  fresh(): GoldStatus | undefined {
    return this.cached !== undefined && Date.now() - this.cached.at < this.ttlMs
      ? this.cached.status
      : undefined;
  }

  async current(): Promise<GoldStatus> {
    const fresh = this.fresh();
    if (fresh !== undefined) return fresh;
    this.pending ??= this.refresh().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async refresh(): Promise<GoldStatus> {
    const previous = this.cached?.status;
    const version = previous === undefined ? undefined : await readGoldVersion(this.db);
    const status =
      previous !== undefined && version === previous.version ? previous : await readGoldStatus(this.db);
    this.cached = { status, at: Date.now() };
    return status;
  }
}

interface Entry {
  /** UTF-8 bytes, encoded once: a string body would be re-encoded on every send */
  readonly body: Buffer;
  readonly gzipped: Buffer | undefined;
  readonly etag: string;
  readonly gzipEtag: string;
}

export class MarketCache {
  private readonly entries = new Map<string, Entry>();
  /** Fills in flight: concurrent first requests for one key share one computation. */
  private readonly filling = new Map<string, Promise<Entry>>();
  private entriesVersion: string | undefined;
  private readonly version: GoldVersion;

  constructor(version: GoldVersion) {
    this.version = version;
  }

  /** Sends `compute()`'s result through the route's response schema, cached and ETag-tagged. */
  async send(
    request: FastifyRequest,
    reply: FastifyReply,
    compute: () => Promise<unknown>,
  ): Promise<FastifyReply> {
    const { version } = this.version.fresh() ?? (await this.version.current());
    const key = `${version} ${request.url}`;
    let entry = this.entries.get(key);
    if (entry === undefined) {
      let pending = this.filling.get(key);
      if (pending === undefined) {
        pending = this.fill(key, version, request.url, reply, compute).finally(() =>
          this.filling.delete(key),
        );
        this.filling.set(key, pending);
      }
      entry = await pending;
    }
    const gzipped = entry.gzipped !== undefined && acceptsGzip(request.headers['accept-encoding']);
    void reply
      .header('etag', gzipped ? entry.gzipEtag : entry.etag)
      .header('cache-control', 'private, max-age=60')
      .header('vary', 'Accept-Encoding');
    const ifNoneMatch = request.headers['if-none-match'];
    // Either representation's tag names the same data: both revalidate.
    if (
      ifNoneMatch !== undefined &&
      (matches(ifNoneMatch, entry.etag) || matches(ifNoneMatch, entry.gzipEtag))
    )
      return reply.code(304).send();
    void reply.type('application/json; charset=utf-8');
    if (gzipped && entry.gzipped !== undefined)
      return reply.header('content-encoding', 'gzip').send(entry.gzipped);
    return reply.send(entry.body);
  }

  private async fill(
    key: string,
    version: string,
    url: string,
    reply: FastifyReply,
    compute: () => Promise<unknown>,
  ): Promise<Entry> {
    const serialized: unknown = reply.serialize(await compute());
    const body = Buffer.from(typeof serialized === 'string' ? serialized : JSON.stringify(serialized));
    const tag = `g${version}-${createHash('sha1').update(url).digest('base64url').slice(0, 16)}`;
    const entry: Entry = {
      body,
      gzipped: body.length >= GZIP_MIN_BYTES ? await gzipAsync(body) : undefined,
      etag: `"${tag}"`,
      gzipEtag: `"${tag}-gz"`,
    };
    if (version !== this.entriesVersion) {
      this.entries.clear(); // a new gold load: every older entry is stale
      this.entriesVersion = version;
    }
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
    return entry;
  }
}

/** True when Accept-Encoding lists gzip (or *) without q=0. */
function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    return !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p));
  });
}

function matches(header: string, etag: string): boolean {
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}
