// Rate windows that imitate how each real API throttles. Wall-clock time only decides whether a
// request is throttled; it never influences the bytes of a successful response.

export type Clock = () => number; // milliseconds, monotonic

const monotonic: Clock = () => performance.now();

/**
 * "At most `limit` requests in any `windowMs` window" (Yahoo, SEC): a log of the accepted requests'
 * times. Rejected requests are not logged, so a client that backs off for one window gets through.
 */
export class SlidingWindowLimiter {
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: Clock = monotonic,
  ) {}

  tryAcquire(): boolean {
    const now = this.clock();
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - this.windowMs) this.head++;
    if (this.head > 1024) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    if (this.times.length - this.head >= this.limit) return false;
    this.times.push(now);
    return true;
  }
}

/** What a handler behind a sliding window needs: whether limits are on, and the (shared) window. */
export interface ThrottleContext {
  readonly limits: boolean;
  readonly limiter: SlidingWindowLimiter;
}

/** True when limits are on and the window is full; the window is left untouched when limits are off. */
export function throttled(context: ThrottleContext): boolean {
  return context.limits && !context.limiter.tryAcquire();
}

export interface FixedWindowState {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Whole seconds until the window resets (IETF draft `ratelimit-reset`). */
  readonly resetSeconds: number;
  /** `ratelimit-policy`, e.g. `25;w=60`. */
  readonly policy: string;
}

/**
 * A fixed window that opens at the first request (OpenFIGI's `ratelimit-*` headers come from an
 * express-rate-limit style counter): `limit` hits per window, then 429 until it resets. Every request
 * counts, including ones later rejected for a bad body, as with a middleware limiter.
 */
export class FixedWindowLimiter {
  private windowStart = -Infinity;
  private hits = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: Clock = monotonic,
  ) {}

  hit(): FixedWindowState {
    const now = this.clock();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.hits = 0;
    }
    this.hits++;
    const resetSeconds = Math.max(1, Math.ceil((this.windowStart + this.windowMs - now) / 1000));
    return {
      allowed: this.hits <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - this.hits),
      resetSeconds,
      policy: `${this.limit};w=${Math.round(this.windowMs / 1000)}`,
    };
  }
}
