/** The random baseline's scores. The generator itself is the project's one seeded PRNG, in @wemoms/data-schema. */
import { seededRandom } from '@wemoms/data-schema';

/**
 * `n` scores uniform in [0, 1) for the random baseline, from `seededRandom(seed)` (@wemoms/data-schema).
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
