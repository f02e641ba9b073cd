import type { DictionaryColumn, RawTable } from '@wemoms/data-schema';
import type { AgeCohortIndex } from './age-cohorts.js';
import type { FeatureBatch } from './batch.js';
import type { KeyIndex, KeyKind } from './key-index.js';
import type { PairMarks } from './query-pairs.js';
import type { TasteIndex } from './taste-index.js';

export type { DictionaryColumn } from '@wemoms/data-schema';

/** One output column of a category: numeric (Float32, NaN = missing) or categorical (codes, -1 = missing). */
export interface FeatureSpec {
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
}

export type FeatureColumn = Float32Array | DictionaryColumn;

/** Columnar features of `length` query points, one column per spec, in spec order. */
export interface FeatureFrame {
  readonly length: number;
  readonly specs: readonly FeatureSpec[];
  readonly columns: Record<string, FeatureColumn>;
}

/**
 * The points to featurise: viewer `user` (code in the log's user_id dictionary), candidate `post` (code in
 * the log's trackable_id dictionary) and instant `time` (UTC epoch µs). A train/eval row is the query
 * (its own user, post and impression time); a test candidate is (group user, candidate post, group time).
 */
export interface QueryPoints {
  readonly length: number;
  readonly user: Int32Array;
  readonly post: Int32Array;
  readonly time: Float64Array;
}

/** Which query fields a category's values depend on (besides the log): a hint for de-duplicating work. */
export type QueryKey = 'user' | 'post' | 'time';

/**
 * Everything the categories read, built once per log by `createFeatureContext`: the de-duplicated log,
 * its time order and per-entity facts, immutable after construction (so they can be shared by workers),
 * and `indexes`, the store of what kernels derive from them, filled lazily.
 */
export interface FeatureContext {
  readonly log: RawTable;
  /** Log rows in ascending impression time (ties by row index): the order every sweep walks. */
  readonly timeOrder: Int32Array;
  /** tracker_created_at in timeOrder. */
  readonly sortedTimes: Float64Array;
  /** Per post code: creation time (µs, NaN when never observed), from dataset's post catalog. */
  readonly postCreationMicros: Float64Array;
  /** Per post code: its earliest observation (row index), -1 when never observed. */
  readonly postFirstRow: Int32Array;
  /** Per user code: her earliest observation (row index), -1 when never observed. */
  readonly userFirstRow: Int32Array;
  /** Per log row: the id of its (user, post) pair, numbered 0..pairCount-1 in first-seen order. */
  readonly rowPair: Int32Array;
  readonly pairCount: number;
  /** Open-addressing table mapping (user, post) to its pair id; see pair-index.ts. */
  readonly pairTable: PairTable;
  /** The derived indexes, built on first use and kept as long as the context (see FeatureIndexes). */
  readonly indexes: FeatureIndexes;
}

/**
 * What kernels derive from a context's log, each field built on first use by the function named beside
 * it and then reused by every later batch over the context: the one mutable part of a context. It
 * belongs to one thread: a context for workers starts with an empty store and each worker builds its own
 * (node/worker-context.ts), since the search hints kept in key and cohort indexes (search.ts) are that
 * thread's scratch. Filling a field never changes a value that was already computed.
 */
export interface FeatureIndexes {
  /** keyIndex(context, kind) (key-index.ts): the log by user, post, (user, post) pair, or all events. */
  keys?: Partial<Record<KeyKind, KeyIndex>>;
  /** ageCohortIndex(context) (age-cohorts.ts): rows by post-age bucket with running counter sums. */
  ageCohorts?: AgeCohortIndex;
  /** tasteIndex(context) (taste-index.ts): per viewer position, running counts per class of post. */
  taste?: TasteIndex;
  /** rowCounters(context) (categories/post-quality.ts): the counters postQuality reads, per log row. */
  postQualityRows?: Int32Array;
  /** queryPairs' marks per post code (query-pairs.ts): scratch reused from batch to batch. */
  pairMarks?: PairMarks;
  /** shareContext(context) (node/share-context.ts): the copy in shared memory posted to workers. */
  sharedCopy?: FeatureContext;
}

/** Open-addressing hash table on typed arrays: slot -> (user, post, pair id), pair id -1 = empty slot. */
export interface PairTable {
  readonly mask: number;
  readonly users: Int32Array;
  readonly posts: Int32Array;
  readonly ids: Int32Array;
}

/**
 * A feature category (DESIGN section 5): a name, the query fields it depends on, its output columns and
 * a pure build function of the context and a batch (its query points, the allocator of its output
 * arrays and the memo its categories share: batch.ts). Adding a category is one module plus one line in
 * the registry.
 */
export interface FeatureCategory {
  readonly name: string;
  readonly keys: readonly QueryKey[];
  readonly outputs: readonly FeatureSpec[];
  build(context: FeatureContext, batch: FeatureBatch): FeatureFrame;
}
