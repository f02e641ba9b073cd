/**
 * Row-major blocks (several arrays of `rows` rows, each row `width` values wide) rearranged in place into any
 * order of the original rows: what lets training read an epoch's shuffled rows sequentially without a
 * shuffled copy of its input.
 */

/** One row-major array and its row width. */
export interface RowBlock {
  readonly values: Float32Array | Int32Array;
  readonly width: number;
}

export interface RowOrder {
  /**
   * Moves the rows so that row slot k holds original row `order[k]` (`order`: a permutation of
   * 0 .. rows - 1, in the rows' original numbering, whatever order they are in now).
   */
  arrange(order: Int32Array): void;
}

/** Tracks where each original row of `blocks` is, and follows permutation cycles to move them. */
export function inPlaceRowOrder(rows: number, blocks: readonly RowBlock[]): RowOrder {
  // rowAt[slot] = original row held there; targetSlot[original row] = where `order` wants it.
  const rowAt = new Int32Array(rows);
  for (let i = 0; i < rows; i++) rowAt[i] = i;
  const targetSlot = new Int32Array(rows);
  const done = new Uint8Array(rows);
  const carried = blocks.map((b) => b.values.slice(0, b.width));
  const spare = blocks.map((b) => b.values.slice(0, b.width));
  return {
    arrange(order) {
      if (order.length !== rows) throw new RangeError(`row order: ${order.length} rows, expected ${rows}`);
      for (let k = 0; k < rows; k++) targetSlot[order[k]] = k;
      done.fill(0);
      for (let start = 0; start < rows; start++) {
        if (done[start] === 1) continue;
        done[start] = 1;
        let row = rowAt[start];
        let slot = targetSlot[row];
        if (slot === start) continue;
        // Lift the row out of `start`, then drop the carried row in its slot, picking up the one there,
        // until the cycle comes back to `start`.
        for (let i = 0; i < blocks.length; i++)
          copyRow(blocks[i].values, start, carried[i], 0, blocks[i].width);
        while (slot !== start) {
          const next = rowAt[slot];
          for (let i = 0; i < blocks.length; i++) {
            const { values, width } = blocks[i];
            copyRow(values, slot, spare[i], 0, width);
            copyRow(carried[i], 0, values, slot, width);
            const t = carried[i];
            carried[i] = spare[i];
            spare[i] = t;
          }
          rowAt[slot] = row;
          done[slot] = 1;
          row = next;
          slot = targetSlot[row];
        }
        for (let i = 0; i < blocks.length; i++)
          copyRow(carried[i], 0, blocks[i].values, start, blocks[i].width);
        rowAt[start] = row;
      }
    },
  };
}

/** Copies row `from` of `source` to row `to` of `target` (both `width` wide). */
function copyRow(
  source: Float32Array | Int32Array,
  from: number,
  target: Float32Array | Int32Array,
  to: number,
  width: number,
): void {
  const a = from * width;
  const b = to * width;
  for (let j = 0; j < width; j++) target[b + j] = source[a + j];
}
