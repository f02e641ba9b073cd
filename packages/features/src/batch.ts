import { type ArrayAllocator, FRESH_ARRAYS } from './arena.js';
import type { AsOfRows } from './as-of.js';
import type { FeatureContext, QueryPoints } from './types.js';

/**
 * One featurisation of one set of query points: everything a kernel (FeatureCategory.build) depends on
 * besides the context. Made by the caller of the kernels (featurize, featurizeCandidates per batch,
 * buildCategory for the categories of one thread) and passed down explicitly:
 * - `alloc`: where kernels take the arrays they fully overwrite (fresh, or recycled from a BufferArena);
 * - `memo`: what several kernels read of the same points, computed once (as-of rows: post and the
 *   user x post match read the post's, user and the match the viewer's; the (user, time) runs user and
 *   userActivity broadcast over). It lives as long as the batch object: nothing is kept past it.
 * Query points must not be mutated once in a batch (the memo and the validation would be stale).
 */
export interface FeatureBatch {
  readonly queries: QueryPoints;
  readonly alloc: ArrayAllocator;
  readonly memo: BatchMemo;
}

/** The per-batch memo; each field is filled on first use by the function named beside it. */
export interface BatchMemo {
  /** Start index of each run of consecutive queries sharing (user, time) (featurize.ts). */
  userTimeRuns?: Int32Array;
  /** What was computed against one context (the batch's queries checked, as-of rows); see contextMemo. */
  ofContext?: ContextMemo;
}

/** The part of a batch's memo that depends on the context it is featurised against. */
export interface ContextMemo {
  readonly context: FeatureContext;
  /** validateQueries passed (key-index.ts). */
  validated?: boolean;
  /** userAsOf / postAsOf (as-of.ts). */
  user?: AsOfRows;
  post?: AsOfRows;
  /** postCountsAsOf (as-of.ts). */
  postCounts?: Int32Array;
}

/** A batch over `queries` with an empty memo; arrays from `alloc` (default: fresh arrays). */
export function featureBatch(queries: QueryPoints, alloc: ArrayAllocator = FRESH_ARRAYS): FeatureBatch {
  return { queries, alloc, memo: {} };
}

/** `source` itself when it is a batch, else a fresh one over the query points (nothing shared). */
export function asBatch(source: QueryPoints | FeatureBatch): FeatureBatch {
  return 'queries' in source ? source : featureBatch(source);
}

/** The batch's memo for `context`, emptied when the batch was last featurised against another one. */
export function contextMemo(context: FeatureContext, batch: FeatureBatch): ContextMemo {
  let memo = batch.memo.ofContext;
  if (memo === undefined || memo.context !== context) {
    memo = { context };
    batch.memo.ofContext = memo;
  }
  return memo;
}
