/** Gathers selected rows of feature columns (for explanations of a few candidates). */
import { assertColumnsMatch } from './feature-schema.js';
import type { CategoricalColumn, FeatureColumns, FeatureSpec, NumericColumn } from './types.js';

/** A new column set holding only `rows` (in that order) of the features of `specs`; checks the schema first. */
export function selectRows(
  specs: readonly FeatureSpec[],
  columns: FeatureColumns,
  rows: ArrayLike<number>,
  allowUnexpected: boolean,
): FeatureColumns {
  const length = assertColumnsMatch(specs, columns, 'explained data', allowUnexpected);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    if (!Number.isInteger(r) || r < 0 || r >= length)
      throw new RangeError(`explained data: row ${r} outside 0..${length - 1}`);
  }
  const out: Record<string, NumericColumn | CategoricalColumn> = {};
  for (const spec of specs) {
    const column = columns[spec.name];
    if (spec.type === 'numeric') {
      const source = column as NumericColumn;
      const target = new (source.constructor as new (n: number) => NumericColumn)(rows.length);
      for (let k = 0; k < rows.length; k++) target[k] = source[rows[k]];
      out[spec.name] = target;
    } else {
      const source = column as CategoricalColumn;
      const codes = new Int32Array(rows.length);
      for (let k = 0; k < rows.length; k++) codes[k] = source.codes[rows[k]];
      out[spec.name] = { codes, dictionary: source.dictionary };
    }
  }
  return out;
}
