import { EventEmitter } from 'node:events';
import { bodySnippet, SourceRequestError, type FailureKind } from './errors.ts';
import { RateLimiter, sleep, type RateLimit } from './rate-limiter.ts';
import { redactUrl } from './redact.ts';
import {
  backoffDelayMs,
  defaultRetryPolicy,
  isRetriableStatus,
  serverRequestedDelayMs,
  type RetryPolicy,
} from './retry.ts';

export interface HttpRequest {
  readonly method?: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  /** Final URL after redirects, redacted. */
  readonly url: string;
  readonly headers: Headers;
  readonly contentType: string;
  /** The body exactly as received (after transport decoding such as gzip). */
  readonly body: Buffer;
  readonly attempts: number;
  readonly fetchedAt: Date;
}

export interface RetryEvent {
  readonly source: string;
  readonly url: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

export interface HttpClientOptions {
  readonly source: string;
  readonly limit: RateLimit;
  readonly retry?: RetryPolicy;
  readonly timeoutMs: number;
  /** Sent on every request (User-Agent, Accept, API keys in headers). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Lets a source recognise a throttle that does not look like one, e.g. SEC's HTML
   * "Request Rate Threshold Exceeded" page; return a delay and a reason to treat it as a 429.
   */
  readonly throttle?: (status: number, body: Buffer) => { delayMs: number; reason: string } | undefined;
  readonly random?: () => number;
}

type Attempt =
  | { kind: 'response'; response: HttpResponse }
  | { kind: 'retry'; failure: FailureKind; status?: number; detail: string; delayMs: number };

/**
 * The one HTTP client every source uses: per-source rate limit and concurrency cap, timeouts,
 * exponential backoff with full jitter on 429/5xx/network errors, Retry-After honoured, no retry
 * on other 4xx, and errors that name source, URL and status. Emits `retry` events for progress.
 */
export class SourceHttpClient extends EventEmitter<{ retry: [RetryEvent] }> {
  readonly source: string;
  private readonly limiter: RateLimiter;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: HttpClientOptions) {
    super();
    this.source = options.source;
    this.limiter = new RateLimiter(options.limit);
    this.retry = options.retry ?? defaultRetryPolicy;
  }

  /** Resolves with a 2xx response; throws SourceRequestError for anything else. */
  async request(request: HttpRequest): Promise<HttpResponse> {
    const method = request.method ?? 'GET';
    const shownUrl = redactUrl(request.url);
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.attempt(request, method, shownUrl, attempt);
      if (outcome.kind === 'response') return outcome.response;
      const last = attempt >= this.retry.maxAttempts;
      const tooLong = outcome.delayMs > this.retry.maxServerDelayMs;
      if (last || tooLong) {
        const why = tooLong
          ? `${outcome.detail}; the server asked us to wait ${Math.round(outcome.delayMs / 1000)} s, longer than the ${Math.round(this.retry.maxServerDelayMs / 1000)} s we allow, so try again later`
          : outcome.detail;
        throw new SourceRequestError(
          this.source,
          method,
          shownUrl,
          outcome.failure,
          outcome.status,
          attempt,
          why,
        );
      }
      this.emit('retry', {
        source: this.source,
        url: shownUrl,
        attempt,
        delayMs: outcome.delayMs,
        reason: outcome.detail,
      });
      await sleep(outcome.delayMs);
    }
  }

  private async attempt(
    request: HttpRequest,
    method: string,
    shownUrl: string,
    attempt: number,
  ): Promise<Attempt> {
    const release = await this.limiter.acquire();
    const fetchedAt = new Date();
    let response: Response;
    let body: Buffer;
    try {
      response = await fetch(request.url, {
        method,
        headers: { ...this.options.headers, ...request.headers },
        body: request.body,
        redirect: 'follow',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      body = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      const detail = timedOut
        ? `timed out: no complete response within ${this.options.timeoutMs} ms`
        : `network error: ${networkDetail(error)}`;
      return {
        kind: 'retry',
        failure: timedOut ? 'timeout' : 'network',
        detail,
        delayMs: this.backoff(attempt),
      };
    } finally {
      release();
    }

    const throttle = this.options.throttle?.(response.status, body);
    if (response.status === 429 || throttle !== undefined) {
      const asked = serverRequestedDelayMs(response.headers) ?? throttle?.delayMs;
      const delayMs = asked ?? this.backoff(attempt);
      // Hold back every request of this source, not just this one.
      this.limiter.pauseUntil(Date.now() + delayMs);
      const detail = `rate limited (HTTP ${response.status}${asked === undefined ? ', no Retry-After' : `, wait ${Math.ceil(asked / 1000)} s`}): ${throttle?.reason ?? bodySnippet(body)}`;
      return { kind: 'retry', failure: 'rate-limited', status: response.status, detail, delayMs };
    }
    if (response.status >= 200 && response.status < 300) {
      return {
        kind: 'response',
        response: {
          status: response.status,
          url: redactUrl(response.url || request.url),
          headers: response.headers,
          contentType: response.headers.get('content-type') ?? 'application/octet-stream',
          body,
          attempts: attempt,
          fetchedAt,
        },
      };
    }
    const detail =
      `HTTP ${response.status} ${response.statusText}`.trim() + `: ${bodySnippet(body) || '(empty body)'}`;
    if (isRetriableStatus(response.status)) {
      const delayMs = serverRequestedDelayMs(response.headers) ?? this.backoff(attempt);
      return { kind: 'retry', failure: 'http', status: response.status, detail, delayMs };
    }
    throw new SourceRequestError(this.source, method, shownUrl, 'http', response.status, attempt, detail);
  }

  private backoff(attempt: number): number {
    return backoffDelayMs(this.retry, attempt, this.options.random);
  }
}

function networkDetail(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
