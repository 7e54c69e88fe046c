import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { loadConfig } from '@finplat/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3RVER_CREDENTIALS, startS3Server, type S3TestServer } from '../../test/s3-server.ts';
import { describeObjectStoreContract } from './object-store.contract.ts';
import { openObjectStore } from './open-store.ts';
import { S3ObjectStore } from './s3-store.ts';

let server: S3TestServer | undefined;
let storeCount = 0;

function s3(): S3TestServer {
  if (server === undefined) throw new Error('S3 test server not started');
  return server;
}

beforeAll(async () => {
  server = await startS3Server();
});

afterAll(async () => {
  await server?.close();
});

async function statusOf(
  promise: Promise<unknown>,
): Promise<{ status: number | undefined; name: string } | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (!(error instanceof S3ServiceException)) throw error;
    return { status: error.$metadata.httpStatusCode, name: error.name };
  }
}

async function readObject(key: string): Promise<string | undefined> {
  try {
    const response = await s3().client.send(new GetObjectCommand({ Bucket: s3().bucket, Key: key }));
    return await response.Body?.transformToString('utf8');
  } catch (error) {
    if (error instanceof S3ServiceException && error.name === 'NoSuchKey') return undefined;
    throw error;
  }
}

// Every test gets its own prefix in the one bucket, so stores start empty and prefixes are exercised.
describeObjectStoreContract('S3ObjectStore (s3rver)', () =>
  Promise.resolve({
    store: new S3ObjectStore({
      bucket: s3().bucket,
      prefix: `lake/v1/store-${++storeCount}`,
      client: s3().client,
    }),
    teardown: () => Promise.resolve(),
  }),
);

describe('S3 test harness (s3rver + conditional-write middleware)', () => {
  it('answers a repeated If-None-Match: * PUT from the raw SDK with 412 and keeps the first body', async () => {
    const { client, bucket } = s3();
    const Key = 'harness/if-none-match.json';
    const put = (body: string) =>
      client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: body, IfNoneMatch: '*' }));

    expect(await statusOf(put('first'))).toBe('ok');
    expect(await statusOf(put('second'))).toEqual({ status: 412, name: 'PreconditionFailed' });
    expect(await readObject(Key)).toBe('first');
  });

  it('implements If-Match compare-and-swap: 412 on a different ETag, 404 on a missing key', async () => {
    const { client, bucket } = s3();
    const Key = 'harness/if-match.json';
    const first = await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'v1' }));
    expect(first.ETag).toBeDefined();

    const second = await client.send(
      new PutObjectCommand({ Bucket: bucket, Key, Body: 'v2', IfMatch: first.ETag }),
    );
    expect(second.ETag).not.toBe(first.ETag);
    expect(
      await statusOf(
        client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'v3', IfMatch: first.ETag })),
      ),
    ).toEqual({
      status: 412,
      name: 'PreconditionFailed',
    });
    expect(await readObject(Key)).toBe('v2');

    expect(
      await statusOf(
        client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: 'harness/never-written.json',
            Body: 'x',
            IfMatch: first.ETag,
          }),
        ),
      ),
    ).toEqual({ status: 404, name: 'NoSuchKey' });
    expect(await readObject('harness/never-written.json')).toBeUndefined();
  });

  it('serialises concurrent conditional PUTs so exactly one wins', async () => {
    const { client, bucket } = s3();
    const Key = 'harness/race.json';
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        statusOf(
          client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: `writer-${i}`, IfNoneMatch: '*' })),
        ),
      ),
    );
    const winners = results.flatMap((result, i) => (result === 'ok' ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(results.filter((result) => result !== 'ok')).toEqual(
      Array.from({ length: 9 }, () => ({ status: 412, name: 'PreconditionFailed' })),
    );
    expect(await readObject(Key)).toBe(`writer-${winners[0] ?? -1}`);
  });
});

describe('S3ObjectStore with openObjectStore', () => {
  it('reaches the server named by LAKE_URL and AWS_ENDPOINT_URL_S3, writing under the prefix', async () => {
    const { endpoint, bucket, client } = s3();
    const config = loadConfig({
      LAKE_URL: `s3://${bucket}/warehouse/lake/`,
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_REGION: 'eu-west-1',
    });
    const store = openObjectStore(config, '/unused', { credentials: S3RVER_CREDENTIALS });
    expect(store).toBeInstanceOf(S3ObjectStore);
    expect(store.location).toBe(`s3://${bucket}/warehouse/lake`);

    const key = 'bronze/source=yahoo/dataset=prices/dt=2026-02-17/EURUSD=X.json';
    expect(await store.putIfAbsent(key, Buffer.from('{"fx":1}'), 'application/json')).toEqual({
      created: true,
    });
    expect(await store.list('bronze/')).toEqual([key]);

    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'warehouse/' }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual([`warehouse/lake/${key}`]);
    expect(await readObject(`warehouse/lake/${key}`)).toBe('{"fx":1}');
    const stored = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `warehouse/lake/${key}` }));
    expect(stored.ContentType).toBe('application/json');
    await stored.Body?.transformToString();
  });

  it('maps keys to the bucket root when the prefix is empty', async () => {
    const { bucket, client } = s3();
    const store = new S3ObjectStore({ bucket, prefix: '', client });
    expect(store.location).toBe(`s3://${bucket}`);
    await store.putIfAbsent('root-level/a.json', Buffer.from('{}'), 'application/json');
    expect(await readObject('root-level/a.json')).toBe('{}');
    expect(await store.list('root-level/')).toEqual(['root-level/a.json']);
  });

  it('wraps other errors with the bucket, key and operation, keeping the cause', async () => {
    const store = new S3ObjectStore({ bucket: 'no-such-bucket', prefix: 'p', client: s3().client });
    const error: unknown = await store.get('a/b.json').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/GetObject/);
    expect((error as Error).message).toContain('s3://no-such-bucket/p/a/b.json');
    expect((error as Error).cause).toBeInstanceOf(S3ServiceException);
    await expect(store.putIfAbsent('a/b.json', Buffer.from('{}'), 'application/json')).rejects.toThrow(
      /PutObject.*s3:\/\/no-such-bucket\/p\/a\/b\.json/,
    );
    await expect(store.list('a/')).rejects.toThrow(/ListObjectsV2.*no-such-bucket/);
  });
});
