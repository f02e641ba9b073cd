/**
 * The one function that turns raw feature columns into the model's input matrix, shared by training,
 * Node scoring and browser scoring so they cannot drift apart. Numeric values are standardised with the
 * saved training statistics (missing -> the training mean, plus the missing indicator when fitted);
 * categories are one-hot encoded over the saved vocabulary (unknown -> OOV slot, missing -> missing slot).
 */
import { assertColumnsMatch } from './feature-schema.js';
import { inputLayout, type Preprocessing } from './preprocessing.js';
import type { CategoricalColumn, FeatureColumns, NumericColumn } from './types.js';

/** Encodes a prepared set of columns, one contiguous block of rows at a time. */
export interface FeatureEncoder {
  /** Rows in the columns. */
  readonly rows: number;
  /** Floats per encoded row. */
  readonly width: number;
  /**
   * Writes rows [start, end) into `out` (row-major, `(end - start) * width` floats, overwritten).
   * Throws on an infinite numeric value or a category code outside its dictionary.
   */
  encodeRows(start: number, end: number, out: Float32Array): void;
  /**
   * Logits of a linear model over rows [start, end) into `out`, without building the input matrix:
   * `bias + sum_s weights[s] * input[s]`, where a one-hot block reduces to one weight lookup per row. The same
   * preprocessing (statistics, vocabulary, missing and OOV slots) as `encodeRows`, summed in float64.
   */
  linearLogits(start: number, end: number, weights: Float32Array, bias: number, out: Float64Array): void;
}

/** Rows per encoding tile (see `encodeRows`). */
const TILE_ROWS = 256;

export interface EncoderOptions {
  /** Accept columns the model does not use (default false: extra columns are a schema error). */
  readonly allowExtra?: boolean;
  /** Prefix of error messages. */
  readonly context?: string;
}

/**
 * Checks `columns` against the model's feature schema (throws a FeatureSchemaError naming missing, extra and
 * retyped features) and returns an encoder for them.
 */
export function createFeatureEncoder(
  preprocessing: Preprocessing,
  columns: FeatureColumns,
  options: EncoderOptions = {},
): FeatureEncoder {
  const context = options.context ?? 'scoring data';
  const rows = assertColumnsMatch(preprocessing.featureSpecs, columns, context, options.allowExtra ?? false);
  const layout = inputLayout(preprocessing);
  const width = layout.width;
  // Category lookups depend on the caller's dictionaries, so they are built per call (dictionaries are small).
  const lookups = preprocessing.features.map((feature) => {
    if (feature.type !== 'categorical') return null;
    const slotOf = new Map(feature.vocabulary.map((value, slot) => [value, slot] as const));
    const { dictionary } = columns[feature.name] as CategoricalColumn;
    const outOfVocabulary = feature.vocabulary.length;
    const lookup = new Int32Array(dictionary.length);
    for (let c = 0; c < dictionary.length; c++) lookup[c] = slotOf.get(dictionary[c]) ?? outOfVocabulary;
    return lookup;
  });

  const features = preprocessing.features;
  const badNumber = (f: number, row: number, v: number): never => {
    throw new RangeError(
      `${context}: feature "${features[f].name}" row ${row}: expected a finite number or NaN, got ${v}`,
    );
  };
  const badCode = (f: number, row: number, code: number, size: number): never => {
    throw new RangeError(
      `${context}: feature "${features[f].name}" row ${row}: code ${code} is outside its dictionary (${size} values)`,
    );
  };
  const checkRange = (start: number, end: number) => {
    if (start < 0 || end > rows || end < start)
      throw new RangeError(`${context}: rows [${start}, ${end}) outside 0..${rows}`);
  };

  /** Rows [start, end) into `out` at float offset `base`; `out` must be zero there. */
  function encodeTile(start: number, end: number, out: Float32Array, base: number): void {
    const n = end - start;
    for (let f = 0; f < features.length; f++) {
      const feature = features[f];
      const offset = base + layout.offsets[f];
      if (feature.type === 'numeric') {
        const values = columns[feature.name] as NumericColumn;
        const mean = feature.mean;
        const scale = 1 / feature.std;
        const indicator = feature.missingIndicator;
        for (let k = 0, o = offset; k < n; k++, o += width) {
          const v = values[start + k];
          const z = (v - mean) * scale;
          // z - z is 0 for every finite z: one cheap test sends NaN and ±Infinity to the cold path.
          if (z - z === 0) out[o] = z;
          else if (Number.isNaN(v)) {
            if (indicator) out[o + 1] = 1;
          } else badNumber(f, start + k, v);
        }
      } else {
        const codes = (columns[feature.name] as CategoricalColumn).codes;
        const lookup = lookups[f] as Int32Array;
        const size = lookup.length;
        const missingSlot = feature.vocabulary.length + 1;
        for (let k = 0, o = offset; k < n; k++, o += width) {
          const code = codes[start + k];
          if (code < 0) out[o + missingSlot] = 1;
          else if (code < size) out[o + lookup[code]] = 1;
          else badCode(f, start + k, code, size);
        }
      }
    }
  }

  function encodeRows(start: number, end: number, out: Float32Array): void {
    checkRange(start, end);
    const n = end - start;
    if (out.length < n * width)
      throw new RangeError(`${context}: output holds ${out.length} floats, need ${n * width}`);
    out.fill(0, 0, n * width);
    // Tiles of a few hundred rows keep the strided per-feature writes inside the CPU cache.
    for (let t = start; t < end; t += TILE_ROWS)
      encodeTile(t, Math.min(t + TILE_ROWS, end), out, (t - start) * width);
  }

  function linearLogits(
    start: number,
    end: number,
    weights: Float32Array,
    bias: number,
    out: Float64Array,
  ): void {
    checkRange(start, end);
    if (weights.length !== width)
      throw new RangeError(`${context}: ${weights.length} weights for ${width} inputs`);
    const n = end - start;
    out.fill(bias, 0, n);
    for (let f = 0; f < features.length; f++) {
      const feature = features[f];
      const offset = layout.offsets[f];
      if (feature.type === 'numeric') {
        const values = columns[feature.name] as NumericColumn;
        const mean = feature.mean;
        const scale = 1 / feature.std;
        // w * (v - mean) / std folded into one multiply-add per value (float64: at least as exact as the graph).
        const slope = weights[offset] * scale;
        const intercept = -slope * mean;
        const wMissing = feature.missingIndicator ? weights[offset + 1] : 0;
        for (let k = 0; k < n; k++) {
          const v = values[start + k];
          const t = slope * v + intercept;
          if (t - t === 0) out[k] += t;
          else if (Number.isNaN(v)) out[k] += wMissing;
          else badNumber(f, start + k, v);
        }
      } else {
        const codes = (columns[feature.name] as CategoricalColumn).codes;
        const lookup = lookups[f] as Int32Array;
        const size = lookup.length;
        // One-hot times the kernel is a row lookup: the weight of each dictionary code's slot.
        const weightOfCode = new Float64Array(size);
        for (let c = 0; c < size; c++) weightOfCode[c] = weights[offset + lookup[c]];
        const wMissing = weights[offset + feature.vocabulary.length + 1];
        for (let k = 0; k < n; k++) {
          const code = codes[start + k];
          if (code < 0) out[k] += wMissing;
          else if (code < size) out[k] += weightOfCode[code];
          else badCode(f, start + k, code, size);
        }
      }
    }
  }
  return { rows, width, encodeRows, linearLogits };
}

/** Encodes every row into a new row-major Float32Array of `rows * inputWidth` floats. */
export function encodeFeatures(
  preprocessing: Preprocessing,
  columns: FeatureColumns,
  options: EncoderOptions = {},
): { rows: number; width: number; matrix: Float32Array } {
  const encoder = createFeatureEncoder(preprocessing, columns, options);
  const matrix = new Float32Array(encoder.rows * encoder.width);
  encoder.encodeRows(0, encoder.rows, matrix);
  return { rows: encoder.rows, width: encoder.width, matrix };
}
