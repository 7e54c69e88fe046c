/**
 * Sliding-window counters in memory (one API process; several instances would need a shared store,
 * e.g. a Postgres table). Each key keeps the timestamps of its recent hits, at most `limit` of them.
 */
import type { RateLimit } from '../settings.ts';

export interface RateDecision {
  readonly allowed: boolean;
  /** Seconds until the oldest counted hit leaves the window (when refused). */
  readonly retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly rule: RateLimit;
  private readonly now: () => number;

  constructor(rule: RateLimit, now: () => number) {
    this.rule = rule;
    this.now = now;
  }

  /** Whether one more hit would be allowed, without counting it. */
  check(key: string): RateDecision {
    const recent = this.recent(key);
    if (recent.length < this.rule.limit) return { allowed: true, retryAfterSeconds: 0 };
    const oldest = recent[0] ?? this.now();
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.rule.windowMs - this.now()) / 1000)),
    };
  }

  hit(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    if (recent.length > this.rule.limit) recent.shift();
    this.hits.set(key, recent);
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private recent(key: string): number[] {
    const from = this.now() - this.rule.windowMs;
    const kept = (this.hits.get(key) ?? []).filter((t) => t > from);
    if (kept.length === 0) this.hits.delete(key);
    else this.hits.set(key, kept);
    // Bound memory under a spray of distinct keys: forget the oldest keys first.
    if (this.hits.size > 100_000) {
      const first = this.hits.keys().next();
      if (first.done !== true) this.hits.delete(first.value);
    }
    return kept;
  }
}
