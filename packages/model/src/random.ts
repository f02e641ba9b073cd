/**
 * Seeded randomness for shuffling: TensorFlow.js has no global seed, so every random choice the trainer
 * makes comes from a generator built from the config's seed.
 */
import { seededRandom } from '@wemoms/metrics';

/** The seeded generator of the whole project (mulberry32, from @wemoms/metrics). */
export const createRandom: (seed: number) => () => number = seededRandom;

/** Fisher-Yates shuffle of `order` in place. */
export function shuffleInPlace(order: Int32Array, random: () => number): Int32Array {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  return order;
}
