import { makeFrame } from '../frame.js';
import { queryTimeOrder } from '../sweep/queryOrder.js';
import { sweepWindowCounts } from '../sweep/windowCounts.js';
import {
  WINDOW_MICROS,
  type WindowFeatureOptions,
  windowColumns,
  windowSpecs,
} from '../sweep/windowFeatures.js';
import type { FeatureCategory } from '../types.js';

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
  build(context, queries) {
    const counts = sweepWindowCounts(
      context,
      context.log.columns.trackable_id.codes,
      context.log.columns.trackable_id.dictionary.length,
      queries.post,
      queries.time,
      queryTimeOrder(context, queries),
      WINDOW_MICROS,
    );
    return makeFrame(OUTPUTS, queries.length, windowColumns(OPTIONS, counts, queries.time));
  },
};
