import { makeFrame } from '../frame.js';
import { keyIndex, validateQueries } from '../key-index.js';
import type { FeatureCategory } from '../types.js';
import { indexWindowColumns, type WindowFeatureOptions, windowSpecs } from '../window-features.js';

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
  build(context, batch) {
    const { queries, alloc } = batch;
    validateQueries(context, batch);
    const index = keyIndex(context, 'user');
    const all = keyIndex(context, 'all');
    const keys = queries.user;
    return makeFrame(
      OUTPUTS,
      queries.length,
      indexWindowColumns(OPTIONS, index, all, keys, queries.time, alloc),
    );
  },
};
