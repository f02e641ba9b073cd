/** A metric as report text: fixed digits, `n/a` for a missing or non-finite value. */
export const formatMetric = (v: number | null | undefined, digits = 4): string =>
  v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits);
