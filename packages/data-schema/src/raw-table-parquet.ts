/**
 * The de-duplicated raw log as one parquet file (the snapshot later stages load fast instead of
 * re-parsing the gzip JSON): every RAW_SCHEMA column, ids and categories as strings, timestamps as
 * TIMESTAMP(MICROS, UTC), int lists as LIST<INT32>.
 */

import { readParquet } from './parquet-read.js';
import type {
  ParquetColumn,
  ParquetColumnSpec,
  ParquetColumnType,
  ParquetWriteValues,
} from './parquet-types.js';
import { writeParquet } from './parquet-write.js';
import {
  type ColumnKind,
  type DictionaryColumn,
  type IntListColumn,
  RAW_COLUMN_NAMES,
  RAW_SCHEMA,
  type RawColumns,
  type RawTable,
} from './schema.js';

const PARQUET_TYPE: Record<ColumnKind, ParquetColumnType> = {
  id: 'string',
  category: 'string',
  timestamp: 'timestamp',
  bool: 'boolean',
  int: 'int32',
  float: 'double',
  intList: 'int32List',
};

/** The parquet columns of a RawTable, in schema order (no copies: the writer encodes slices). */
export function rawTableParquetColumns(table: RawTable): ParquetColumn[] {
  const source = table.columns as unknown as Record<string, ParquetWriteValues>;
  return RAW_COLUMN_NAMES.map((name) => {
    const spec = RAW_SCHEMA[name];
    return { name, type: PARQUET_TYPE[spec.kind], nullable: spec.nullable, data: source[name] };
  });
}

/** Writes a RawTable as parquet at `path`, atomically, in row groups of `rowGroupSize` rows. */
export function writeRawTableParquet(path: string, table: RawTable, rowGroupSize = 100_000): void {
  writeParquet(path, rawTableParquetColumns(table), {
    rowGroupSize,
    metadata: { 'wemoms.table': 'raw-log' },
  });
}

/** The parquet schema of a raw table, for streaming batches with `new ParquetStreamWriter(path, schema)`. */
export const RAW_TABLE_PARQUET_SCHEMA: readonly ParquetColumnSpec[] = RAW_COLUMN_NAMES.map((name) => ({
  name,
  type: PARQUET_TYPE[RAW_SCHEMA[name].kind],
  nullable: RAW_SCHEMA[name].nullable,
}));

/** A RawTable batch as the `columns` argument of ParquetStreamWriter.writeRowGroup. */
export function rawTableRowGroup(table: RawTable): Record<string, ParquetWriteValues> {
  return table.columns as unknown as Record<string, ParquetWriteValues>;
}

/**
 * Reads a file written by writeRawTableParquet back into a RawTable. Values are identical; dictionaries
 * are rebuilt in first-seen row order (so codes can differ from the writer's if its dictionary held
 * entries no row used). Throws when a RAW_SCHEMA column is missing or has another type; required
 * optional columns (user_age...) absent from the file read as all-null.
 */
export async function readRawTableParquet(path: string): Promise<RawTable> {
  const { specs, columns: all, length } = await readParquet(path);
  const present = new Map(specs.map((s) => [s.name, s]));
  const wanted = RAW_COLUMN_NAMES.filter((n) => present.has(n));
  for (const name of RAW_COLUMN_NAMES) {
    const spec = RAW_SCHEMA[name];
    const found = present.get(name);
    if (!found) {
      if (spec.required) throw new Error(`${path}: raw log parquet lacks column ${name}`);
      continue;
    }
    if (found.type !== PARQUET_TYPE[spec.kind]) {
      throw new Error(`${path}: column ${name} is ${found.type}, expected ${PARQUET_TYPE[spec.kind]}`);
    }
  }
  const columns: Record<string, unknown> = {};
  for (const name of RAW_COLUMN_NAMES) {
    const kind = RAW_SCHEMA[name].kind;
    if (!wanted.includes(name)) {
      // Only nullable float columns are optional: absent means all-null.
      columns[name] = new Float64Array(length).fill(Number.NaN);
      continue;
    }
    const values = all[name];
    switch (kind) {
      case 'id':
      case 'category':
        columns[name] = values as DictionaryColumn;
        break;
      case 'int':
        if (!(values instanceof Int32Array)) throw new Error(`${path}: column ${name} must not be nullable`);
        columns[name] = values;
        break;
      case 'bool':
        columns[name] = values instanceof Uint8Array ? values : Uint8Array.from(values as Float64Array);
        break;
      case 'intList':
        columns[name] = values as IntListColumn;
        break;
      default:
        columns[name] = values;
    }
  }
  return { length, columns: columns as unknown as RawColumns };
}
