/** Row selection on a RawTable: a gather of every column, dictionaries shared with the source. */
import {
  type DictionaryColumn,
  type IntListColumn,
  RAW_COLUMN_NAMES,
  RAW_SCHEMA,
  type RawColumns,
  type RawTable,
} from './schema.js';

/**
 * Runs of consecutive source rows in `rows`, as (source start, destination start, length) triples, or
 * null when they are too short to pay (a copy per run beats an element loop only for long runs). Row
 * selections of this package are mostly long runs: de-duplication drops a few rows of a million.
 */
function runsOf(rows: Int32Array): Int32Array | null {
  let count = 0;
  for (let i = 0; i < rows.length; i++) if (i === 0 || rows[i] !== rows[i - 1] + 1) count++;
  if (count * MIN_MEAN_RUN > rows.length) return null;
  const runs = new Int32Array(count * 3);
  let k = 0;
  for (let i = 0; i < rows.length; ) {
    let j = i + 1;
    while (j < rows.length && rows[j] === rows[j - 1] + 1) j++;
    runs[k++] = rows[i];
    runs[k++] = i;
    runs[k++] = j - i;
    i = j;
  }
  return runs;
}

/** Mean run length from which takeRows copies runs instead of gathering row by row. */
const MIN_MEAN_RUN = 16;

function gather<T extends Int32Array | Float64Array | Uint8Array>(
  source: T,
  rows: Int32Array,
  runs: Int32Array | null,
): T {
  const out = new (source.constructor as new (n: number) => T)(rows.length);
  if (runs !== null) {
    for (let k = 0; k < runs.length; k += 3) {
      out.set(source.subarray(runs[k], runs[k] + runs[k + 2]) as never, runs[k + 1]);
    }
  } else {
    for (let i = 0; i < rows.length; i++) out[i] = source[rows[i]];
  }
  return out;
}

function gatherList(source: IntListColumn, rows: Int32Array, runs: Int32Array | null): IntListColumn {
  const offsets = new Int32Array(rows.length + 1);
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    total += source.offsets[r + 1] - source.offsets[r];
    offsets[i + 1] = total;
  }
  const values = new Int32Array(total);
  if (runs !== null) {
    for (let k = 0; k < runs.length; k += 3) {
      const from = runs[k];
      values.set(
        source.values.subarray(source.offsets[from], source.offsets[from + runs[k + 2]]),
        offsets[runs[k + 1]],
      );
    }
  } else {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      values.set(source.values.subarray(source.offsets[r], source.offsets[r + 1]), offsets[i]);
    }
  }
  return { offsets, values };
}

/**
 * A new table holding rows `rows` of `table`, in that order (repeats allowed). Dictionary columns keep
 * the source's dictionary, so codes stay comparable with the source. Throws RangeError on an index
 * outside the table.
 */
export function takeRows(table: RawTable, rows: Int32Array): RawTable {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r < 0 || r >= table.length) {
      throw new RangeError(
        `takeRows: row ${r} at position ${i} is outside the table (length ${table.length})`,
      );
    }
  }
  const runs = runsOf(rows);
  const columns: Record<string, unknown> = {};
  const source = table.columns as unknown as Record<string, unknown>;
  for (const name of RAW_COLUMN_NAMES) {
    const kind = RAW_SCHEMA[name].kind;
    const column = source[name];
    if (kind === 'id' || kind === 'category') {
      const dict = column as DictionaryColumn;
      columns[name] = { codes: gather(dict.codes, rows, runs), dictionary: dict.dictionary };
    } else if (kind === 'intList') {
      columns[name] = gatherList(column as IntListColumn, rows, runs);
    } else {
      columns[name] = gather(column as Int32Array | Float64Array | Uint8Array, rows, runs);
    }
  }
  return { length: rows.length, columns: columns as unknown as RawColumns };
}

/**
 * Keeps only rows `keep` (strictly ascending indices) of `table`, compacting its columns in place and
 * returning a table of views over the same storage. For a table nobody else holds (a fresh load): it
 * avoids allocating a second copy of the log. `table` itself must not be used afterwards.
 */
export function compactRowsInPlace(table: RawTable, keep: Int32Array): RawTable {
  for (let i = 0; i < keep.length; i++) {
    const r = keep[i];
    if (r < i || r >= table.length || (i > 0 && r <= keep[i - 1])) {
      throw new RangeError(`compactRowsInPlace: rows must be strictly ascending indices into the table`);
    }
  }
  const n = keep.length;
  const columns: Record<string, unknown> = {};
  const source = table.columns as unknown as Record<string, unknown>;
  for (const name of RAW_COLUMN_NAMES) {
    const kind = RAW_SCHEMA[name].kind;
    const column = source[name];
    if (kind === 'id' || kind === 'category') {
      const dict = column as DictionaryColumn;
      columns[name] = { codes: compact(dict.codes, keep), dictionary: dict.dictionary };
    } else if (kind === 'intList') {
      const list = column as IntListColumn;
      const { offsets, values } = list;
      let at = 0;
      for (let i = 0; i < n; i++) {
        const r = keep[i];
        const start = offsets[r];
        const end = offsets[r + 1];
        // Destinations never pass sources (rows ascending), so copying left is safe.
        values.copyWithin(at, start, end);
        offsets[i] = at;
        at += end - start;
      }
      offsets[n] = at;
      columns[name] = { offsets: offsets.subarray(0, n + 1), values: values.subarray(0, at) };
    } else {
      columns[name] = compact(column as Int32Array | Float64Array | Uint8Array, keep);
    }
  }
  return { length: n, columns: columns as unknown as RawColumns };
}

function compact<T extends Int32Array | Float64Array | Uint8Array>(data: T, keep: Int32Array): T {
  for (let i = 0; i < keep.length; i++) data[i] = data[keep[i]];
  return data.subarray(0, keep.length) as T;
}
