/** Column-by-column comparison of feature values from two engines, for the parity tests. Not exported. */
import type { FeatureColumn } from '@wemoms/features';

/** Relative tolerance of numeric features (both engines round a float64 to float32). */
export const RELATIVE_TOLERANCE = 1e-6;

const text = (c: FeatureColumn, i: number): string | null => {
  if (c instanceof Float32Array) throw new Error('not a categorical column');
  return c.codes[i] < 0 ? null : c.dictionary[c.codes[i]];
};

/**
 * The first rows where `actual` and `expected` differ (at most `limit`), as readable lines: NaN must
 * match NaN, numbers within RELATIVE_TOLERANCE, strings exactly (null = missing).
 */
export function columnDifferences(
  name: string,
  actual: FeatureColumn,
  expected: FeatureColumn,
  keys: ArrayLike<number>,
  limit = 3,
): string[] {
  const out: string[] = [];
  const n = expected instanceof Float32Array ? expected.length : expected.codes.length;
  for (let i = 0; i < n && out.length < limit; i++) {
    if (expected instanceof Float32Array) {
      if (!(actual instanceof Float32Array)) return [`${name}: not numeric in the actual output`];
      const a = actual[i];
      const e = expected[i];
      const same =
        (Number.isNaN(a) && Number.isNaN(e)) ||
        a === e ||
        Math.abs(a - e) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(e));
      if (!same) out.push(`${name} at key ${keys[i]}: ${a} vs expected ${e}`);
    } else {
      if (actual instanceof Float32Array) return [`${name}: not categorical in the actual output`];
      const a = text(actual, i);
      const e = text(expected, i);
      if (a !== e) out.push(`${name} at key ${keys[i]}: ${a} vs expected ${e}`);
    }
  }
  return out;
}
