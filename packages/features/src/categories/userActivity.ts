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

const OPTIONS: WindowFeatureOptions = { prefix: 'user_act', rate: true, lastOpen: true };
const OUTPUTS = windowSpecs(OPTIONS);

/**
 * The viewer's own activity over the trailing 1d / 7d / 28d: impressions, opens and her smoothed open
 * rate (how much of a clicker she is), her total history before t, and how long since she last saw and
 * last opened anything (session recency).
 */
export const userActivityCategory: FeatureCategory = {
  name: 'userActivity',
  keys: ['user', 'time'],
  outputs: OUTPUTS,
  build(context, queries) {
    const counts = sweepWindowCounts(
      context,
      context.log.columns.user_id.codes,
      context.log.columns.user_id.dictionary.length,
      queries.user,
      queries.time,
      queryTimeOrder(context, queries),
      WINDOW_MICROS,
    );
    return makeFrame(OUTPUTS, queries.length, windowColumns(OPTIONS, counts, queries.time));
  },
};
