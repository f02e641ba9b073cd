/**
 * The most-popular baseline (DESIGN section 6): a post's opens over the trailing day, as of each query.
 * One definition for `wemoms predict` / `evaluate`, the A/B simulation's `popularity` arm and the demo's day
 * metrics, so they cannot score the baseline differently.
 */
import { buildCategoryFrame } from './featurize.js';
import { getCategory } from './registry.js';
import type { FeatureColumn, FeatureContext, QueryPoints } from './types.js';

/** The feature category that computes the baseline's score. */
export const POPULARITY_CATEGORY = 'postPopularity';
/** The baseline's score: the post's opens over the trailing day. */
export const POPULARITY_FEATURE = 'post_pop_opens_1d';

/**
 * The baseline's scores of `queries`: read from `columns` when the ranker's categories already built
 * them, else computed from `context` (the same as-of rule either way).
 */
export function popularityScores(
  context: FeatureContext,
  queries: QueryPoints,
  columns: Readonly<Record<string, FeatureColumn>> = {},
): Float32Array {
  const values =
    columns[POPULARITY_FEATURE] ??
    buildCategoryFrame(getCategory(POPULARITY_CATEGORY), context, queries).columns[POPULARITY_FEATURE];
  if (!(values instanceof Float32Array))
    throw new Error(`the ${POPULARITY_CATEGORY} category gave no ${POPULARITY_FEATURE} column`);
  return values;
}
