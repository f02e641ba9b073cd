import { argsortTimes } from '../sort.js';
import type { FeatureContext, QueryPoints } from '../types.js';

const cache = new WeakMap<QueryPoints, Int32Array>();

function checkCodes(name: string, codes: Int32Array, count: number, length: number): void {
  if (codes.length !== length) {
    throw new Error(`query points: ${name} has ${codes.length} entries, expected ${length}`);
  }
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code < -1 || code >= count) {
      throw new RangeError(
        `query points: ${name}[${i}] = ${code} is not a code of the log's dictionary (0..${count - 1}, -1 = unknown)`,
      );
    }
  }
}

/**
 * Validates the query points against the context's dictionaries (codes in range, times not NaN) and
 * returns them in ascending time (ties by index). Computed once per QueryPoints object and shared by
 * every category that sweeps it; callers must not mutate a QueryPoints after passing it.
 */
export function queryTimeOrder(context: FeatureContext, queries: QueryPoints): Int32Array {
  let order = cache.get(queries);
  if (order === undefined) {
    const c = context.log.columns;
    checkCodes('user', queries.user, c.user_id.dictionary.length, queries.length);
    checkCodes('post', queries.post, c.trackable_id.dictionary.length, queries.length);
    if (queries.time.length !== queries.length) {
      throw new Error(`query points: time has ${queries.time.length} entries, expected ${queries.length}`);
    }
    order = argsortTimes(queries.time);
    cache.set(queries, order);
  }
  return order;
}
