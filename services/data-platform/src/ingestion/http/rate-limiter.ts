/**
 * Per-source admission control: a token bucket (requests per second, with a burst), optionally a
 * sliding window ("at most N requests in any W ms", how OpenFIGI states its limits), and a cap on
 * requests in flight. `pauseUntil` lets a 429 hold back every caller of the source, not only the
 * request that was refused.
 */
export interface RateLimit {
  /** Sustained requests per second; `null` turns the token bucket off. */
  readonly requestsPerSecond: number | null;
  readonly burst: number;
  readonly concurrency: number;
  readonly window?: { readonly requests: number; readonly ms: number };
}

export class RateLimiter {
  private tokens: number;
  private lastRefill = performance.now();
  private pausedUntil = 0;
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];
  private tokenQueue: Promise<void> = Promise.resolve();
  /** Grant times inside the sliding window, oldest first. */
  private readonly granted: number[] = [];

  constructor(private readonly limit: RateLimit) {
    if (limit.concurrency < 1) throw new Error('RateLimit.concurrency must be at least 1');
    this.tokens = limit.burst;
  }

  /** Blocks until the caller may send one request; call the returned function when it finishes. */
  async acquire(): Promise<() => void> {
    await this.acquireSlot();
    try {
      await this.takeToken();
    } catch (error) {
      this.releaseSlot();
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.releaseSlot();
    };
  }

  pauseUntil(epochMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, epochMs);
  }

  private acquireSlot(): Promise<void> {
    if (this.inFlight < this.limit.concurrency) {
      this.inFlight += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.inFlight -= 1;
  }

  // Token grants are chained so callers are served in arrival order.
  private takeToken(): Promise<void> {
    const grant = this.tokenQueue.then(() => this.waitForToken());
    this.tokenQueue = grant.catch(() => undefined);
    return grant;
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      const pause = this.pausedUntil - Date.now();
      if (pause > 0) {
        await sleep(pause);
        continue;
      }
      const windowWait = this.windowWaitMs();
      if (windowWait > 0) {
        await sleep(windowWait);
        continue;
      }
      const rate = this.limit.requestsPerSecond;
      if (rate === null) {
        this.recordGrant();
        return;
      }
      const now = performance.now();
      this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.lastRefill) / 1000) * rate);
      this.lastRefill = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        this.recordGrant();
        return;
      }
      await sleep(((1 - this.tokens) / rate) * 1000);
    }
  }

  private windowWaitMs(): number {
    const window = this.limit.window;
    if (!window) return 0;
    const now = performance.now();
    while (this.granted.length > 0 && (this.granted[0] ?? 0) <= now - window.ms) this.granted.shift();
    if (this.granted.length < window.requests) return 0;
    return (this.granted[0] ?? now) + window.ms - now;
  }

  private recordGrant(): void {
    if (this.limit.window) this.granted.push(performance.now());
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
