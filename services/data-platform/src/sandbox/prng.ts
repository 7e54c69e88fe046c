// Deterministic randomness for the sandbox. Everything synthetic is derived from a hash of a stable
// key (symbol, CIK, currency code) so the same request yields the same bytes on every run and every
// machine. Math.random is never used.
//
// Only integer arithmetic (Math.imul, shifts) feeds the generators. The normal deviates use
// Math.log/Math.sqrt/Math.cos: V8 implements those with its fdlibm port (ieee754::log/cos) on every
// platform, so results are bit-identical across machines running the same Node major.

export type Rng = () => number;

/** 32-bit FNV-1a over the UTF-16 code units, then an avalanche finaliser (murmur3 fmix32). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** murmur3 finaliser: spreads every input bit over the whole word. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform [0,1) value from (seed, index) without carrying generator state: used for sparse draws. */
export function hashUniform(seed: number, index: number): number {
  return fmix32((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0) / 4294967296;
}

/** mulberry32: tiny, fast, good enough statistically for synthetic market data. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function rngFor(key: string): Rng {
  return mulberry32(hashString(key));
}

/** Standard normal via Box-Muller (one value per call; for sparse use). */
export function normal(rng: Rng): number {
  const u1 = 1 - rng(); // (0,1]: log(0) would be -Infinity
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** A stream of standard normals using both Box-Muller outputs: half the cost for long walks. */
export function normalStream(rng: Rng): () => number {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - rng()));
    const angle = 2 * Math.PI * rng();
    spare = radius * Math.sin(angle);
    hasSpare = true;
    return radius * Math.cos(angle);
  };
}

export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng();
}

export function intBetween(rng: Rng, min: number, maxInclusive: number): number {
  return min + Math.floor(rng() * (maxInclusive - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Round to `decimals` places (half up); prints as the short decimal for the magnitudes used here. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
