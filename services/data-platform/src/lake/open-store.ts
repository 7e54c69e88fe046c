import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { resolveLakeUrl, type Config } from '@finplat/config';
import { LocalObjectStore } from './local-store.ts';
import type { ObjectStore } from './object-store.ts';
import { S3ObjectStore } from './s3-store.ts';

export interface OpenObjectStoreOverrides {
  /**
   * Static credentials instead of the default AWS chain (environment, profile, instance role).
   * For tests against a local S3 server; production leaves this unset.
   */
  readonly credentials?: AwsCredentialIdentity;
}

/** The lake store LAKE_URL names: a local folder (default) or `s3://bucket/prefix`. */
export function openObjectStore(
  config: Config,
  cwd: string,
  overrides: OpenObjectStoreOverrides = {},
): ObjectStore {
  const location = resolveLakeUrl(config.LAKE_URL, cwd);
  switch (location.kind) {
    case 'local':
      return new LocalObjectStore(location.root);
    case 's3': {
      const endpoint = config.AWS_ENDPOINT_URL_S3;
      const client = new S3Client({
        region: config.AWS_REGION ?? 'us-east-1',
        // S3-compatible stores (MinIO, Ceph, local test servers) rarely serve virtual-hosted buckets.
        ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }),
        ...(overrides.credentials === undefined ? {} : { credentials: overrides.credentials }),
      });
      return new S3ObjectStore({ bucket: location.bucket, prefix: location.prefix, client });
    }
  }
}
