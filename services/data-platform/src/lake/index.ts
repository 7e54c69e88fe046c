export {
  assertValidKey,
  PreconditionFailedError,
  type ObjectStore,
  type StoredObject,
} from './object-store.ts';
export { LocalObjectStore } from './local-store.ts';
export { S3ObjectStore, type S3ObjectStoreOptions } from './s3-store.ts';
export { openObjectStore, type OpenObjectStoreOverrides } from './open-store.ts';
export {
  assertObjectKey,
  bronzeManifestPath,
  bronzeObjectPath,
  bronzePartitionPrefix,
  cursorStatePath,
  type BronzePartition,
} from './paths.ts';
