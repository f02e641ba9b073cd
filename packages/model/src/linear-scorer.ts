/**
 * The linear model folded into plain JS: `logit = bias + sum_s w[s] * input[s]` computed from the raw columns
 * without building the input matrix. A `log1p` feature's column is transformed first (one pass); standardisation folds into one multiply per numeric value
 * (`w * (v - mean) / std = slope * v + intercept`, the intercepts summed into the bias once), a one-hot block
 * into one table lookup per row. Hot loops run a column (or a few) at a time over a small float64 tile that
 * stays in L1, with no per-value validity test: a NaN selects the missing term, and anything invalid
 * (±Infinity, a code outside its dictionary) leaves a non-finite logit that the final pass sends to the
 * checked encoder, which either computes the row exactly or throws its usual error.
 */
import type { FeatureEncoder } from './encode.js';
import { inputLayout, log1pValue, type Preprocessing, transformColumns } from './preprocessing.js';
import {
  type CategoricalColumn,
  type FeatureColumns,
  isCategoricalColumn,
  type NumericColumn,
} from './types.js';

/** Rows per tile: a 32 KiB float64 logit buffer, reused across calls. */
const TILE_ROWS = 4096;

/** Scores raw feature columns with a linear model's weights. */
export interface LinearScorer {
  /**
   * Writes `sigmoid(logit)` of every row of `columns` into `out` (which must hold `encoder.rows` floats).
   * `columns` must already match the schema (`encoder` was created from them); `encoder` supplies the checked
   * path for rows whose fast logit is not finite.
   */
  probabilities(columns: FeatureColumns, encoder: FeatureEncoder, out: Float32Array): void;
  /** The same, logits in float64 (tests compare them with the encoded matrix times the weights). */
  logits(columns: FeatureColumns, encoder: FeatureEncoder, out: Float64Array): void;
  /**
   * Feature `name`'s term of the logit for every row of its raw `column` (the `log1p` transform applied, a
   * missing value's or an unseen category's slot included), written to `out`: a row's logit is a constant
   * plus the sum of its features' terms, so replacing one column changes the logit by the difference of
   * its terms (permutation importance rescoring one shuffled feature). A value the model cannot score
   * (±Infinity, a code outside the dictionary) gives a non-finite term; `columns` is not schema-checked here.
   * @throws RangeError when the model has no feature `name`, or when `column`'s kind is not the feature's.
   */
  term(name: string, column: FeatureColumns[string], out: Float64Array): void;
}

interface NumericTerm {
  readonly name: string;
  /** `w / std`. */
  readonly slope: number;
  /** What a missing value adds instead of `slope * v` (the missing indicator's weight minus the intercept). */
  readonly missing: number;
}

interface CategoricalTerm {
  readonly name: string;
  /** code -> slot weight for a dictionary, index 0 = missing, `code + 1` = the code's slot. */
  readonly tables: WeakMap<readonly string[], Float64Array>;
  readonly slotOf: ReadonlyMap<string, number>;
  readonly weights: Float64Array;
}

/**
 * Folds `weights` (the kernel, one per input slot) and `bias` of a linear model over `preprocessing`'s inputs.
 * Category tables are cached per dictionary array (identity and length): dictionaries are append-only, so a
 * grown one gets a new table and an unchanged one is reused across calls.
 */
export function createLinearScorer(
  preprocessing: Preprocessing,
  weights: Float32Array,
  bias: number,
): LinearScorer {
  const layout = inputLayout(preprocessing);
  if (weights.length !== layout.width)
    throw new RangeError(`${weights.length} weights for ${layout.width} inputs`);
  let base = bias;
  /** Numeric features that were missing in training: NaN is common, so one column per loop. */
  const sparse: NumericTerm[] = [];
  /** The others: NaN is rare, so four columns per loop (the missing branch is almost never taken). */
  const dense: NumericTerm[] = [];
  const categorical: CategoricalTerm[] = [];
  const termOf = new Map<
    string,
    { numeric: NumericTerm; log1p: boolean } | { categorical: CategoricalTerm }
  >();
  preprocessing.features.forEach((feature, f) => {
    const offset = layout.offsets[f];
    if (feature.type === 'numeric') {
      const slope = weights[offset] / feature.std;
      const intercept = -slope * feature.mean;
      base += intercept;
      const wMissing = feature.missingIndicator ? weights[offset + 1] : 0;
      const term: NumericTerm = { name: feature.name, slope, missing: wMissing - intercept };
      (feature.missingIndicator ? sparse : dense).push(term);
      termOf.set(feature.name, { numeric: term, log1p: feature.transform === 'log1p' });
    } else {
      const term: CategoricalTerm = {
        name: feature.name,
        tables: new WeakMap(),
        slotOf: new Map(feature.vocabulary.map((value, slot) => [value, slot] as const)),
        // Slots: vocabulary..., out-of-vocabulary, missing.
        weights: Float64Array.from(weights.subarray(offset, offset + layout.sizes[f])),
      };
      categorical.push(term);
      termOf.set(feature.name, { categorical: term });
    }
  });

  const tableFor = (term: CategoricalTerm, dictionary: readonly string[]): Float64Array => {
    const cached = term.tables.get(dictionary);
    if (cached && cached.length === dictionary.length + 1) return cached;
    const outOfVocabulary = term.weights.length - 2;
    const table = new Float64Array(dictionary.length + 1);
    table[0] = term.weights[outOfVocabulary + 1];
    for (let c = 0; c < dictionary.length; c++)
      table[c + 1] = term.weights[term.slotOf.get(dictionary[c]) ?? outOfVocabulary];
    term.tables.set(dictionary, table);
    return table;
  };

  const tile = new Float64Array(TILE_ROWS);
  const sanitized = new Int32Array(TILE_ROWS);
  const sanitizedValues = new Float32Array(sanitized.buffer);
  const sanitized1 = new Int32Array(TILE_ROWS);
  const sanitizedValues1 = new Float32Array(sanitized1.buffer);
  const row = new Float32Array(layout.width);
  /** The checked path for one row: the encoder's exact input row (or its error) times the weights. */
  const checkedLogit = (encoder: FeatureEncoder, r: number): number => {
    encoder.encodeRows(r, r + 1, row);
    let z = bias;
    for (let s = 0; s < row.length; s++) z += weights[s] * row[s];
    return z;
  };

  /** The transformed (`log1p`) columns' buffers, reused between calls. */
  const transformed = new Map<string, Float32Array>();

  function run(
    rawColumns: FeatureColumns,
    encoder: FeatureEncoder,
    write: (start: number, logits: Float64Array, n: number) => void,
  ): void {
    // The slopes and intercepts apply to the transformed values (the checked encoder transforms its own).
    const columns = transformColumns(preprocessing, rawColumns, transformed);
    const dense4 = dense.length - (dense.length % 4);
    const denseColumns = dense.map((t) => columns[t.name] as NumericColumn);
    const sparseColumns = sparse.map((t) => columns[t.name] as NumericColumn);
    // Float32 columns are read as bits too, so that their NaNs are found without a branch.
    const sparseBits = sparseColumns.map((x) =>
      x instanceof Float32Array ? new Int32Array(x.buffer, x.byteOffset, x.length) : null,
    );
    const codeColumns = categorical.map((t) => (columns[t.name] as CategoricalColumn).codes);
    const tables = categorical.map((t) => tableFor(t, (columns[t.name] as CategoricalColumn).dictionary));
    const out = tile;
    for (let start = 0; start < encoder.rows; start += TILE_ROWS) {
      const n = Math.min(TILE_ROWS, encoder.rows - start);
      out.fill(base, 0, n);
      for (let g = 0; g < dense4; g += 4) {
        const x0 = denseColumns[g];
        const x1 = denseColumns[g + 1];
        const x2 = denseColumns[g + 2];
        const x3 = denseColumns[g + 3];
        const { slope: a0, missing: m0 } = dense[g];
        const { slope: a1, missing: m1 } = dense[g + 1];
        const { slope: a2, missing: m2 } = dense[g + 2];
        const { slope: a3, missing: m3 } = dense[g + 3];
        for (let k = 0, j = start; k < n; k++, j++) {
          const v0 = x0[j];
          const v1 = x1[j];
          const v2 = x2[j];
          const v3 = x3[j];
          out[k] +=
            (Number.isNaN(v0) ? m0 : a0 * v0) +
            (Number.isNaN(v1) ? m1 : a1 * v1) +
            (Number.isNaN(v2) ? m2 : a2 * v2) +
            (Number.isNaN(v3) ? m3 : a3 * v3);
        }
      }
      for (let g = dense4; g < dense.length; g++) addNumeric(out, n, denseColumns[g], start, dense[g]);
      for (let g = 0; g < sparse.length; g++) {
        const bits = sparseBits[g];
        if (bits === null) {
          addNumeric(out, n, sparseColumns[g], start, sparse[g]);
          continue;
        }
        // Two float32 columns per loop when the next one is float32 too (halves the tile's loads and stores).
        const bits1 = g + 1 < sparse.length ? sparseBits[g + 1] : null;
        if (bits1 !== null) {
          const { slope: a0, missing: m0 } = sparse[g];
          const { slope: a1, missing: m1 } = sparse[g + 1];
          for (let k = 0, j = start; k < n; k++, j++) {
            const b0 = bits[j];
            const b1 = bits1[j];
            const nan0 = ((b0 & 0x7fffffff) + 0x007fffff) >>> 31;
            const nan1 = ((b1 & 0x7fffffff) + 0x007fffff) >>> 31;
            sanitized[k] = b0 & (nan0 - 1);
            sanitized1[k] = b1 & (nan1 - 1);
            out[k] += a0 * sanitizedValues[k] + m0 * nan0 + (a1 * sanitizedValues1[k] + m1 * nan1);
          }
          g++;
          continue;
        }
        // Where NaN is common a branch on it mispredicts: instead, a NaN's bits become 0.0 (in a scratch
        // float32 view) and the missing term is added times the 0/1 NaN flag.
        const { slope, missing } = sparse[g];
        for (let k = 0, j = start; k < n; k++, j++) {
          const b = bits[j];
          // 1 for NaN (exponent all ones, mantissa non-zero), 0 for any other float, ±Infinity included.
          const nan = ((b & 0x7fffffff) + 0x007fffff) >>> 31;
          sanitized[k] = b & (nan - 1);
          out[k] += slope * sanitizedValues[k] + missing * nan;
        }
      }
      let c = 0;
      for (; c + 2 <= categorical.length; c += 2) {
        const codes0 = codeColumns[c];
        const codes1 = codeColumns[c + 1];
        const t0 = tables[c];
        const t1 = tables[c + 1];
        // A code past the table reads undefined: the logit becomes NaN and the checked path reports it.
        for (let k = 0, j = start; k < n; k++, j++) out[k] += t0[codes0[j] + 1] + t1[codes1[j] + 1];
      }
      if (c < categorical.length) {
        const codes = codeColumns[c];
        const table = tables[c];
        for (let k = 0, j = start; k < n; k++, j++) out[k] += table[codes[j] + 1];
      }
      for (let k = 0; k < n; k++) {
        const z = out[k];
        if (z - z !== 0) out[k] = checkedLogit(encoder, start + k);
      }
      write(start, out, n);
    }
  }

  return {
    probabilities(columns, encoder, scores) {
      run(columns, encoder, (start, logits, n) => {
        for (let k = 0; k < n; k++) scores[start + k] = 1 / (1 + Math.exp(-logits[k]));
      });
    },
    logits(columns, encoder, out) {
      run(columns, encoder, (start, logits, n) => out.set(logits.subarray(0, n), start));
    },
    term(name, column, out) {
      const found = termOf.get(name);
      if (found === undefined) throw new RangeError(`term: the model has no feature "${name}"`);
      if ('categorical' in found) {
        if (!isCategoricalColumn(column))
          throw new RangeError(`term: feature "${name}" is categorical, got a numeric column`);
        const { codes } = column;
        const table = tableFor(found.categorical, column.dictionary);
        // Code -1 (missing) reads slot 0; a code past the table reads undefined, a NaN term.
        for (let i = 0; i < codes.length; i++) out[i] = table[codes[i] + 1];
        return;
      }
      if (isCategoricalColumn(column))
        throw new RangeError(`term: feature "${name}" is numeric, got a categorical column`);
      const { slope, missing } = found.numeric;
      // ±Infinity gives a non-finite term, like a non-finite logit on the fast path.
      for (let i = 0; i < column.length; i++) {
        const v = found.log1p ? log1pValue(column[i]) : column[i];
        out[i] = Number.isNaN(v) ? missing : slope * v;
      }
    },
  };
}

function addNumeric(out: Float64Array, n: number, x: NumericColumn, start: number, term: NumericTerm): void {
  const { slope, missing } = term;
  for (let k = 0, j = start; k < n; k++, j++) {
    const v = x[j];
    out[k] += Number.isNaN(v) ? missing : slope * v;
  }
}
