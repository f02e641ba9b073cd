import type { RawTable } from '@wemoms/data-schema';
import { buildPostCatalog } from '@wemoms/dataset';
import { buildPairIndex } from './pair-index.js';
import { argsortTimes } from './sort.js';
import type { FeatureContext } from './types.js';

export interface FeatureContextOptions {
  /**
   * Post creation times per post code (dataset's `buildPostCatalog(log).creationMicros`). Pass the catalog
   * the test set was built from so post ages and candidate days agree; built from the log when absent.
   */
  readonly postCreationMicros?: Float64Array;
}

/**
 * Builds the shared, read-only facts every category reads: one stable time sort of the log, each user's
 * and post's earliest observation and the (user, post) pair numbering.
 * O(n) plus one radix sort; built once per log and shared by all categories (and workers). The index
 * store starts empty: each index is built when a kernel first needs it (FeatureIndexes).
 */
export function createFeatureContext(log: RawTable, options: FeatureContextOptions = {}): FeatureContext {
  const n = log.length;
  const time = log.columns.tracker_created_at;
  const users = log.columns.user_id.codes;
  const posts = log.columns.trackable_id.codes;
  for (let r = 0; r < n; r++) {
    if (users[r] < 0 || posts[r] < 0 || Number.isNaN(time[r])) {
      throw new Error(
        `createFeatureContext: log row ${r} has a null user_id, trackable_id or tracker_created_at`,
      );
    }
  }
  const timeOrder = argsortTimes(time);
  const sortedTimes = new Float64Array(n);
  for (let i = 0; i < n; i++) sortedTimes[i] = time[timeOrder[i]];

  const postCount = log.columns.trackable_id.dictionary.length;
  const userCount = log.columns.user_id.dictionary.length;
  const postFirstRow = new Int32Array(postCount).fill(-1);
  const userFirstRow = new Int32Array(userCount).fill(-1);
  // Walking in time order, the first row met per entity is its earliest observation (ties by row index).
  for (let i = 0; i < n; i++) {
    const r = timeOrder[i];
    const p = posts[r];
    if (postFirstRow[p] === -1) postFirstRow[p] = r;
    const u = users[r];
    if (userFirstRow[u] === -1) userFirstRow[u] = r;
  }
  const postCreationMicros = options.postCreationMicros ?? buildPostCatalog(log).creationMicros;
  if (postCreationMicros.length !== postCount) {
    throw new Error(
      `createFeatureContext: postCreationMicros has ${postCreationMicros.length} entries, the log has ${postCount} post ids`,
    );
  }
  const pairs = buildPairIndex(users, posts);
  return {
    log,
    timeOrder,
    sortedTimes,
    postCreationMicros,
    postFirstRow,
    userFirstRow,
    rowPair: pairs.rowPair,
    pairCount: pairs.pairCount,
    pairTable: pairs.table,
    indexes: {},
  };
}
