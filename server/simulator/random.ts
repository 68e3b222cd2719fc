/**
 * Seedable randomness for the traffic simulator. Every draw goes through a {@link Rng} built
 * from a 32-bit seed, so a run is reproducible from its seed; independent streams (arrivals,
 * one per staff shift plan, one per day of surges) are derived with {@link streamSeed} so that
 * what one stream draws never shifts what another draws.
 */

/** A source of uniform numbers in [0, 1), like `Math.random`. */
export type RandomSource = () => number;

/**
 * mulberry32: a small, fast 32-bit PRNG, good enough for simulation (not for secrets).
 * @example const next = mulberry32(42); next(); // 0.6011037519201636
 */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A 32-bit seed for the stream named `label` under `rootSeed` (FNV-1a, then a final mix).
 * @example streamSeed(1, 'arrivals') !== streamSeed(1, 'surges:2026-03-01') // true
 */
export function streamSeed(rootSeed: number, label: string): number {
  let h = (0x811c9dc5 ^ (rootSeed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Draws from common distributions on top of a {@link RandomSource}. */
export class Rng {
  constructor(private readonly source: RandomSource) {}

  /** A stream derived from `rootSeed` and `label` (see {@link streamSeed}). */
  static stream(rootSeed: number, label: string): Rng {
    return new Rng(mulberry32(streamSeed(rootSeed, label)));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.source();
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.source();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.source() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.source() < p;
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.source());
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.source();
    const v = this.source();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * Lognormal with the given arithmetic `mean` and log-space spread `sigma`, so handle times
   * have the long right tail real calls have.
   */
  lognormal(mean: number, sigma: number): number {
    const mu = Math.log(mean) - (sigma * sigma) / 2;
    return Math.exp(mu + sigma * this.normal());
  }

  /** Poisson-distributed count with mean `lambda` (Knuth below 30, normal approximation above). */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.source();
    while (p > limit) {
      k++;
      p *= this.source();
    }
    return k;
  }
}
