/** Binary search over ascending typed arrays (times, days, codes). */

/**
 * The first index i in [lo, hi) of the ascending `sorted` with sorted[i] >= value (hi when none). The one
 * binary search of the project: the dataset's post catalog and the feature windows both use it.
 */
export function lowerBound(
  sorted: ArrayLike<number>,
  value: number,
  lo = 0,
  hi: number = sorted.length,
): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
