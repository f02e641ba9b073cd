import type { RawTable } from '@wemoms/data-schema';
import type { ArrayAllocator } from './arena.js';
import { asBatch, type FeatureBatch, featureBatch } from './batch.js';
import { concatFrames } from './frame.js';
import { CATEGORY_NAMES, getCategory } from './registry.js';
import type { FeatureCategory, FeatureColumn, FeatureContext, FeatureFrame, QueryPoints } from './types.js';

/** Query points of log rows (train/eval rows): each row is queried at its own user, post and time. */
export function queriesFromRows(log: RawTable, rows: Int32Array): QueryPoints {
  const user = new Int32Array(rows.length);
  const post = new Int32Array(rows.length);
  const time = new Float64Array(rows.length);
  const users = log.columns.user_id.codes;
  const posts = log.columns.trackable_id.codes;
  const times = log.columns.tracker_created_at;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!(r >= 0 && r < log.length)) throw new RangeError(`queriesFromRows: row ${r} is outside the log`);
    user[i] = users[r];
    post[i] = posts[r];
    time[i] = times[r];
  }
  return { length: rows.length, user, post, time };
}

/** Start index of each run of consecutive queries sharing (user, time). */
function computeUserTimeRuns(batch: FeatureBatch): Int32Array {
  const { queries } = batch;
  const { user, time } = queries;
  // Scratch as long as the batch (from the batch's allocator); only the run starts are kept.
  const starts = batch.alloc.int32(queries.length);
  let count = 0;
  for (let i = 0; i < queries.length; i++) {
    if (i === 0 || user[i] !== user[i - 1] || time[i] !== time[i - 1]) starts[count++] = i;
  }
  return starts.slice(0, count);
}

// user and userActivity both broadcast over the same runs of one batch: computed once, in its memo.
function userTimeRuns(batch: FeatureBatch): Int32Array {
  batch.memo.userTimeRuns ??= computeUserTimeRuns(batch);
  return batch.memo.userTimeRuns;
}

const runEnd = (starts: Int32Array, k: number, length: number): number =>
  k + 1 < starts.length ? starts[k + 1] : length;

function broadcast(
  frame: FeatureFrame,
  starts: Int32Array,
  length: number,
  alloc: ArrayAllocator,
): FeatureFrame {
  const columns: Record<string, FeatureColumn> = {};
  for (const spec of frame.specs) {
    const source = frame.columns[spec.name];
    // fill() per run: a memset-like builtin in this V8 (node 20), several times faster than a JS loop
    // for any value, NaN and fractions included (measured, bench/phases.ts).
    if (source instanceof Float32Array) {
      const out = alloc.float32(length);
      for (let k = 0; k < starts.length; k++) out.fill(source[k], starts[k], runEnd(starts, k, length));
      columns[spec.name] = out;
    } else {
      const out = alloc.int32(length);
      const codes = source.codes;
      for (let k = 0; k < starts.length; k++) out.fill(codes[k], starts[k], runEnd(starts, k, length));
      columns[spec.name] = { codes: out, dictionary: source.dictionary };
    }
  }
  return { length, specs: frame.specs, columns };
}

/**
 * One category over the query points. A category that does not read the post (user, userActivity) is
 * built once per run of consecutive queries sharing (user, time) and broadcast: a test group's
 * thousands of candidates share one viewer and instant. Same build function, fewer points. Given a
 * FeatureBatch, its allocator serves the arrays and its memo is shared with the batch's other categories;
 * given bare query points, a fresh batch is used (new arrays, nothing shared).
 */
export function buildCategoryFrame(
  category: FeatureCategory,
  context: FeatureContext,
  queries: QueryPoints | FeatureBatch,
): FeatureFrame {
  const batch = asBatch(queries);
  if (category.keys.includes('post')) return category.build(context, batch);
  const starts = userTimeRuns(batch);
  const all = batch.queries;
  if (starts.length * 2 > all.length) return category.build(context, batch);
  const reduced: QueryPoints = {
    length: starts.length,
    user: new Int32Array(starts.length),
    post: new Int32Array(starts.length),
    time: new Float64Array(starts.length),
  };
  for (let k = 0; k < starts.length; k++) {
    reduced.user[k] = all.user[starts[k]];
    reduced.post[k] = all.post[starts[k]];
    reduced.time[k] = all.time[starts[k]];
  }
  const frame = category.build(context, featureBatch(reduced, batch.alloc));
  return broadcast(frame, starts, all.length, batch.alloc);
}

/**
 * Every feature of the named categories (default: all) for the query points, the categories' columns
 * side by side. The single featuriser behind train/eval rows and test candidates. Pass a FeatureBatch
 * (`featureBatch(queries, arena)`) to take the arrays from an arena; bare query points get new arrays.
 */
export function featurize(
  context: FeatureContext,
  queries: QueryPoints | FeatureBatch,
  categories: readonly string[] = CATEGORY_NAMES,
): FeatureFrame {
  const batch = asBatch(queries);
  return concatFrames(categories.map((name) => buildCategoryFrame(getCategory(name), context, batch)));
}
