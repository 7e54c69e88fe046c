/**
 * A real S3-protocol server for tests: s3rver (HTTP, SigV4, XML, filesystem-backed) on
 * 127.0.0.1, a random port and a fresh temp directory, with one bucket.
 *
 * Why the extra middleware: s3rver 3.7 predates S3 conditional writes (AWS added `If-None-Match: *`
 * to PutObject in August 2024 and `If-Match` in November 2024) and silently ignores both headers, so
 * a second "write-once" PUT would overwrite the object and the store's guarantees would go untested.
 * The middleware below implements S3's documented semantics for PutObject in front of s3rver:
 *   - `If-None-Match: *`  -> 412 PreconditionFailed if the key exists;
 *   - `If-Match: <etag>`  -> 412 PreconditionFailed if the ETag differs, 404 NoSuchKey if the key
 *                            does not exist (the S3 User Guide, "Conditional write behavior");
 * and serialises PUTs per key so that check and write are atomic, as they are on S3.
 * Production does not depend on this code: it relies on real S3 honouring the headers.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { promises as fs } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface S3TestServer {
  readonly endpoint: string;
  readonly bucket: string;
  /** A path-style client with s3rver's fixed credentials. */
  readonly client: S3Client;
  close(): Promise<void>;
}

/** s3rver's built-in account. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

// s3rver ships no type declarations: the minimal surface used here, checked against
// node_modules/s3rver/lib (s3rver.js, stores/filesystem.js).
interface KoaContext {
  readonly method: string;
  /** The request path, still percent-encoded. */
  readonly path: string;
  readonly querystring: string;
  readonly headers: IncomingHttpHeaders;
  readonly req: IncomingMessage;
  status: number;
  type: string;
  body: unknown;
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

interface S3rverStore {
  existsObject(bucket: string, key: string): Promise<boolean>;
  /** Throws ENOENT if the object does not exist; `etag` is the quoted MD5. */
  getMetadata(bucket: string, key: string): Promise<{ etag: string }>;
}

interface S3rverInstance {
  readonly middleware: KoaMiddleware[];
  readonly store: S3rverStore;
  readonly httpServer?: Server;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}) => S3rverInstance;

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

export async function startS3Server(): Promise<S3TestServer> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'finplat-s3rver-'));
  const bucket = 'finplat-test';
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [] });
  // Koa composes `middleware` when the server starts listening, so this runs before s3rver's own.
  server.middleware.unshift(conditionalPutMiddleware(server.store));

  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (error) {
    await fs.rm(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });

  const close = async (): Promise<void> => {
    client.destroy();
    const closing = server.close();
    // Other clients (e.g. one built by openObjectStore) may still hold keep-alive sockets.
    server.httpServer?.closeAllConnections();
    await closing;
    await fs.rm(directory, { recursive: true, force: true });
  };

  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    await close();
    throw error;
  }
  return { endpoint, bucket, client, close };
}

function conditionalPutMiddleware(store: S3rverStore): KoaMiddleware {
  const keyChains = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task for the same key has settled. */
  const serialised = (lockKey: string, task: () => Promise<void>): Promise<void> => {
    const previous = keyChains.get(lockKey) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(task);
    keyChains.set(lockKey, current);
    const cleanup = (): void => {
      if (keyChains.get(lockKey) === current) keyChains.delete(lockKey);
    };
    current.then(cleanup, cleanup);
    return current;
  };

  return async (ctx, next) => {
    const target = plainPutObjectTarget(ctx);
    if (target === undefined) {
      await next();
      return;
    }
    const { bucket, key } = target;
    const ifNoneMatch = headerValue(ctx.headers['if-none-match']);
    const ifMatch = headerValue(ctx.headers['if-match']);

    // Every PutObject on a key is serialised, conditional or not, so no write can slip in
    // between a conditional write's check and its own write.
    await serialised(`${bucket}/${key}`, async () => {
      if (ifNoneMatch !== undefined) {
        if (ifNoneMatch !== '*') {
          await answerError(
            ctx,
            501,
            'NotImplemented',
            'A header you provided implies functionality that is not implemented',
            'If-None-Match',
          );
          return;
        }
        if (await store.existsObject(bucket, key)) {
          await answerError(
            ctx,
            412,
            'PreconditionFailed',
            'At least one of the pre-conditions you specified did not hold',
            'If-None-Match',
          );
          return;
        }
      }
      if (ifMatch !== undefined) {
        const current = await currentEtag(store, bucket, key);
        if (current === undefined) {
          await answerError(ctx, 404, 'NoSuchKey', 'The specified key does not exist.', undefined, key);
          return;
        }
        if (
          ifMatch !== '*' &&
          !ifMatch.split(',').some((tag) => normaliseEtag(tag) === normaliseEtag(current))
        ) {
          await answerError(
            ctx,
            412,
            'PreconditionFailed',
            'At least one of the pre-conditions you specified did not hold',
            'If-Match',
          );
          return;
        }
      }
      // s3rver's PutObject resolves only after the object and its metadata are stored.
      await next();
    });
  };
}

/** Bucket and key of a path-style PutObject (not a copy, part upload or sub-resource PUT). */
function plainPutObjectTarget(ctx: KoaContext): { bucket: string; key: string } | undefined {
  if (ctx.method !== 'PUT' || 'x-amz-copy-source' in ctx.headers) return undefined;
  const subresources = [...new URLSearchParams(ctx.querystring).keys()].filter((name) => name !== 'x-id');
  if (subresources.length > 0) return undefined;
  const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  try {
    return { bucket: decodeURIComponent(match[1]), key: decodeURIComponent(match[2]) };
  } catch {
    return undefined; // malformed encoding: let s3rver answer it
  }
}

async function currentEtag(store: S3rverStore, bucket: string, key: string): Promise<string | undefined> {
  try {
    return (await store.getMetadata(bucket, key)).etag;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const joined = Array.isArray(value) ? value.join(',') : value;
  const trimmed = joined?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function normaliseEtag(tag: string): string {
  return tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Answers with an S3 XML error, after draining the request body so the client can finish sending. */
async function answerError(
  ctx: KoaContext,
  status: number,
  code: string,
  message: string,
  condition?: string,
  key?: string,
): Promise<void> {
  const { req } = ctx;
  if (!req.readableEnded) {
    await new Promise<void>((resolve) => {
      req.once('end', resolve).once('error', () => {
        resolve();
      });
      req.resume();
    });
  }
  const detail =
    (condition === undefined ? '' : `<Condition>${escapeXml(condition)}</Condition>`) +
    (key === undefined ? '' : `<Key>${escapeXml(key)}</Key>`);
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${detail}<RequestId>s3rver-conditional</RequestId></Error>`;
}
