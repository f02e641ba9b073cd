/**
 * The project's one seeded PRNG (never Math.random: the same seed must give the same run), browser-safe.
 * - `Rng`: xoshiro128** (fast, 32-bit, period 2^128 - 1), seeded through splitmix32, with the draws the
 *   synthetic generator, the trainer, the baselines and the A/B simulation need (float, int, normal, ...).
 * - `seededRandom(seed)`: the same stream as `new Rng(seed).float()`, as a plain `() => number` for code
 *   that takes a uniform source; `shuffleInPlace` shuffles with any such source.
 * - `hashUniform`/`hashNormal`: stateless draws keyed by integers, for latent noise that must be
 *   evaluable for any (user, post) pair in any order (the ground truth of candidates never shown).
 * It is the synthetic generator's algorithm (it was born there): changing a single draw here changes the
 * default synthetic log, which `random.test.ts` pins by its first values.
 */

/** One splitmix32 step: a well-mixed 32-bit value from a 32-bit state. */
export function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes up to three integers into one well-distributed uint32 (murmur3 finaliser on a running hash). */
export function hash32(a: number, b: number, c = 0): number {
  let h = Math.imul(a ^ 0x27d4eb2f, 0x165667b1);
  h = Math.imul(h ^ (h >>> 15) ^ b, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ c, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A uniform in (0, 1) keyed by integers. */
export function hashUniform(a: number, b: number, c = 0): number {
  return (hash32(a, b, c) + 0.5) / 4294967296;
}

/** A standard normal keyed by integers (Box-Muller on two keyed uniforms). */
export function hashNormal(a: number, b: number, c = 0): number {
  const u1 = hashUniform(a, b, c);
  const u2 = hashUniform(a ^ 0x5bd1e995, b, c + 0x68e31da4);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/** xoshiro128** generator. All draws go through `next()`, so a stream is fully fixed by its seed. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = Number.NaN;

  /** `seed` is any integer; `stream` separates independent streams drawn from one seed. */
  constructor(seed: number, stream = 0) {
    let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) | 0;
    s = splitmix32(s);
    this.a = s | 0;
    s = splitmix32(s);
    this.b = s | 0;
    s = splitmix32(s);
    this.c = s | 0;
    s = splitmix32(s);
    this.d = s | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A uint32. */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform in (0, 1): safe under log. */
  open01(): number {
    return (this.next() + 0.5) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Standard normal (Box-Muller, the second value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const v = this.spareNormal;
      this.spareNormal = Number.NaN;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(this.open01()));
    const theta = 2 * Math.PI * this.float();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(this.open01());
  }

  /** Poisson with mean `lambda` (inversion for small means, normal approximation above 40). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** Geometric count of failures before a success, with the given mean (>= 0). */
  geometric(mean: number): number {
    if (mean <= 0) return 0;
    const q = mean / (1 + mean);
    return Math.floor(Math.log(this.open01()) / Math.log(q));
  }

  /** An index drawn from cumulative weights (ascending, last = total). */
  pickCumulative(cumulative: ArrayLike<number>): number {
    return pickCumulativeAt(cumulative, this.float());
  }
}

/**
 * The index drawn by the uniform `x01` in [0, 1) from cumulative weights (ascending, last = total): the first
 * index whose cumulative weight exceeds x01 * total. For draws from hashed uniforms as well as from an Rng.
 */
export function pickCumulativeAt(cumulative: ArrayLike<number>, x01: number): number {
  const x = x01 * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Cumulative sums of weights, for `Rng.pickCumulative`. */
export function cumulativeOf(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i];
    out[i] = s;
  }
  return out;
}

/**
 * A uniform source in [0, 1) seeded by `seed` (any integer, taken as int32): `new Rng(seed).float()` as a
 * function, for callers that take `() => number` (baselines, bootstrap, shuffles, simulations).
 */
export function seededRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.float();
}

/** Fisher-Yates shuffle of `order` in place with the uniform source `random`; returns `order`. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(
  order: T,
  random: () => number,
): T {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  return order;
}
