import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type LakeLocation = { kind: 'local'; root: string } | { kind: 's3'; bucket: string; prefix: string };

/**
 * LAKE_URL forms: a plain path (relative to the working directory), `file:///abs/path`,
 * or `s3://bucket/optional/prefix`.
 */
export function resolveLakeUrl(lakeUrl: string, cwd: string): LakeLocation {
  if (lakeUrl.startsWith('s3://')) {
    const rest = lakeUrl.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash === -1 ? rest : rest.slice(0, slash);
    const prefix = slash === -1 ? '' : rest.slice(slash + 1).replace(/^\/+|\/+$/g, '');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new Error(`LAKE_URL: "${lakeUrl}" does not name a valid S3 bucket (s3://bucket/prefix)`);
    }
    return { kind: 's3', bucket, prefix };
  }
  if (lakeUrl.startsWith('file://')) return { kind: 'local', root: fileURLToPath(lakeUrl) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(lakeUrl)) {
    throw new Error(
      `LAKE_URL: unsupported scheme in "${lakeUrl}"; use a path, file:///abs/path or s3://bucket/prefix`,
    );
  }
  return { kind: 'local', root: path.resolve(cwd, lakeUrl) };
}
