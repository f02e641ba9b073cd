/**
 * Feature frames on disk: numeric features as parquet FLOAT (NaN = null), categorical ones as strings
 * (dictionary-encoded in memory). The parquet type tells the spec type back, so a file is self-describing.
 */
import { type ParquetColumn, type ParquetReadValues, readParquet, writeParquet } from '@wemoms/data-schema';
import type { FeatureFrame, FeatureSpec } from '@wemoms/features';
import { CliError } from '../runtime/errors.js';

/** Key columns written beside the features (row index, split, label...), all int32 or boolean. */
export type KeyColumns = Record<string, Int32Array | Uint8Array>;

/** Writes `keys` then every feature of `frame` to `path` (atomic). */
export function writeFeatureFile(path: string, keys: KeyColumns, frame: FeatureFrame): void {
  const columns: ParquetColumn[] = [];
  for (const [name, data] of Object.entries(keys)) {
    columns.push({ name, type: data instanceof Int32Array ? 'int32' : 'boolean', data, nullable: false });
  }
  for (const spec of frame.specs) {
    const data = frame.columns[spec.name];
    columns.push(
      spec.type === 'numeric'
        ? { name: spec.name, type: 'float', data: data as Float32Array, nullable: true }
        : {
            name: spec.name,
            type: 'string',
            data: data as Exclude<typeof data, Float32Array>,
            nullable: true,
          },
    );
  }
  writeParquet(path, columns);
}

export interface FeatureFile {
  keys: Record<string, ParquetReadValues>;
  frame: FeatureFrame;
}

/** Reads a file written by writeFeatureFile; `keyNames` are returned apart from the features. */
export async function readFeatureFile(path: string, keyNames: readonly string[]): Promise<FeatureFile> {
  const table = await readParquet(path);
  const keys: Record<string, ParquetReadValues> = {};
  const specs: FeatureSpec[] = [];
  const columns: FeatureFrame['columns'] = {};
  for (const name of keyNames) {
    if (!(name in table.columns)) throw new CliError(`${path}: missing key column ${name}`);
    keys[name] = table.columns[name];
  }
  for (const spec of table.specs) {
    if (keyNames.includes(spec.name)) continue;
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
