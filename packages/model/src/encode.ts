/**
 * The one function that turns raw feature columns into the model's input matrix, shared by training,
 * Node scoring and browser scoring so they cannot drift apart. Numeric values are standardised with the
 * saved training statistics, after the feature's transform (`log1p` of a heavy-tailed count) if any (missing -> the training mean, plus the missing indicator when fitted);
 * categories are one-hot encoded over the saved vocabulary (unknown -> OOV slot, missing -> missing slot).
 */
import { assertColumnsMatch } from './feature-schema.js';
import { inputLayout, log1pValue, type Preprocessing } from './preprocessing.js';
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
}

/** Rows per encoding tile (see `encodeRows`). */
const TILE_ROWS = 256;

export interface EncoderOptions {
  /** Accept columns the model does not use (default false: unexpected columns are a schema error). */
  readonly allowUnexpected?: boolean;
  /** Prefix of error messages. */
  readonly context?: string;
}

/**
 * Checks `columns` against the model's feature schema (throws a FeatureSchemaError naming missing, unexpected and
 * retyped features) and returns an encoder for them.
 */
export function createFeatureEncoder(
  preprocessing: Preprocessing,
  columns: FeatureColumns,
  options: EncoderOptions = {},
): FeatureEncoder {
  const context = options.context ?? 'scoring data';
  const rows = assertColumnsMatch(
    preprocessing.featureSpecs,
    columns,
    context,
    options.allowUnexpected ?? false,
  );
  const layout = inputLayout(preprocessing);
  const width = layout.width;
  // Category lookups depend on the caller's dictionaries: built per encoder, at its first encoded row (the
  // folded linear path encodes none, or only the rows it has to check).
  let lookups: (Int32Array | null)[] | undefined;
  const buildLookups = () =>
    preprocessing.features.map((feature) => {
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
        const log = feature.transform === 'log1p';
        for (let k = 0, o = offset; k < n; k++, o += width) {
          const v = log ? log1pValue(values[start + k]) : values[start + k];
          const z = (v - mean) * scale;
          // z - z is 0 for every finite z: one cheap test sends NaN and ±Infinity to the cold path.
          if (z - z === 0) out[o] = z;
          else if (Number.isNaN(v)) {
            if (indicator) out[o + 1] = 1;
          } else badNumber(f, start + k, v);
        }
      } else {
        const codes = (columns[feature.name] as CategoricalColumn).codes;
        const lookup = (lookups as (Int32Array | null)[])[f] as Int32Array;
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
    lookups ??= buildLookups();
    // Tiles of a few hundred rows keep the strided per-feature writes inside the CPU cache.
    for (let t = start; t < end; t += TILE_ROWS)
      encodeTile(t, Math.min(t + TILE_ROWS, end), out, (t - start) * width);
  }

  return { rows, width, encodeRows };
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
