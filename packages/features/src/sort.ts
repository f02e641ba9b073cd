const RADIX_BITS = 14;
const RADIX = 1 << RADIX_BITS;

/**
 * Indices 0..n-1 ordered by ascending `times`, ties by index (a stable sort), so every sweep visits
 * simultaneous events in one reproducible order. Integral finite times (UTC µs always are) go through an
 * LSD radix sort on `time - min` (3 passes of 14 bits for a month of µs): about 10x faster than a
 * comparator sort at 10^6 rows. Anything else falls back to the comparator sort. Throws on NaN.
 */
export function argsortTimes(times: Float64Array): Int32Array {
  const n = times.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const t = times[i];
    if (Number.isNaN(t)) throw new RangeError(`argsortTimes: time at index ${i} is NaN`);
    if (t < min) min = t;
    if (t > max) max = t;
    if (integral && !Number.isInteger(t)) integral = false;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 2) return order;
  const range = max - min;
  if (!integral || !Number.isFinite(range) || range > Number.MAX_SAFE_INTEGER || n < 256) {
    return order.sort((a, b) => times[a] - times[b] || a - b);
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = times[i] - min;
  let src = order;
  let dst = new Int32Array(n);
  const count = new Int32Array(RADIX);
  for (let scale = 1; scale <= range; scale *= RADIX) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[Math.floor(keys[src[i]] / scale) % RADIX]++;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const r = src[i];
      dst[count[Math.floor(keys[r] / scale) % RADIX]++] = r;
    }
    const swap = src;
    src = dst;
    dst = swap;
  }
  return src;
}

/** First index i in the ascending `sorted` with sorted[i] >= value (sorted.length when none). */
export { lowerBound } from '@wemoms/data-schema';
