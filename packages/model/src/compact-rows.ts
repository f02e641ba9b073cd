/**
 * Encoded rows in compact form for the linear model's training: the numeric inputs (standardised values and
 * missing indicators) as a dense row-major block, and each categorical feature's one hot slot as an index.
 * Built from `encodeRows` (one preprocessing for every path), a tile at a time, so the full one-hot matrix
 * (mostly zeros: ~330 inputs of which ~100 are non-zero) is never materialised, and a step touches ~100
 * numbers per row instead of ~330.
 */
import type { FeatureEncoder } from './encode.js';
import type { InputLayout } from './preprocessing.js';

export interface CompactRows {
  readonly rows: number;
  /** Input slot of each numeric input (column of `numeric`), in slot order. */
  readonly numericSlots: Int32Array;
  /** `rows x numericSlots.length`, row-major. */
  readonly numeric: Float32Array;
  /** First slot of each one-hot block (one per categorical feature). */
  readonly blockStarts: Int32Array;
  /** `rows x blockStarts.length`, row-major: the slot that is 1 in each block. */
  readonly hot: Int32Array;
}

/** Rows encoded per tile while compacting. */
const TILE_ROWS = 1024;

/**
 * Compacts the encoder's rows. `categorical[f]` tells which features of the layout are one-hot blocks.
 * Throws the encoder's errors (infinite values, codes outside their dictionary).
 */
export function compactRows(
  encoder: FeatureEncoder,
  layout: InputLayout,
  categorical: readonly boolean[],
): CompactRows {
  const { rows, width } = encoder;
  const numericList: number[] = [];
  const blockList: number[] = [];
  for (let f = 0; f < categorical.length; f++) {
    if (categorical[f]) blockList.push(layout.offsets[f]);
    else for (let s = 0; s < layout.sizes[f]; s++) numericList.push(layout.offsets[f] + s);
  }
  const numericSlots = Int32Array.from(numericList);
  const blockStarts = Int32Array.from(blockList);
  const blockEnds = Int32Array.from(blockList, (start) => {
    const f = layout.offsets.indexOf(start);
    return start + layout.sizes[f];
  });
  const numericWidth = numericSlots.length;
  const blocks = blockStarts.length;
  const numeric = new Float32Array(rows * numericWidth);
  const hot = new Int32Array(rows * blocks);
  const tile = new Float32Array(Math.min(TILE_ROWS, Math.max(rows, 1)) * width);
  for (let start = 0; start < rows; start += TILE_ROWS) {
    const end = Math.min(start + TILE_ROWS, rows);
    encoder.encodeRows(start, end, tile);
    for (let r = start, o = 0; r < end; r++, o += width) {
      for (let j = 0, n = r * numericWidth; j < numericWidth; j++) numeric[n + j] = tile[o + numericSlots[j]];
      for (let b = 0; b < blocks; b++) {
        let s = blockStarts[b];
        while (s < blockEnds[b] - 1 && tile[o + s] === 0) s++;
        hot[r * blocks + b] = s;
      }
    }
  }
  return { rows, numericSlots, numeric, blockStarts, hot };
}

/** 1 for every input slot that is non-zero on at least one row. */
export function activeSlots(data: CompactRows, width: number): Uint8Array {
  const active = new Uint8Array(width);
  const numericWidth = data.numericSlots.length;
  for (let i = 0; i < data.numeric.length; i++) {
    if (data.numeric[i] !== 0) active[data.numericSlots[i % numericWidth]] = 1;
  }
  for (let i = 0; i < data.hot.length; i++) active[data.hot[i]] = 1;
  return active;
}

/** `bias + x . weights` of every row, in float64 (`weights` has one entry per input slot). */
export function compactLogits(data: CompactRows, weights: Float32Array, bias: number): Float64Array {
  const out = new Float64Array(data.rows);
  const numericWeights = Float64Array.from(data.numericSlots, (s) => weights[s]);
  const numericWidth = numericWeights.length;
  const blocks = data.blockStarts.length;
  for (let r = 0; r < data.rows; r++) {
    let z = bias;
    for (let j = 0, n = r * numericWidth; j < numericWidth; j++) z += data.numeric[n + j] * numericWeights[j];
    for (let b = 0, h = r * blocks; b < blocks; b++) z += weights[data.hot[h + b]];
    out[r] = z;
  }
  return out;
}
