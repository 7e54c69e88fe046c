export type FailureKind = 'http' | 'network' | 'timeout' | 'payload' | 'rate-limited';

/** What a user can do about a failure, by kind and status. */
function hintFor(kind: FailureKind, status: number | undefined): string {
  switch (kind) {
    case 'rate-limited':
      return 'the source is throttling us; re-run later (stored payloads are kept), or lower the request rate';
    case 'timeout':
    case 'network':
      return 'the source did not answer; check the network and the base URL, then re-run';
    case 'payload':
      return 'the source answered with an unusable body; re-run later, and report it if it persists';
    case 'http':
      if (status === 404) return 'the source has no such resource: check the symbol or identifier';
      if (status === 401 || status === 403)
        return 'the source refused us: check the API key or User-Agent settings';
      if (status !== undefined && status >= 500) return 'the source is failing; re-run later';
      return 'the request was rejected as sent; check the inputs';
  }
}

/** Every failure of a source request names the source, the (redacted) URL and, if any, the status. */
export class SourceRequestError extends Error {
  constructor(
    readonly source: string,
    readonly method: string,
    readonly url: string,
    readonly kind: FailureKind,
    readonly status: number | undefined,
    readonly attempts: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${source}: ${method} ${url} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${detail} (${hintFor(kind, status)})`,
      options,
    );
    this.name = 'SourceRequestError';
  }
}

/** A 2xx body that is not what the source promises (malformed JSON, an HTML page, an error envelope). */
export class PayloadError extends Error {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(detail, options);
    this.name = 'PayloadError';
  }
}

export function bodySnippet(body: Uint8Array, max = 160): string {
  const text = Buffer.from(body.subarray(0, max * 4))
    .toString('utf8')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
