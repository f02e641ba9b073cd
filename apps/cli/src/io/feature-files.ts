/**
 * Reading the merged feature file written by the features package (numeric features as parquet FLOAT with
 * NaN = missing, categorical ones as strings). The parquet type tells the spec type back.
 */
import type { ParquetReadValues } from '@wemoms/data-schema';
import { readParquet } from '@wemoms/data-schema/node';
import type { FeatureFrame, FeatureSpec } from '@wemoms/features';
import { CliError } from '../runtime/errors.js';

export interface FeatureFile {
  keys: Record<string, ParquetReadValues>;
  frame: FeatureFrame;
}

/**
 * Reads a file written by the features package's merge; `keyNames` are returned apart from the features
 * and `skip` (key columns the caller does not need) is not read at all.
 */
export async function readFeatureFile(
  path: string,
  keyNames: readonly string[],
  skip: readonly string[] = [],
): Promise<FeatureFile> {
  const table = await readParquet(path, { exclude: skip });
  const keys: Record<string, ParquetReadValues> = {};
  const specs: FeatureSpec[] = [];
  const columns: FeatureFrame['columns'] = {};
  for (const name of keyNames) {
    if (!(name in table.columns)) throw new CliError(`${path}: missing key column ${name}`);
    keys[name] = table.columns[name];
  }
  for (const spec of table.specs) {
    if (keyNames.includes(spec.name) || skip.includes(spec.name)) continue;
    const data = table.columns[spec.name];
    if (spec.type === 'float' && data instanceof Float32Array) {
      specs.push({ name: spec.name, type: 'numeric' });
      columns[spec.name] = data;
    } else if (spec.type === 'string' && 'codes' in data && 'dictionary' in data) {
      specs.push({ name: spec.name, type: 'categorical' });
      columns[spec.name] = data;
    } else {
      throw new CliError(
        `${path}: column ${spec.name}: expected a float or string feature, got ${spec.type}`,
      );
    }
  }
  return { keys, frame: { length: table.length, specs, columns } };
}
