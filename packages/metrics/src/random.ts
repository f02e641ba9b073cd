/** Seeded randomness (never Math.random: runs must reproduce), shared by every package that draws. */

/**
 * mulberry32 (Tommy Ettinger): a small, fast, well-mixed 32-bit PRNG with full period 2^32, returning floats
 * in [0, 1). `seed` is any integer, taken mod 2^32; the same seed gives the same stream on every engine.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` scores uniform in [0, 1) for the random baseline, from `seededRandom(seed)`.
 * The same (n, seed) gives the same scores on every engine.
 */
export function randomScores(n: number, seed: number): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n: expected a non-negative integer, got ${n}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed: expected an integer, got ${seed}`);
  const out = new Float64Array(n);
  const next = seededRandom(seed);
  for (let i = 0; i < n; i++) out[i] = next();
  return out;
}
