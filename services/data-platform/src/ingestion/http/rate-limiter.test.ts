import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.ts';

async function grantTimes(limiter: RateLimiter, n: number): Promise<number[]> {
  const t0 = performance.now();
  return Promise.all(
    Array.from({ length: n }, async () => {
      const release = await limiter.acquire();
      const at = performance.now() - t0;
      release();
      return at;
    }),
  );
}

function maxInAnyWindow(times: number[], ms: number): number {
  return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + ms).length));
}

describe('RateLimiter', () => {
  it('sliding window: at most N grants in any window, the first N at once', async () => {
    const times = await grantTimes(
      new RateLimiter({
        requestsPerSecond: null,
        burst: 1,
        concurrency: 10,
        window: { requests: 3, ms: 300 },
      }),
      7,
    );
    expect(times.filter((t) => t < 50)).toHaveLength(3);
    expect(maxInAnyWindow(times, 295)).toBeLessThanOrEqual(3);
    expect(Math.max(...times)).toBeGreaterThanOrEqual(590);
  });

  it('token bucket with burst 1: evenly spaced grants', async () => {
    const times = await grantTimes(new RateLimiter({ requestsPerSecond: 20, burst: 1, concurrency: 10 }), 5);
    expect(maxInAnyWindow(times, 45)).toBe(1);
  });

  it('pauseUntil holds back every caller', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: null, burst: 1, concurrency: 4 });
    limiter.pauseUntil(Date.now() + 200);
    const times = await grantTimes(limiter, 3);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(190);
  });
});
