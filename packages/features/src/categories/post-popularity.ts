import { makeFrame } from '../frame.js';
import { keyIndex, validateQueries } from '../key-index.js';
import type { FeatureCategory } from '../types.js';
import { indexWindowColumns, type WindowFeatureOptions, windowSpecs } from '../window-features.js';

const OPTIONS: WindowFeatureOptions = { prefix: 'post_pop', rate: true, lastOpen: true };
const OUTPUTS = windowSpecs(OPTIONS);

/**
 * How much the post has been shown and opened by everyone over the trailing 1d / 7d / 28d (views, opens,
 * smoothed open rate), in total before t, and how recently it was shown and opened: popularity and
 * exposure, which for a day-old post also measure how hard the old feed pushed it.
 */
export const postPopularityCategory: FeatureCategory = {
  name: 'postPopularity',
  keys: ['post', 'time'],
  outputs: OUTPUTS,
  build(context, batch) {
    const { queries, alloc } = batch;
    validateQueries(context, batch);
    const index = keyIndex(context, 'post');
    const all = keyIndex(context, 'all');
    const keys = queries.post;
    return makeFrame(
      OUTPUTS,
      queries.length,
      indexWindowColumns(OPTIONS, index, all, keys, queries.time, alloc),
    );
  },
};
