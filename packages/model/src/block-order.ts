/**
 * The order a pointwise training epoch visits its rows in: blocks of consecutive rows in a random order,
 * the rows shuffled inside each block. Over rows laid out once in a random order, every block is a random
 * sample, and the reads of an epoch stay inside one block (a few MB) at a time.
 */
import { shuffleInPlace } from '@wemoms/data-schema';

/**
 * Writes into `order` (length `rows`) a permutation of `0 .. rows - 1` made of the blocks
 * `[b * blockRows, min(rows, (b + 1) * blockRows))` in a random order, each shuffled, drawing from `random`.
 * @returns `order`.
 */
export function blockShuffledOrder(order: Int32Array, blockRows: number, random: () => number): Int32Array {
  if (!(Number.isInteger(blockRows) && blockRows > 0))
    throw new RangeError(`block rows must be a positive integer, got ${blockRows}`);
  const rows = order.length;
  const blockOrder = new Int32Array(Math.ceil(rows / blockRows));
  for (let b = 0; b < blockOrder.length; b++) blockOrder[b] = b;
  shuffleInPlace(blockOrder, random);
  let at = 0;
  for (let i = 0; i < blockOrder.length; i++) {
    const from = blockOrder[i] * blockRows;
    const size = Math.min(rows - from, blockRows);
    for (let r = 0; r < size; r++) order[at + r] = from + r;
    shuffleInPlace(order.subarray(at, at + size), random);
    at += size;
  }
  return order;
}
