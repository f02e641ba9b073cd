/**
 * De-duplication of the raw log on (trackable_id, user_id, tracker_created_at), first occurrence kept,
 * in O(n): an open-addressing hash table over the two dictionary codes and the timestamp's bits, with
 * row indices as entries (typed arrays only, no string keys).
 */
import {
  type DictionaryColumn,
  type IntListColumn,
  RAW_COLUMN_NAMES,
  RAW_SCHEMA,
  type RawColumns,
  type RawTable,
} from './schema.js';
import { takeRows } from './takeRows.js';

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** 32-bit mix of the three key parts (murmur3-style finaliser per word). */
function hashKey(post: number, user: number, micros: number): number {
  bits[0] = micros;
  let h = Math.imul(post ^ 0x9e3779b9, 0x85ebca6b);
  h ^= Math.imul(user ^ (h >>> 15), 0xc2b2ae35);
  h ^= Math.imul(words[0] ^ (h >>> 13), 0x27d4eb2f);
  h ^= Math.imul(words[1] ^ (h >>> 16), 0x165667b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * Indices of the rows to keep (ascending): each (trackable_id, user_id, tracker_created_at) key at its
 * first occurrence. Timestamps compare by value (NaN never occurs: the column is required).
 */
export function firstOccurrenceRows(table: RawTable): Int32Array {
  const n = table.length;
  const post = table.columns.trackable_id.codes;
  const user = table.columns.user_id.codes;
  const time = table.columns.tracker_created_at;
  let size = 16;
  while (size < n * 2) size *= 2;
  const mask = size - 1;
  // slot -> row index + 1 (0 = empty)
  const slots = new Int32Array(size);
  const keep = new Int32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const p = post[i];
    const u = user[i];
    const t = time[i];
    let s = hashKey(p, u, t) & mask;
    for (;;) {
      const entry = slots[s];
      if (entry === 0) {
        slots[s] = i + 1;
        keep[kept++] = i;
        break;
      }
      const r = entry - 1;
      if (post[r] === p && user[r] === u && time[r] === t) break;
      s = (s + 1) & mask;
    }
  }
  return keep.slice(0, kept);
}

/**
 * Drops repeated (trackable_id, user_id, tracker_created_at) rows, keeping each key's first occurrence
 * in the original order. Returns the new table and how many rows were dropped. The codes of `table`
 * must come from one read (shared dictionaries), as loadRawLog and readRawBatches produce them.
 */
export function deduplicate(table: RawTable): { table: RawTable; duplicates: number } {
  const keep = firstOccurrenceRows(table);
  const duplicates = table.length - keep.length;
  if (duplicates === 0) return { table, duplicates: 0 };
  return { table: takeRows(table, keep), duplicates };
}

/**
 * Keeps rows `keep` (strictly ascending, as firstOccurrenceRows gives them) of `table` in place and
 * returns views of the same storage; `table` must not be used afterwards. Kept rows come in long runs
 * between duplicates, so each run moves with one native copyWithin per column instead of a row-by-row
 * gather (and one copy per row of every list column).
 */
export function compactKeptRuns(table: RawTable, keep: Int32Array): RawTable {
  const n = keep.length;
  for (let i = 0; i < n; i++) {
    const r = keep[i];
    if (r < i || r >= table.length || (i > 0 && r <= keep[i - 1])) {
      throw new RangeError('compactKeptRuns: rows must be strictly ascending indices into the table');
    }
  }
  // Runs of consecutive kept rows: source start, destination start, length.
  const runs: number[] = [];
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && keep[j] === keep[j - 1] + 1) j++;
    runs.push(keep[i], i, j - i);
    i = j;
  }
  const columns: Record<string, unknown> = {};
  const source = table.columns as unknown as Record<string, unknown>;
  for (const name of RAW_COLUMN_NAMES) {
    const kind = RAW_SCHEMA[name].kind;
    const column = source[name];
    if (kind === 'intList') {
      const { offsets, values } = column as IntListColumn;
      let at = 0;
      for (let k = 0; k < runs.length; k += 3) {
        const from = runs[k];
        const to = runs[k + 1];
        const length = runs[k + 2];
        const start = offsets[from];
        const end = offsets[from + length];
        // Destinations never pass sources (rows ascending): reading ahead of the writes is safe.
        if (start !== at || from !== to) {
          for (let r = 0; r < length; r++) offsets[to + r] = offsets[from + r] - start + at;
          values.copyWithin(at, start, end);
        }
        at += end - start;
      }
      offsets[n] = at;
      columns[name] = {
        offsets: offsets.subarray(0, n + 1),
        values: values.subarray(0, at),
      } satisfies IntListColumn;
    } else if (kind === 'id' || kind === 'category') {
      const dict = column as DictionaryColumn;
      columns[name] = {
        codes: moveRuns(dict.codes, runs, n),
        dictionary: dict.dictionary,
      } satisfies DictionaryColumn;
    } else {
      columns[name] = moveRuns(column as Int32Array | Float64Array | Uint8Array, runs, n);
    }
  }
  return { length: n, columns: columns as unknown as RawColumns };
}

function moveRuns<T extends Int32Array | Float64Array | Uint8Array>(data: T, runs: number[], n: number): T {
  for (let k = 0; k < runs.length; k += 3) {
    const from = runs[k];
    const to = runs[k + 1];
    if (from !== to) data.copyWithin(to, from, from + runs[k + 2]);
  }
  return data.subarray(0, n) as T;
}
