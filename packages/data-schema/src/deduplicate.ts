/**
 * De-duplication of the raw log on (trackable_id, user_id, tracker_created_at), first occurrence kept
 * (opened when any row of its key is), label conflicts counted apart from ordinary duplicates, in O(n):
 * an open-addressing hash table over the two dictionary codes and the timestamp's bits, with row
 * indices as entries (typed arrays only, no string keys).
 */
import {
  type DictionaryColumn,
  type IntListColumn,
  RAW_COLUMN_NAMES,
  RAW_SCHEMA,
  type RawColumns,
  type RawTable,
} from './schema.js';
import { takeRows } from './take-rows.js';
import { formatTimestampMicros } from './time.js';

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

/** One key whose rows disagree on has_been_opened (a label conflict), for reports. */
export interface LabelConflictExample {
  readonly trackable_id: string;
  readonly user_id: string;
  readonly tracker_created_at: string;
  /** has_been_opened of each row of the key, in log order. */
  readonly labels: boolean[];
}

/**
 * Keys (trackable_id, user_id, tracker_created_at) whose rows disagree on the label. They are not
 * ordinary duplicates (copies of one row): a log that records an impression and then its open as two
 * rows looks like this, so the key is kept once, as opened.
 */
export interface LabelConflicts {
  /** Keys whose rows disagree on has_been_opened. */
  readonly keys: number;
  /** Rows removed from those keys (each keeps one). */
  readonly rowsRemoved: number;
  /** The first 10 such keys, in log order. */
  readonly examples: LabelConflictExample[];
}

/** What de-duplication found. */
export interface DuplicateScan {
  /** Each key's first row, ascending: the rows to keep. */
  readonly keep: Int32Array;
  /** Kept rows (ascending, indices into the scanned table) to mark opened: their key has an opened row. */
  readonly promote: Int32Array;
  /** Rows removed from keys whose rows all agree on the label (ordinary duplicates). */
  readonly duplicates: number;
  readonly labelConflicts: LabelConflicts;
}

const MAX_CONFLICT_EXAMPLES = 10;

/** No label conflict: the value reports start from. */
export function noLabelConflicts(): LabelConflicts {
  return { keys: 0, rowsRemoved: 0, examples: [] };
}

/**
 * Finds each (trackable_id, user_id, tracker_created_at) key's first occurrence, counts the other rows,
 * and tells label conflicts apart from ordinary duplicates. The rule (documented in the package
 * README): a key keeps its first row (its counters and profile as first logged) and is opened when any
 * of its rows is, because an open is never undone and a log that writes the impression and then the
 * open as two rows means an open. Timestamps compare by value (NaN never occurs: the column is required).
 */
export function scanDuplicates(table: RawTable): DuplicateScan {
  const n = table.length;
  const post = table.columns.trackable_id.codes;
  const user = table.columns.user_id.codes;
  const time = table.columns.tracker_created_at;
  const opened = table.columns.has_been_opened;
  let size = 16;
  while (size < n * 2) size *= 2;
  const mask = size - 1;
  // slot -> row index + 1 (0 = empty)
  const slots = new Int32Array(size);
  const keep = new Int32Array(n);
  let kept = 0;
  // Duplicates are rare (0.4 % of the real log): their (row, first row) pairs in plain arrays.
  const repeatRows: number[] = [];
  const repeatOf: number[] = [];
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
      if (post[r] === p && user[r] === u && time[r] === t) {
        repeatRows.push(i);
        repeatOf.push(r);
        break;
      }
      s = (s + 1) & mask;
    }
  }
  if (repeatRows.length === 0) {
    return {
      keep: keep.slice(0, kept),
      promote: new Int32Array(0),
      duplicates: 0,
      labelConflicts: noLabelConflicts(),
    };
  }
  // Per first row with repeats: does the key have an opened row, an unopened one, how many repeats.
  const sawOpened = new Map<number, boolean>();
  const sawUnopened = new Map<number, boolean>();
  const repeats = new Map<number, number>();
  for (let k = 0; k < repeatRows.length; k++) {
    const first = repeatOf[k];
    const label = opened[repeatRows[k]];
    repeats.set(first, (repeats.get(first) ?? 0) + 1);
    if (label) sawOpened.set(first, true);
    else sawUnopened.set(first, true);
  }
  let duplicates = 0;
  let conflictKeys = 0;
  let conflictRows = 0;
  const promote: number[] = [];
  const examples: LabelConflictExample[] = [];
  // Map iteration follows insertion, i.e. the first repeat of each key: sort by first row for log order.
  const firsts = [...repeats.keys()].sort((a, b) => a - b);
  for (const first of firsts) {
    const count = repeats.get(first) ?? 0;
    const anyOpened = opened[first] === 1 || sawOpened.has(first);
    const anyUnopened = opened[first] === 0 || sawUnopened.has(first);
    if (!(anyOpened && anyUnopened)) {
      duplicates += count;
      continue;
    }
    conflictKeys++;
    conflictRows += count;
    if (opened[first] === 0) promote.push(first);
    if (examples.length < MAX_CONFLICT_EXAMPLES) {
      const labels = [opened[first] === 1];
      for (let k = 0; k < repeatRows.length; k++)
        if (repeatOf[k] === first) labels.push(opened[repeatRows[k]] === 1);
      examples.push({
        trackable_id: table.columns.trackable_id.dictionary[post[first]],
        user_id: table.columns.user_id.dictionary[user[first]],
        tracker_created_at: formatTimestampMicros(time[first]),
        labels,
      });
    }
  }
  return {
    keep: keep.slice(0, kept),
    promote: Int32Array.from(promote),
    duplicates,
    labelConflicts: { keys: conflictKeys, rowsRemoved: conflictRows, examples },
  };
}

/** Indices of the rows to keep (ascending): each (trackable_id, user_id, tracker_created_at) key's first. */
export function firstOccurrenceRows(table: RawTable): Int32Array {
  return scanDuplicates(table).keep;
}

/**
 * Drops repeated (trackable_id, user_id, tracker_created_at) rows, keeping each key's first occurrence
 * in the original order, opened when any row of the key is (see scanDuplicates). Returns the new table,
 * the ordinary duplicates dropped and the label conflicts. The codes of `table` must come from one read
 * (shared dictionaries), as loadRawLog and readRawBatches produce them. `table` is not modified.
 */
export function deduplicate(table: RawTable): {
  table: RawTable;
  duplicates: number;
  labelConflicts: LabelConflicts;
} {
  const scan = scanDuplicates(table);
  if (scan.keep.length === table.length) {
    return { table, duplicates: 0, labelConflicts: scan.labelConflicts };
  }
  const out = takeRows(table, scan.keep);
  promoteKept(out, scan.keep, scan.promote);
  return { table: out, duplicates: scan.duplicates, labelConflicts: scan.labelConflicts };
}

/**
 * Marks opened, in `out` (the rows `keep` of a scanned table), the kept rows listed in `promote`
 * (indices into the scanned table, ascending, a subset of `keep`).
 */
export function promoteKept(out: RawTable, keep: Int32Array, promote: Int32Array): void {
  const opened = out.columns.has_been_opened;
  let k = 0;
  for (let i = 0; i < promote.length; i++) {
    while (keep[k] !== promote[i]) k++;
    opened[k] = 1;
  }
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
