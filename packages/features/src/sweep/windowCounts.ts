import type { FeatureContext } from '../types.js';

/** Per-query results of one sweep, in the queries' own order. */
export interface WindowCounts {
  /** views[w][i]: events of query i's key in [t - windows[w], t). */
  readonly views: Float32Array[];
  /** opens[w][i]: opened events among them. */
  readonly opens: Float32Array[];
  /** globalOpenRate[w][i]: opened / all events of every key in the same window (NaN when empty). */
  readonly globalOpenRate: Float64Array[];
  /** All events of the key strictly before t (no lower bound): "seen before". */
  readonly viewsBefore: Float32Array;
  /** Time of the key's latest event strictly before t, NaN when none. */
  readonly lastViewMicros: Float64Array;
  /** Time of the key's latest opened event strictly before t, NaN when none. */
  readonly lastOpenMicros: Float64Array;
}

/**
 * Trailing-window counts for many query points by one sorted sweep (DESIGN section 5, rules 1 and 4).
 *
 * Queries are visited in ascending time. A head pointer walks the time-sorted log and adds every event
 * with time < t to per-key counters (typed arrays indexed by key); one tail pointer per window removes the
 * events with time < t - w. So at query time t the counters hold exactly the events of [t - w, t): an
 * event at t itself (the query's own impression) is never counted. Each event is added once and removed
 * at most once per window: O(n * windows + q) after the sorts.
 *
 * @param eventKey key of each log row (post code, user code or pair id); -1 rows are counted only globally.
 * @param queryKey key of each query; -1 (e.g. a pair never seen) reads zero counts.
 * @param order the queries in ascending time (see queryTimeOrder).
 * @param windows window lengths in µs.
 */
export function sweepWindowCounts(
  context: FeatureContext,
  eventKey: Int32Array,
  keyCount: number,
  queryKey: Int32Array,
  queryTime: Float64Array,
  order: Int32Array,
  windows: readonly number[],
): WindowCounts {
  const { timeOrder, sortedTimes } = context;
  const opened = context.log.columns.has_been_opened;
  const n = timeOrder.length;
  const q = queryKey.length;
  const W = windows.length;
  const keyViews = windows.map(() => new Int32Array(keyCount));
  const keyOpens = windows.map(() => new Int32Array(keyCount));
  const keyBefore = new Int32Array(keyCount);
  const keyLast = new Float64Array(keyCount).fill(Number.NaN);
  const keyLastOpen = new Float64Array(keyCount).fill(Number.NaN);
  const globalViews = new Float64Array(W);
  const globalOpens = new Float64Array(W);
  const tails = new Int32Array(W);

  const views = windows.map(() => new Float32Array(q));
  const opens = windows.map(() => new Float32Array(q));
  const globalOpenRate = windows.map(() => new Float64Array(q));
  const viewsBefore = new Float32Array(q);
  const lastViewMicros = new Float64Array(q).fill(Number.NaN);
  const lastOpenMicros = new Float64Array(q).fill(Number.NaN);

  let head = 0;
  for (let j = 0; j < q; j++) {
    const i = order[j];
    const t = queryTime[i];
    while (head < n && sortedTimes[head] < t) {
      const r = timeOrder[head];
      const k = eventKey[r];
      const o = opened[r];
      for (let w = 0; w < W; w++) {
        globalViews[w]++;
        globalOpens[w] += o;
      }
      if (k >= 0) {
        for (let w = 0; w < W; w++) {
          keyViews[w][k]++;
          keyOpens[w][k] += o;
        }
        keyBefore[k]++;
        keyLast[k] = sortedTimes[head];
        if (o === 1) keyLastOpen[k] = sortedTimes[head];
      }
      head++;
    }
    for (let w = 0; w < W; w++) {
      const from = t - windows[w];
      let tail = tails[w];
      const kv = keyViews[w];
      const ko = keyOpens[w];
      while (tail < head && sortedTimes[tail] < from) {
        const r = timeOrder[tail];
        const k = eventKey[r];
        const o = opened[r];
        globalViews[w]--;
        globalOpens[w] -= o;
        if (k >= 0) {
          kv[k]--;
          ko[k] -= o;
        }
        tail++;
      }
      tails[w] = tail;
      globalOpenRate[w][i] = globalViews[w] > 0 ? globalOpens[w] / globalViews[w] : Number.NaN;
    }
    const k = queryKey[i];
    if (k >= 0) {
      for (let w = 0; w < W; w++) {
        views[w][i] = keyViews[w][k];
        opens[w][i] = keyOpens[w][k];
      }
      viewsBefore[i] = keyBefore[k];
      lastViewMicros[i] = keyLast[k];
      lastOpenMicros[i] = keyLastOpen[k];
    }
  }
  return { views, opens, globalOpenRate, viewsBefore, lastViewMicros, lastOpenMicros };
}
