import type { FeatureContext } from '../types.js';

/**
 * For each query, the log row of its key's latest event strictly before the query time (ties at one
 * instant: the last in time order, i.e. the highest row index), or -1 when there is none. One head
 * pointer over the time-sorted log, queries in ascending time: O(n + q).
 */
export function sweepLatestBefore(
  context: FeatureContext,
  eventKey: Int32Array,
  keyCount: number,
  queryKey: Int32Array,
  queryTime: Float64Array,
  order: Int32Array,
): Int32Array {
  const { timeOrder, sortedTimes } = context;
  const n = timeOrder.length;
  const latest = new Int32Array(keyCount).fill(-1);
  const out = new Int32Array(queryKey.length).fill(-1);
  let head = 0;
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    const t = queryTime[i];
    while (head < n && sortedTimes[head] < t) {
      const r = timeOrder[head];
      const k = eventKey[r];
      if (k >= 0) latest[k] = r;
      head++;
    }
    const k = queryKey[i];
    if (k >= 0) out[i] = latest[k];
  }
  return out;
}
