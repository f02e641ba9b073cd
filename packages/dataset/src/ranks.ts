import { dictionaryRank } from '@wemoms/data-schema';
import { uuidDictionaryRank } from './uuid-rank.js';

// A pure memo of an immutable dictionary (see below): results never depend on it, only their cost.
const cache = new WeakMap<readonly string[], Int32Array>();

/**
 * `dictionaryRank` memoised per dictionary array: every grouping of every test day sorts by user id and
 * post id string, and re-sorting a 100k-entry dictionary each time would dominate the cost. Dictionaries
 * of uuids (the log's ids) are ranked by their 128-bit numbers instead of a string sort (same order).
 * The cache is keyed by the array object, so a dictionary that grows (a streaming read) must not be
 * ranked before it is complete; callers here only rank the dictionaries of a finished, de-duplicated log.
 */
export function cachedDictionaryRank(dictionary: readonly string[]): Int32Array {
  let rank = cache.get(dictionary);
  if (rank === undefined || rank.length !== dictionary.length) {
    rank = uuidDictionaryRank(dictionary) ?? dictionaryRank(dictionary);
    cache.set(dictionary, rank);
  }
  return rank;
}
