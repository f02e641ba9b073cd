/** Seeded uniform scores for the random baseline (never Math.random: runs must reproduce). */

/**
 * `n` scores uniform in [0, 1) from the mulberry32 generator seeded with `seed` (any integer; taken mod 2^32).
 * The same (n, seed) gives the same scores on every engine.
 */
export function randomScores(n: number, seed: number): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n: expected a non-negative integer, got ${n}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed: expected an integer, got ${seed}`);
  const out = new Float64Array(n);
  let state = seed >>> 0;
  for (let i = 0; i < n; i++) {
    // mulberry32 (Tommy Ettinger): 32-bit state, full period 2^32, good enough for a baseline's shuffle.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}
