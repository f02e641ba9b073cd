import { makeFrame } from '../frame.js';
import { lookupPairs } from '../pairIndex.js';
import { queryTimeOrder } from '../sweep/queryOrder.js';
import { sweepWindowCounts } from '../sweep/windowCounts.js';
import {
  WINDOW_MICROS,
  type WindowFeatureOptions,
  windowColumns,
  windowSpecs,
} from '../sweep/windowFeatures.js';
import type { FeatureCategory } from '../types.js';

// A per-pair open rate over one or two views is noise: counts and recency only.
const OPTIONS: WindowFeatureOptions = { prefix: 'user_post', rate: false, lastOpen: true };
const OUTPUTS = windowSpecs(OPTIONS);

/**
 * Has she seen (and opened) this very post before, over the trailing 1d / 7d / 28d and in total, and how
 * long ago: repeated exposure of an unopened post is a strong negative signal, an already-opened one
 * rarely gets reopened. Pairs are numbered by the context's open-addressing hash (no string keys).
 */
export const userPostPopularityCategory: FeatureCategory = {
  name: 'userPostPopularity',
  keys: ['user', 'post', 'time'],
  outputs: OUTPUTS,
  build(context, queries) {
    const counts = sweepWindowCounts(
      context,
      context.rowPair,
      context.pairCount,
      lookupPairs(context.pairTable, queries.user, queries.post),
      queries.time,
      queryTimeOrder(context, queries),
      WINDOW_MICROS,
    );
    return makeFrame(OUTPUTS, queries.length, windowColumns(OPTIONS, counts, queries.time));
  },
};
