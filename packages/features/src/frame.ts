import type { ArrayAllocator } from './arena.js';
import type { DictionaryColumn, FeatureColumn, FeatureFrame, FeatureSpec } from './types.js';

/** Checks that `columns` has exactly one column of the right kind and length per spec, then wraps it. */
export function makeFrame(
  specs: readonly FeatureSpec[],
  length: number,
  columns: Record<string, FeatureColumn>,
): FeatureFrame {
  for (const spec of specs) {
    const column = columns[spec.name];
    if (column === undefined) throw new Error(`feature frame: column ${spec.name} is missing`);
    const isNumeric = column instanceof Float32Array;
    if (isNumeric !== (spec.type === 'numeric')) {
      throw new Error(`feature frame: column ${spec.name} should be ${spec.type}`);
    }
    const size = isNumeric ? column.length : (column as DictionaryColumn).codes.length;
    if (size !== length)
      throw new Error(`feature frame: column ${spec.name} has ${size} rows, expected ${length}`);
  }
  if (Object.keys(columns).length !== specs.length) {
    throw new Error('feature frame: columns without a spec');
  }
  return { length, specs, columns };
}

/** Side-by-side concatenation of frames over the same query points (names must not repeat). */
export function concatFrames(frames: readonly FeatureFrame[]): FeatureFrame {
  const length = frames.length > 0 ? frames[0].length : 0;
  const specs: FeatureSpec[] = [];
  const columns: Record<string, FeatureColumn> = {};
  for (const frame of frames) {
    if (frame.length !== length) throw new Error('concatFrames: frames of different lengths');
    for (const spec of frame.specs) {
      if (spec.name in columns) throw new Error(`concatFrames: duplicate feature ${spec.name}`);
      specs.push(spec);
      columns[spec.name] = frame.columns[spec.name];
    }
  }
  return { length, specs, columns };
}

/** Rows [start, end) of a frame, as views (no copy). */
export function sliceFrame(frame: FeatureFrame, start: number, end: number): FeatureFrame {
  const columns: Record<string, FeatureColumn> = {};
  for (const spec of frame.specs) {
    const column = frame.columns[spec.name];
    columns[spec.name] =
      column instanceof Float32Array
        ? column.subarray(start, end)
        : { codes: column.codes.subarray(start, end), dictionary: column.dictionary };
  }
  return { length: end - start, specs: frame.specs, columns };
}

/** Writes column[rows[i]] into out[i] (NaN for row -1): one numeric field read from the as-of rows. */
export function gatherNumbersInto(out: Float32Array, column: ArrayLike<number>, rows: Int32Array): void {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = r >= 0 ? column[r] : Number.NaN;
  }
}

/** Gathers a dictionary column at the given rows (-1 row -> null code), sharing the dictionary. */
export function gatherCodes(
  source: DictionaryColumn,
  rows: Int32Array,
  alloc: ArrayAllocator,
): DictionaryColumn {
  const codes = alloc.int32(rows.length);
  for (let i = 0; i < rows.length; i++) codes[i] = rows[i] >= 0 ? source.codes[rows[i]] : -1;
  return { codes, dictionary: source.dictionary };
}
