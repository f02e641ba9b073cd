/**
 * Encoded rows in compact form: the numeric inputs (standardised values and missing indicators) as a dense
 * row-major block, and each categorical feature's one hot slot as an index. The full one-hot matrix (mostly
 * zeros: ~330 inputs of which ~100 are non-zero) is never materialised: training keeps every row this way,
 * and the plain-JS scorers encode a tile of rows this way from the raw columns. The values are exactly
 * `encodeRows`' (same arithmetic; a test rebuilds the matrix from them); a row `encodeRows` would reject
 * (an infinite value, a code outside its dictionary) is handed to it for its usual error.
 */
import { createFeatureEncoder, type EncoderOptions } from './encode.js';
import { inputLayout, log1pValue, type Preprocessing } from './preprocessing.js';
import type { CategoricalColumn, FeatureColumns, NumericColumn } from './types.js';

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

/** Where the compact form puts each input: the numeric slots and the one-hot blocks of a preprocessing. */
export interface CompactLayout {
  readonly numericSlots: Int32Array;
  readonly blockStarts: Int32Array;
}

/** The compact layout of a preprocessing's inputs (numeric slots in slot order, one block per category). */
export function compactLayout(preprocessing: Preprocessing): CompactLayout {
  const layout = inputLayout(preprocessing);
  const numeric: number[] = [];
  const blocks: number[] = [];
  preprocessing.features.forEach((feature, f) => {
    if (feature.type === 'categorical') blocks.push(layout.offsets[f]);
    else for (let s = 0; s < layout.sizes[f]; s++) numeric.push(layout.offsets[f] + s);
  });
  return { numericSlots: Int32Array.from(numeric), blockStarts: Int32Array.from(blocks) };
}

/** Encodes rows of one set of columns into the compact form. */
export interface CompactEncoder extends CompactLayout {
  readonly rows: number;
  /**
   * Writes rows [start, end) into `numeric` (`(end - start) x numericSlots.length`) and `hot`
   * (`(end - start) x blockStarts.length`), from index 0 of each. Throws `encodeRows`' errors.
   */
  encode(start: number, end: number, numeric: Float32Array, hot: Int32Array): void;
}

/**
 * Checks `columns` against the model's schema (a FeatureSchemaError names missing, unexpected and retyped
 * features) and returns a compact encoder for them.
 */
export function createCompactEncoder(
  preprocessing: Preprocessing,
  columns: FeatureColumns,
  options: EncoderOptions = {},
): CompactEncoder {
  const checked = createFeatureEncoder(preprocessing, columns, options);
  const { numericSlots, blockStarts } = compactLayout(preprocessing);
  const numericWidth = numericSlots.length;
  const blocks = blockStarts.length;
  const layout = inputLayout(preprocessing);
  const row = new Float32Array(checked.width);
  /** `encodeRows` on the one row that cannot be encoded here: it throws the usual message. */
  const reject = (r: number): never => {
    checked.encodeRows(r, r + 1, row);
    throw new Error(`row ${r} could not be encoded`);
  };
  type Step = (start: number, n: number, numeric: Float32Array, hot: Int32Array) => void;
  const steps: Step[] = [];
  let j = 0;
  let b = 0;
  preprocessing.features.forEach((feature, f) => {
    if (feature.type === 'numeric') {
      const values = columns[feature.name] as NumericColumn;
      const mean = feature.mean;
      const scale = 1 / feature.std;
      const value = j;
      const indicator = feature.missingIndicator ? j + 1 : -1;
      j += feature.missingIndicator ? 2 : 1;
      const log = feature.transform === 'log1p';
      steps.push((start, n, numeric) => {
        for (let k = 0, o = value; k < n; k++, o += numericWidth) {
          const v = log ? log1pValue(values[start + k]) : values[start + k];
          const z = (v - mean) * scale;
          // z - z is 0 for every finite z: one test sends NaN and ±Infinity to the cold path.
          if (z - z === 0) {
            numeric[o] = z;
            if (indicator >= 0) numeric[o + 1] = 0;
          } else if (Number.isNaN(v)) {
            numeric[o] = 0;
            if (indicator >= 0) numeric[o + 1] = 1;
          } else reject(start + k);
        }
      });
    } else {
      const { codes, dictionary } = columns[feature.name] as CategoricalColumn;
      const slotOf = new Map(feature.vocabulary.map((v, slot) => [v, slot] as const));
      const first = layout.offsets[f];
      // Absolute slot per code; index 0 is a missing code (-1), `code + 1` the code's.
      const table = new Int32Array(dictionary.length + 1);
      table[0] = first + feature.vocabulary.length + 1;
      for (let c = 0; c < dictionary.length; c++)
        table[c + 1] = first + (slotOf.get(dictionary[c]) ?? feature.vocabulary.length);
      const block = b++;
      const size = dictionary.length;
      steps.push((start, n, _numeric, hot) => {
        for (let k = 0, o = block; k < n; k++, o += blocks) {
          const code = codes[start + k];
          if (code < size && code >= -1) hot[o] = table[code + 1];
          else reject(start + k);
        }
      });
    }
  });
  return {
    rows: checked.rows,
    numericSlots,
    blockStarts,
    encode(start, end, numeric, hot) {
      if (start < 0 || end > checked.rows || end < start)
        throw new RangeError(`rows [${start}, ${end}) outside 0..${checked.rows}`);
      const n = end - start;
      if (numeric.length < n * numericWidth || hot.length < n * blocks)
        throw new RangeError(`compact buffers too small for ${n} rows`);
      for (const step of steps) step(start, n, numeric, hot);
    },
  };
}

/** Rows encoded per tile while compacting (the strided writes of a tile stay in cache). */
const TILE_ROWS = 1024;

/** Every row of `columns` in compact form. Throws the encoder's errors (infinite values, bad codes). */
export function compactRows(
  preprocessing: Preprocessing,
  columns: FeatureColumns,
  options: EncoderOptions = {},
): CompactRows {
  const encoder = createCompactEncoder(preprocessing, columns, options);
  const { rows, numericSlots, blockStarts } = encoder;
  const numericWidth = numericSlots.length;
  const blocks = blockStarts.length;
  const numeric = new Float32Array(rows * numericWidth);
  const hot = new Int32Array(rows * blocks);
  for (let start = 0; start < rows; start += TILE_ROWS) {
    const end = Math.min(start + TILE_ROWS, rows);
    encoder.encode(start, end, numeric.subarray(start * numericWidth), hot.subarray(start * blocks));
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
