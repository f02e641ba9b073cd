import { makeFrame } from '../frame.js';
import { keyIndex, validateQueries } from '../key-index.js';
import { queryPairs } from '../query-pairs.js';
import type { FeatureCategory } from '../types.js';
import { indexWindowColumns, type WindowFeatureOptions, windowSpecs } from '../window-features.js';

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
  build(context, batch) {
    const { queries, alloc } = batch;
    validateQueries(context, batch);
    const index = keyIndex(context, 'pair');
    const all = keyIndex(context, 'all');
    const keys = queryPairs(context, queries, alloc);
    return makeFrame(
      OUTPUTS,
      queries.length,
      indexWindowColumns(OPTIONS, index, all, keys, queries.time, alloc),
    );
  },
};
