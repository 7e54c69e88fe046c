export type FailureKind = 'http' | 'network' | 'timeout' | 'payload' | 'rate-limited';

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
    const statusText = status === undefined ? '' : ` HTTP ${status}`;
    super(`${source}: ${method} ${url} failed (${kind}${statusText}, ${attempts} attempt${attempts === 1 ? '' : 's'}): ${detail}`, options);
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
  const text = Buffer.from(body.subarray(0, max * 4)).toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
