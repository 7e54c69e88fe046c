import { readFile } from 'node:fs/promises';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  assertValidKey,
  PreconditionFailedError,
  type ObjectStore,
  type StoredObject,
} from './object-store.ts';

export interface S3ObjectStoreOptions {
  readonly bucket: string;
  /** Key prefix inside the bucket, without leading or trailing `/`; `''` for the bucket root. */
  readonly prefix: string;
  readonly client: S3Client;
}

/**
 * Lake on S3 (or an S3-compatible store). Every write is a single PutObject, so a reader sees
 * either the previous object or the complete new one. Write-once and compare-and-swap rely on S3
 * conditional writes (`If-None-Match: *`, `If-Match: <etag>`), which S3 evaluates atomically.
 */
export class S3ObjectStore implements ObjectStore {
  readonly location: string;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly client: S3Client;

  constructor(options: S3ObjectStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix.replace(/^\/+|\/+$/g, '');
    this.client = options.client;
    this.location = this.prefix === '' ? `s3://${this.bucket}` : `s3://${this.bucket}/${this.prefix}`;
  }

  private objectKey(key: string): string {
    assertValidKey(key);
    return this.prefix === '' ? key : `${this.prefix}/${key}`;
  }

  private failure(operation: string, objectKey: string, error: unknown): Error {
    const detail = error instanceof Error ? error.message : String(error);
    return new Error(`S3 ${operation} of s3://${this.bucket}/${objectKey} failed: ${detail}`, {
      cause: error,
    });
  }

  async get(key: string): Promise<StoredObject | undefined> {
    const objectKey = this.objectKey(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      if (response.Body === undefined) throw new Error('response has no body');
      if (response.ETag === undefined) throw new Error('response has no ETag');
      const bytes = await response.Body.transformToByteArray();
      return { body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), etag: response.ETag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw this.failure('GetObject', objectKey, error);
    }
  }

  async exists(key: string): Promise<boolean> {
    const objectKey = this.objectKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw this.failure('HeadObject', objectKey, error);
    }
  }

  async putIfAbsent(key: string, body: Uint8Array, contentType: string): Promise<{ created: boolean }> {
    const objectKey = this.objectKey(key);
    try {
      await this.client.send(
        new PutObjectCommand(this.putInput(objectKey, body, contentType, { IfNoneMatch: '*' })),
      );
      return { created: true };
    } catch (error) {
      // 412: the key exists. 409: a concurrent conditional write to the key is in flight (S3 and
      // some S3-compatible stores); the other writer owns the key, so this one did not create it.
      if (isConditionFailure(error)) return { created: false };
      throw this.failure('PutObject (If-None-Match: *)', objectKey, error);
    }
  }

  /**
   * One PUT of the file's bytes, read into memory first: the SDK's SHA-256 of a streamed body would
   * need aws-chunked trailers, which not every S3-compatible store accepts. (A gold table of 5M rows
   * is ~350 MB; multipart upload is the way beyond a few GB.)
   */
  async putFileIfAbsent(key: string, file: string, contentType: string): Promise<{ created: boolean }> {
    return this.putIfAbsent(key, await readFile(file), contentType);
  }

  async replace(
    key: string,
    body: Uint8Array,
    options: { contentType: string; ifMatch?: string | null },
  ): Promise<{ etag: string }> {
    const objectKey = this.objectKey(key);
    const { ifMatch } = options;
    const condition: Pick<PutObjectCommandInput, 'IfMatch' | 'IfNoneMatch'> =
      ifMatch === undefined ? {} : ifMatch === null ? { IfNoneMatch: '*' } : { IfMatch: ifMatch };
    let etag: string | undefined;
    try {
      const response = await this.client.send(
        new PutObjectCommand(this.putInput(objectKey, body, options.contentType, condition)),
      );
      etag = response.ETag;
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new PreconditionFailedError(key, ifMatch === null ? 'it already exists' : 'its etag changed');
      }
      // S3 answers If-Match on a missing key (or one deleted mid-write) with 404, not 412.
      if (typeof ifMatch === 'string' && isNotFound(error))
        throw new PreconditionFailedError(key, 'it no longer exists');
      throw this.failure('PutObject', objectKey, error);
    }
    if (etag === undefined) throw this.failure('PutObject', objectKey, new Error('response has no ETag'));
    return { etag };
  }

  async list(prefix: string): Promise<string[]> {
    const fullPrefix = this.prefix === '' ? prefix : `${this.prefix}/${prefix}`;
    const strip = this.prefix === '' ? 0 : this.prefix.length + 1;
    const keys: string[] = [];
    let continuationToken: string | undefined;
    try {
      do {
        const response = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: fullPrefix,
            ContinuationToken: continuationToken,
          }),
        );
        for (const object of response.Contents ?? []) {
          if (object.Key !== undefined) keys.push(object.Key.slice(strip));
        }
        continuationToken = response.IsTruncated === true ? response.NextContinuationToken : undefined;
      } while (continuationToken !== undefined);
    } catch (error) {
      throw this.failure('ListObjectsV2', `${fullPrefix}*`, error);
    }
    return keys.sort();
  }

  private putInput(
    objectKey: string,
    body: Uint8Array,
    contentType: string,
    condition: Pick<PutObjectCommandInput, 'IfMatch' | 'IfNoneMatch'>,
  ): PutObjectCommandInput {
    return {
      Bucket: this.bucket,
      Key: objectKey,
      Body: body,
      ContentType: contentType,
      // The SDK sends the body's SHA-256; S3 rejects the PUT if the bytes it received differ.
      ChecksumAlgorithm: 'SHA256',
      ...condition,
    };
  }
}

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

function isNotFound(error: unknown): boolean {
  // A missing bucket is also a 404 but a configuration error, never "no such object".
  if (!(error instanceof S3ServiceException) || error.name === 'NoSuchBucket') return false;
  return error.name === 'NoSuchKey' || error.name === 'NotFound' || statusOf(error) === 404;
}

function isConditionFailure(error: unknown): boolean {
  const status = statusOf(error);
  return status === 412 || status === 409;
}
