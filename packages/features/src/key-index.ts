import type { ArrayAllocator } from './arena.js';
import { contextMemo, type FeatureBatch } from './batch.js';
import { lowerBoundNear, searchHints } from './search.js';
import type { FeatureContext } from './types.js';

/**
 * The log grouped by key (post code, user code or (user, post) pair id) in CSR form, each key's events
 * in time order (ties by row index, the order of context.timeOrder), with cumulative opens. Any "events
 * of key k in [a, t)" question is then two binary searches in k's own short list: no sort of the query
 * points and no walk over the whole log per batch, so a query costs O(log events-of-its-key) in any
 * order; the brute-force property tests pin every window value to an O(n^2) reference.
 */
export interface KeyIndex {
  /** Key k's events are CSR positions offsets[k] .. offsets[k + 1] - 1. */
  readonly offsets: Int32Array;
  /** Event time (µs) per CSR position, ascending within a key. */
  readonly times: Float64Array;
  /** Log row per CSR position. */
  readonly rows: Int32Array;
  /** Opened events among CSR positions < pos (length positions + 1): opens of [a, b) = opensBefore[b] - opensBefore[a]. */
  readonly opensBefore: Int32Array;
  /** Per CSR position: time of the latest opened event of the same key at or before it, NaN when none. */
  readonly lastOpen: Float64Array;
  /** Search hints per slot (search.ts): this thread's scratch, never part of an answer. */
  readonly hints: Int32Array[];
}

export type KeyKind = 'user' | 'post' | 'pair' | 'all';

function buildKeyIndex(context: FeatureContext, eventKey: Int32Array | null, keyCount: number): KeyIndex {
  const { timeOrder, sortedTimes } = context;
  const opened = context.log.columns.has_been_opened;
  const n = timeOrder.length;
  const offsets = new Int32Array(keyCount + 1);
  if (eventKey === null) offsets[1] = n;
  else {
    for (let r = 0; r < n; r++) {
      const k = eventKey[r];
      if (k >= 0) offsets[k + 1]++;
    }
    for (let k = 0; k < keyCount; k++) offsets[k + 1] += offsets[k];
  }
  const size = offsets[keyCount];
  const times = new Float64Array(size);
  const rows = new Int32Array(size);
  if (eventKey === null) {
    times.set(sortedTimes);
    rows.set(timeOrder);
  } else {
    const fill = offsets.slice(0, keyCount);
    for (let i = 0; i < n; i++) {
      const r = timeOrder[i];
      const k = eventKey[r];
      if (k < 0) continue;
      const pos = fill[k]++;
      rows[pos] = r;
      times[pos] = sortedTimes[i];
    }
  }
  const opensBefore = new Int32Array(size + 1);
  const lastOpen = new Float64Array(size);
  for (let k = 0; k < keyCount; k++) {
    let last = Number.NaN;
    for (let pos = offsets[k]; pos < offsets[k + 1]; pos++) {
      const o = opened[rows[pos]];
      opensBefore[pos + 1] = opensBefore[pos] + o;
      if (o === 1) last = times[pos];
      lastOpen[pos] = last;
    }
  }
  return { offsets, times, rows, opensBefore, lastOpen, hints: [] };
}

/**
 * The context's index by `kind` ('all' = one key holding every event), built on first use and kept in
 * the context's index store (`context.indexes.keys`).
 */
export function keyIndex(context: FeatureContext, kind: KeyKind): KeyIndex {
  context.indexes.keys ??= {};
  const indexes = context.indexes.keys;
  let index = indexes[kind];
  if (index === undefined) {
    const c = context.log.columns;
    if (kind === 'user') index = buildKeyIndex(context, c.user_id.codes, c.user_id.dictionary.length);
    else if (kind === 'post')
      index = buildKeyIndex(context, c.trackable_id.codes, c.trackable_id.dictionary.length);
    else if (kind === 'pair') index = buildKeyIndex(context, context.rowPair, context.pairCount);
    else index = buildKeyIndex(context, null, 1);
    indexes[kind] = index;
  }
  return index;
}

/**
 * Per query: the log row of its key's latest event strictly before its time (ties: the last in time
 * order), else (with `fallbackToEarliest`, the default) the key's earliest event, else -1; -1 too when the
 * key never occurs (or is -1). Profile and static post fields use the fallback; post counters do not
 * (as-of.ts: a later row would tell the future).
 */
export function asOfRows(
  index: KeyIndex,
  keys: Int32Array,
  times: Float64Array,
  alloc: ArrayAllocator,
  fallbackToEarliest = true,
): Int32Array {
  const { offsets, rows } = index;
  const eventTimes = index.times;
  const keyCount = offsets.length - 1;
  const hint = searchHints(index, 0);
  const out = alloc.int32(keys.length);
  let lastKey = -2;
  let lastTime = Number.NaN;
  let lastRow = -1;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const t = times[i];
    if (k === lastKey && t === lastTime) {
      out[i] = lastRow;
      continue;
    }
    let row = -1;
    if (k >= 0 && k < keyCount) {
      const lo = offsets[k];
      const hi = offsets[k + 1];
      if (lo < hi) {
        const b = lowerBoundNear(eventTimes, lo, hi, hint[k], t);
        hint[k] = b;
        row = b > lo ? rows[b - 1] : fallbackToEarliest ? rows[lo] : -1;
      }
    }
    out[i] = row;
    lastKey = k;
    lastTime = t;
    lastRow = row;
  }
  return out;
}

function checkCodes(name: string, codes: Int32Array, count: number, length: number): void {
  if (codes.length !== length) {
    throw new Error(`query points: ${name} has ${codes.length} entries, expected ${length}`);
  }
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code < -1 || code >= count) {
      throw new RangeError(
        `query points: ${name}[${i}] = ${code} is not a code of the log's dictionary (0..${count - 1}, -1 = unknown)`,
      );
    }
  }
}

/**
 * Checks the batch's query points against the context's dictionaries (codes in range, times not NaN),
 * once per batch and context (recorded in the batch's memo).
 */
export function validateQueries(context: FeatureContext, batch: FeatureBatch): void {
  const memo = contextMemo(context, batch);
  if (memo.validated) return;
  const { queries } = batch;
  const c = context.log.columns;
  checkCodes('user', queries.user, c.user_id.dictionary.length, queries.length);
  checkCodes('post', queries.post, c.trackable_id.dictionary.length, queries.length);
  const time = queries.time;
  if (time.length !== queries.length) {
    throw new Error(`query points: time has ${time.length} entries, expected ${queries.length}`);
  }
  for (let i = 0; i < time.length; i++) {
    if (Number.isNaN(time[i])) throw new RangeError(`query points: time[${i}] is NaN`);
  }
  memo.validated = true;
}
