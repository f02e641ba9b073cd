/**
 * Scores raw feature columns with a network in plain JS, identical on every backend (no backend runs) and
 * equal to the TensorFlow.js graph within float32 rounding (tested at 1e-5 on cpu and wasm).
 *
 * An MLP's first layer (the costly one: every input times every unit) is computed straight from the raw
 * columns, a tile of rows at a time: a column equal on every row of the tile (in a candidate chunk, the
 * user's own features, shared by her group's candidates) is standardised and added once, to the tile's
 * base; the others are standardised into the tile's input columns (a missing value as 0 plus a 1 in its
 * indicator's column), whose weight rows are then added to the rows' unit sums, two columns and eight units
 * per pass with the weights in locals; a category adds its slot's row. No one-hot matrix, no row-major copy
 * of the inputs, no per-row objects.
 * The layers after the first run per row on the sums. Anything invalid (±Infinity, a code outside its
 * dictionary) sends the tile's rows to the checked encoder, which throws its usual error.
 *
 * A cross network of one cross layer and the logit folds into such a first layer too (see
 * `crossAsProjections`). Deeper cross networks encode each tile in compact form (`compact-rows.ts`) and run
 * the compact forward pass (`network-forward.ts`): their layers multiply by the input elementwise.
 */
import { createCompactEncoder } from './compact-rows.js';
import { createFeatureEncoder, type EncoderOptions, type FeatureEncoder } from './encode.js';
import { createDenseTail, createNetworkForward } from './network-forward.js';
import type { NetworkParams } from './network-params.js';
import { inputLayout, type Preprocessing, transformColumns } from './preprocessing.js';
import type { CategoricalColumn, FeatureColumns, NumericColumn } from './types.js';

export interface NetworkScorer {
  /** Logit of every row of `columns` (schema-checked) into a new float64 array. */
  logits(columns: FeatureColumns, options?: EncoderOptions): Float64Array;
  /** `sigmoid(logit)` of every row. */
  probabilities(columns: FeatureColumns, options?: EncoderOptions): Float32Array;
}

/** Rows per tile of the compact (cross network) path. */
const COMPACT_TILE_ROWS = 256;

/** A scorer for `params`' network over `preprocessing`'s inputs. */
export function createNetworkScorer(preprocessing: Preprocessing, params: NetworkParams): NetworkScorer {
  // The fused kernels read raw columns (transformed here first); the compact encoder transforms its own.
  const fused = params.cross.length === 0 || (params.cross.length === 1 && params.dense.length === 1);
  const run =
    params.cross.length === 0
      ? fusedRun(preprocessing, mlpFirstLayer(params))
      : fused
        ? fusedRun(preprocessing, crossAsProjections(params))
        : compactRun(preprocessing, params);
  /** The transformed (`log1p`) columns' buffers, reused between calls. */
  const transformed = new Map<string, Float32Array>();
  const logits = (columns: FeatureColumns, options: EncoderOptions = {}) => {
    const encoder = createFeatureEncoder(preprocessing, columns, options);
    const out = new Float64Array(encoder.rows);
    run(fused ? transformColumns(preprocessing, columns, transformed) : columns, encoder, options, out);
    return out;
  };
  return {
    logits,
    probabilities(columns, options) {
      const z = logits(columns, options);
      const p = new Float32Array(z.length);
      for (let i = 0; i < z.length; i++) p[i] = 1 / (1 + Math.exp(-z[i]));
      return p;
    },
  };
}

/** Writes the logit of every row of `columns` (already checked by `encoder`) into `out`. */
type Run = (
  columns: FeatureColumns,
  encoder: FeatureEncoder,
  options: EncoderOptions,
  out: Float64Array,
) => void;

function compactRun(preprocessing: Preprocessing, params: NetworkParams): Run {
  let forward: ReturnType<typeof createNetworkForward> | undefined;
  let numeric = new Float32Array(0);
  let hot = new Int32Array(0);
  return (columns, _encoder, options, out) => {
    const compact = createCompactEncoder(preprocessing, columns, options);
    const blocks = compact.blockStarts.length;
    forward ??= createNetworkForward(params, compact.numericSlots, blocks);
    if (numeric.length === 0) {
      numeric = new Float32Array(COMPACT_TILE_ROWS * compact.numericSlots.length);
      hot = new Int32Array(COMPACT_TILE_ROWS * blocks);
    }
    for (let start = 0; start < compact.rows; start += COMPACT_TILE_ROWS) {
      const n = Math.min(COMPACT_TILE_ROWS, compact.rows - start);
      compact.encode(start, start + n, numeric, hot);
      forward.logits(numeric, hot, 0, n, out, start);
    }
  };
}

interface NumericTerm {
  readonly name: string;
  readonly mean: number;
  readonly scale: number;
  /** The value slot's weight row, padded to `width` units. */
  readonly weights: Float64Array;
  /** What a missing value adds: the indicator slot's row (zeros without an indicator). */
  readonly missing: Float64Array;
}

interface CategoricalTerm {
  readonly name: string;
  readonly slotOf: ReadonlyMap<string, number>;
  /** Offset in `categoryRows` of the block's first slot's row (vocabulary..., out-of-vocabulary, missing). */
  readonly first: number;
  readonly outOfVocabulary: number;
  /** Per dictionary: `code + 1` -> offset of its row in `categoryRows` (index 0: a missing code). */
  readonly tables: WeakMap<readonly string[], Int32Array>;
}

/**
 * A linear first layer read straight from the raw inputs (kernel `inputWidth x units`, bias), and what
 * turns its sums (after an optional ReLU) into the logit.
 */
interface FirstLayer {
  readonly kernel: Float64Array;
  readonly bias: Float64Array;
  readonly units: number;
  readonly relu: boolean;
  /** Where the sums go, and the rest of the network from them. */
  readonly tail: { readonly input: Float64Array; run(): number };
  /** When the rest is just the logit unit (one hidden layer): its weights and bias, applied inline. */
  readonly logit?: { readonly weights: Float64Array; readonly bias: number };
  /** When the rest is `sum[0] + sum[1..r] . sum[r+1..2r]` (one cross layer): the rank r, applied inline. */
  readonly projections?: number;
}

/** An MLP: its first dense layer, then the dense tail. */
function mlpFirstLayer(params: NetworkParams): FirstLayer {
  const first = params.dense[0];
  const logit = params.dense.length === 2 ? params.dense[1] : undefined;
  return {
    kernel: first.kernel,
    bias: first.bias,
    units: first.units,
    relu: params.dense.length > 1,
    tail: createDenseTail(params),
    logit: logit && { weights: logit.kernel, bias: logit.bias[0] },
  };
}

/**
 * One cross layer then the logit: with p = V^T x0, `logit = b + sum_a w_a x0_a (1 + c_a) + p . p'` where
 * `p' = (diag(w) U^T)^T x0` (from `x1_a = x0_a (U[:, a] . p + c_a) + x0_a`). Its three parts are linear in
 * the input, so they are a first layer of 1 + 2 x rank units, and the tail a dot product of two halves.
 */
function crossAsProjections(params: NetworkParams): FirstLayer {
  const { width: inputs } = params;
  const { rank: r, v, u, bias: c } = params.cross[0];
  const logit = params.dense[0];
  const units = 1 + 2 * r;
  const kernel = new Float64Array(inputs * units);
  for (let a = 0; a < inputs; a++) {
    const w = logit.kernel[a];
    kernel[a * units] = w * (1 + c[a]);
    for (let t = 0; t < r; t++) {
      kernel[a * units + 1 + t] = v[a * r + t];
      kernel[a * units + 1 + r + t] = w * u[t * inputs + a];
    }
  }
  const bias = new Float64Array(units);
  bias[0] = logit.bias[0];
  const input = new Float64Array(units);
  return {
    kernel,
    bias,
    units,
    relu: false,
    projections: r,
    tail: {
      input,
      run() {
        let z = input[0];
        for (let t = 1; t <= r; t++) z += input[t] * input[t + r];
        return z;
      },
    },
  };
}

function fusedRun(preprocessing: Preprocessing, first: FirstLayer): Run {
  const units = first.units;
  // One sum per unit and row; the hot loop adds eight units at a time, then the remaining ones one by one.
  const width = units;
  const relu = first.relu;
  const tail = first.tail;
  const layout = inputLayout(preprocessing);
  const row = (slot: number) => {
    const w = new Float64Array(width);
    w.set(first.kernel.subarray(slot * units, (slot + 1) * units));
    return w;
  };
  const numeric: NumericTerm[] = [];
  const categorical: CategoricalTerm[] = [];
  // Every category slot's padded row, and a row of zeros last (for invalid codes until the checked path).
  const categorySlots = preprocessing.features.reduce(
    (n, feature, f) => n + (feature.type === 'categorical' ? layout.sizes[f] : 0),
    0,
  );
  const categoryRows = new Float64Array((categorySlots + 1) * width);
  const zeroRow = categorySlots * width;
  let nextRow = 0;
  preprocessing.features.forEach((feature, f) => {
    const slot = layout.offsets[f];
    if (feature.type === 'numeric') {
      numeric.push({
        name: feature.name,
        mean: feature.mean,
        scale: 1 / feature.std,
        weights: row(slot),
        missing: feature.missingIndicator ? row(slot + 1) : new Float64Array(width),
      });
    } else {
      const size = layout.sizes[f];
      for (let s = 0; s < size; s++) categoryRows.set(row(slot + s), (nextRow + s) * width);
      categorical.push({
        name: feature.name,
        slotOf: new Map(feature.vocabulary.map((value, s) => [value, s] as const)),
        first: nextRow * width,
        outOfVocabulary: feature.vocabulary.length,
        tables: new WeakMap(),
      });
      nextRow += size;
    }
  });
  const bias = new Float64Array(width);
  bias.set(first.bias);
  const tableFor = (term: CategoricalTerm, dictionary: readonly string[]): Int32Array => {
    const cached = term.tables.get(dictionary);
    if (cached && cached.length === dictionary.length + 1) return cached;
    const table = new Int32Array(dictionary.length + 1);
    table[0] = term.first + (term.outOfVocabulary + 1) * width;
    for (let c = 0; c < dictionary.length; c++)
      table[c + 1] = term.first + (term.slotOf.get(dictionary[c]) ?? term.outOfVocabulary) * width;
    term.tables.set(dictionary, table);
    return table;
  };
  // A tile's sums stay in L1/L2: 32 KiB of float64 at most.
  const tileRows = Math.max(16, Math.min(256, Math.floor(4096 / width)));
  const sums = new Float64Array(tileRows * width);
  const base = new Float64Array(width);
  const scratch = new Float32Array(layout.width);
  // Every numeric term's value row then missing row, in one array; a tile's varying inputs as columns.
  const weightRows = new Float64Array(numeric.length * 2 * width);
  numeric.forEach((t, i) => {
    weightRows.set(t.weights, 2 * i * width);
    weightRows.set(t.missing, (2 * i + 1) * width);
  });
  const hasIndicator = numeric.map((t) => t.missing.some((w) => w !== 0));
  const inputs = new Float64Array(2 * numeric.length * tileRows);
  const blockRows = new Int32Array(Math.max(1, categorical.length) * tileRows);
  const inputRows = new Int32Array(2 * numeric.length + 3);

  // Per-tile bookkeeping in one object, so the kernels below stay module-level functions over typed arrays
  // (V8 optimises each on its own; one closure holding every loop ran about 3x slower).
  const tile: FusedTile = {
    width,
    tileRows,
    n: 0,
    sums,
    base,
    inputs,
    inputRows,
    columnsUsed: 0,
    blockRows,
    blocksUsed: 0,
    bad: false,
  };

  return (columns, encoder, _options, out) => {
    const values = numeric.map((t) => columns[t.name] as NumericColumn);
    const codes = categorical.map((t) => (columns[t.name] as CategoricalColumn).codes);
    const tables = categorical.map((t) => tableFor(t, (columns[t.name] as CategoricalColumn).dictionary));
    for (let start = 0; start < encoder.rows; start += tileRows) {
      const n = Math.min(tileRows, encoder.rows - start);
      base.set(bias);
      sums.fill(0, 0, n * width);
      tile.n = n;
      tile.columnsUsed = 0;
      tile.blocksUsed = 0;
      tile.bad = false;
      // The tile's varying inputs, standardised into columns (a missing value: 0, and a 1 in its indicator's
      // column when the tile has one); a column equal on every row of the tile goes to the base once.
      for (let t = 0; t < numeric.length; t++) {
        const term = numeric[t];
        const x = values[t];
        if (tileConstantNumber(x, start, n)) {
          if (!addConstantNumber(x[start], term.mean, term.scale, term.weights, term.missing, base, width))
            tile.bad = true;
          continue;
        }
        const o = tile.columnsUsed * tileRows;
        const missing = standardize(x, start, n, term.mean, term.scale, inputs, o);
        if (missing < 0) tile.bad = true;
        inputRows[tile.columnsUsed++] = 2 * t * width;
        if (missing !== 0 && hasIndicator[t]) {
          indicate(x, start, n, inputs, tile.columnsUsed * tileRows);
          inputRows[tile.columnsUsed++] = (2 * t + 1) * width;
        }
      }
      addInputColumns(tile, weightRows);
      // Categories: a tile-constant one adds its slot's row to the base; the others' rows are added per row.
      for (let t = 0; t < categorical.length; t++) {
        const c = codes[t];
        const table = tables[t];
        if (tileConstantCode(c, start, n)) {
          const code = c[start];
          if (code >= -1 && code < table.length - 1) addRow(categoryRows, table[code + 1], base, width);
          else tile.bad = true;
          continue;
        }
        if (!lookUpRows(c, start, n, table, zeroRow, blockRows, tile.blocksUsed * tileRows)) tile.bad = true;
        tile.blocksUsed++;
      }
      addCategoryRows(tile, categoryRows);
      // The checked encoder throws the usual message for the first invalid row of the tile.
      if (tile.bad) for (let r = start; r < start + n; r++) encoder.encodeRows(r, r + 1, scratch);
      if (first.logit) finishHidden(tile, units, first.logit.weights, first.logit.bias, out, start);
      else if (first.projections) finishProjections(tile, first.projections, out, start);
      else finishRows(tile, units, relu, tail, out, start);
    }
  };
}

/** What the kernels of one fused tile share. */
interface FusedTile {
  /** Units per row in `sums` (a multiple of eight). */
  readonly width: number;
  readonly tileRows: number;
  /** Rows in this tile. */
  n: number;
  /** `n x width` unit sums of the varying inputs. */
  readonly sums: Float64Array;
  /** Bias plus the tile-constant inputs' share, added to every row. */
  readonly base: Float64Array;
  /** Varying input columns (`tileRows` per column) and the offset of each one's weight row. */
  readonly inputs: Float64Array;
  readonly inputRows: Int32Array;
  columnsUsed: number;
  /** Per varying category block (`tileRows` per block): each row's slot row offset. */
  readonly blockRows: Int32Array;
  blocksUsed: number;
  /** An invalid value was seen (±Infinity, a code outside its dictionary). */
  bad: boolean;
}

/** True when `x[start .. start + n)` holds one value (NaN counts as equal to NaN). */
function tileConstantNumber(x: NumericColumn, start: number, n: number): boolean {
  const v0 = x[start];
  let k = 1;
  if (!Number.isNaN(v0)) while (k < n && x[start + k] === v0) k++;
  else while (k < n && Number.isNaN(x[start + k])) k++;
  return k === n;
}

function tileConstantCode(codes: Int32Array, start: number, n: number): boolean {
  const c0 = codes[start];
  let k = 1;
  while (k < n && codes[start + k] === c0) k++;
  return k === n;
}

/** Adds one value's share to `base`; false when the value is invalid. */
function addConstantNumber(
  v: number,
  mean: number,
  scale: number,
  weights: Float64Array,
  missing: Float64Array,
  base: Float64Array,
  width: number,
): boolean {
  const z = (v - mean) * scale;
  if (z - z === 0) for (let h = 0; h < width; h++) base[h] += z * weights[h];
  else if (Number.isNaN(v)) for (let h = 0; h < width; h++) base[h] += missing[h];
  else return false;
  return true;
}

/**
 * Standardised values of `x[start .. start + n)` into `inputs[o ..]` (missing: 0). Returns 0 when none was
 * missing, 1 when some were, -1 when a value was invalid (±Infinity).
 */
function standardize(
  x: NumericColumn,
  start: number,
  n: number,
  mean: number,
  scale: number,
  inputs: Float64Array,
  o: number,
): number {
  let missing = 0;
  for (let j = 0; j < n; j++) {
    const v = x[start + j];
    const z = (v - mean) * scale;
    if (z - z === 0) inputs[o + j] = z;
    else {
      inputs[o + j] = 0;
      if (!Number.isNaN(v)) return -1;
      missing = 1;
    }
  }
  return missing;
}

/** 1 where `x` is missing, 0 elsewhere, into `inputs[o ..]`. */
function indicate(x: NumericColumn, start: number, n: number, inputs: Float64Array, o: number): void {
  for (let j = 0; j < n; j++) inputs[o + j] = Number.isNaN(x[start + j]) ? 1 : 0;
}

/**
 * Adds every input column times its weight row to the unit sums: two columns and eight units per pass,
 * their sixteen weights in locals, so each sum is read and written once per two multiply-adds; units past
 * the last multiple of eight one at a time.
 */
function addInputColumns(tile: FusedTile, weightRows: Float64Array): void {
  const { width, tileRows, n, sums, inputs, inputRows, columnsUsed } = tile;
  let c = 0;
  for (; c + 2 <= columnsUsed; c += 2) {
    const r0 = inputRows[c];
    const r1 = inputRows[c + 1];
    const o0 = c * tileRows;
    const o1 = o0 + tileRows;
    let h = 0;
    for (; h + 8 <= width; h += 8) {
      const a0 = weightRows[r0 + h];
      const a1 = weightRows[r0 + h + 1];
      const a2 = weightRows[r0 + h + 2];
      const a3 = weightRows[r0 + h + 3];
      const a4 = weightRows[r0 + h + 4];
      const a5 = weightRows[r0 + h + 5];
      const a6 = weightRows[r0 + h + 6];
      const a7 = weightRows[r0 + h + 7];
      const b0 = weightRows[r1 + h];
      const b1 = weightRows[r1 + h + 1];
      const b2 = weightRows[r1 + h + 2];
      const b3 = weightRows[r1 + h + 3];
      const b4 = weightRows[r1 + h + 4];
      const b5 = weightRows[r1 + h + 5];
      const b6 = weightRows[r1 + h + 6];
      const b7 = weightRows[r1 + h + 7];
      for (let j = 0, a = h; j < n; j++, a += width) {
        const z0 = inputs[o0 + j];
        const z1 = inputs[o1 + j];
        sums[a] += z0 * a0 + z1 * b0;
        sums[a + 1] += z0 * a1 + z1 * b1;
        sums[a + 2] += z0 * a2 + z1 * b2;
        sums[a + 3] += z0 * a3 + z1 * b3;
        sums[a + 4] += z0 * a4 + z1 * b4;
        sums[a + 5] += z0 * a5 + z1 * b5;
        sums[a + 6] += z0 * a6 + z1 * b6;
        sums[a + 7] += z0 * a7 + z1 * b7;
      }
    }
    for (; h < width; h++) {
      const a0 = weightRows[r0 + h];
      const b0 = weightRows[r1 + h];
      for (let j = 0, a = h; j < n; j++, a += width) sums[a] += inputs[o0 + j] * a0 + inputs[o1 + j] * b0;
    }
  }
  if (c < columnsUsed) {
    const r0 = inputRows[c];
    const o0 = c * tileRows;
    for (let j = 0, a = 0; j < n; j++, a += width) {
      const z0 = inputs[o0 + j];
      for (let h = 0; h < width; h++) sums[a + h] += z0 * weightRows[r0 + h];
    }
  }
}

function addRow(rows: Float64Array, r: number, target: Float64Array, width: number): void {
  for (let h = 0; h < width; h++) target[h] += rows[r + h];
}

/** Each row's slot row offset into `blockRows[o ..]`; false when a code was outside its dictionary. */
function lookUpRows(
  codes: Int32Array,
  start: number,
  n: number,
  table: Int32Array,
  zeroRow: number,
  blockRows: Int32Array,
  o: number,
): boolean {
  const size = table.length - 1;
  let valid = true;
  for (let j = 0; j < n; j++) {
    const code = codes[start + j];
    if (code < -1 || code >= size) {
      valid = false;
      blockRows[o + j] = zeroRow;
    } else blockRows[o + j] = table[code + 1];
  }
  return valid;
}

/** Adds the varying categories' slot rows to the unit sums, two blocks per pass. */
function addCategoryRows(tile: FusedTile, categoryRows: Float64Array): void {
  const { width, tileRows, n, sums, blockRows, blocksUsed } = tile;
  for (let j = 0, a = 0; j < n; j++, a += width) {
    let b = 0;
    for (; b + 2 <= blocksUsed; b += 2) {
      const r0 = blockRows[b * tileRows + j];
      const r1 = blockRows[(b + 1) * tileRows + j];
      for (let h = 0; h < width; h++) sums[a + h] += categoryRows[r0 + h] + categoryRows[r1 + h];
    }
    if (b < blocksUsed) {
      const r0 = blockRows[b * tileRows + j];
      for (let h = 0; h < width; h++) sums[a + h] += categoryRows[r0 + h];
    }
  }
}

/** One hidden layer: the logit of each row is `bias + w . relu(base + sums)`, inline. */
function finishHidden(
  tile: FusedTile,
  units: number,
  weights: Float64Array,
  bias: number,
  out: Float64Array,
  start: number,
): void {
  const { width, n, sums, base } = tile;
  for (let j = 0, a = 0; j < n; j++, a += width) {
    let z = bias;
    for (let h = 0; h < units; h++) {
      const v = sums[a + h] + base[h];
      if (v > 0) z += v * weights[h];
    }
    out[start + j] = z;
  }
}

/** One cross layer: the logit of each row is `s[0] + s[1..r] . s[r+1..2r]` with `s = base + sums`. */
function finishProjections(tile: FusedTile, r: number, out: Float64Array, start: number): void {
  const { width, n, sums, base } = tile;
  for (let j = 0, a = 0; j < n; j++, a += width) {
    let z = sums[a] + base[0];
    for (let t = 1; t <= r; t++) z += (sums[a + t] + base[t]) * (sums[a + r + t] + base[r + t]);
    out[start + j] = z;
  }
}

/** Base + sums (ReLU when the first layer is hidden), then the rest of the network, per row. */
function finishRows(
  tile: FusedTile,
  units: number,
  relu: boolean,
  tail: FirstLayer['tail'],
  out: Float64Array,
  start: number,
): void {
  const { width, n, sums, base } = tile;
  const input = tail.input;
  for (let j = 0, a = 0; j < n; j++, a += width) {
    for (let h = 0; h < units; h++) {
      const v = sums[a + h] + base[h];
      input[h] = relu && v < 0 ? 0 : v;
    }
    out[start + j] = tail.run();
  }
}
