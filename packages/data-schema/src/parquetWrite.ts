/**
 * Parquet writing on hyparquet-writer: typed columns with nulls, one row group per call, written to a
 * temp file and renamed into place on close (atomic), so memory stays flat on large outputs.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SchemaElement } from 'hyparquet';
import { type ColumnSource, fileWriter, ParquetWriter } from 'hyparquet-writer';
import { tempPathFor } from './atomicWrite.js';
import type {
  ParquetColumn,
  ParquetColumnSpec,
  ParquetColumnType,
  ParquetWriteValues,
} from './parquetTypes.js';
import type { DictionaryColumn, IntListColumn } from './schema.js';

const TYPES: readonly ParquetColumnType[] = [
  'int32',
  'int64',
  'double',
  'float',
  'boolean',
  'string',
  'timestamp',
  'int32List',
];

const isDictionary = (d: ParquetWriteValues): d is DictionaryColumn =>
  !ArrayBuffer.isView(d) && !Array.isArray(d) && 'codes' in d;
const isIntList = (d: ParquetWriteValues): d is IntListColumn =>
  !ArrayBuffer.isView(d) && !Array.isArray(d) && 'offsets' in d;

const isSmallDictionary = (d: ParquetWriteValues, rows: number): boolean =>
  isDictionary(d) && d.dictionary.length < rows;

/** Rows held by a column's values. */
export function valuesLength(data: ParquetWriteValues): number {
  if (isDictionary(data)) return data.codes.length;
  if (isIntList(data)) return data.offsets.length - 1;
  return (data as { length: number }).length;
}

/** The default nullability of a column: false only when its storage cannot express a null. */
export function defaultNullable(data: ParquetWriteValues, type?: ParquetColumnType): boolean {
  // A float/double column from a float typed array says "missing" with NaN already: it is stored as a
  // required IEEE column with NaN kept (fast path, same meaning on read-back).
  if (
    (type === 'float' || type === 'double') &&
    (data instanceof Float32Array || data instanceof Float64Array)
  )
    return false;
  return !(
    data instanceof Int32Array ||
    data instanceof Uint8Array ||
    data instanceof BigInt64Array ||
    isIntList(data)
  );
}

/** The parquet schema element of one column. */
function schemaElements(spec: ParquetColumnSpec, nullable: boolean): SchemaElement[] {
  const repetition_type = nullable ? 'OPTIONAL' : 'REQUIRED';
  const name = spec.name;
  switch (spec.type) {
    case 'int32':
      return [{ name, type: 'INT32', repetition_type }];
    case 'int64':
      return [{ name, type: 'INT64', repetition_type }];
    case 'double':
      return [{ name, type: 'DOUBLE', repetition_type }];
    case 'float':
      return [{ name, type: 'FLOAT', repetition_type }];
    case 'boolean':
      return [{ name, type: 'BOOLEAN', repetition_type }];
    case 'string':
      return [
        {
          name,
          type: 'BYTE_ARRAY',
          converted_type: 'UTF8',
          logical_type: { type: 'STRING' },
          repetition_type,
        },
      ];
    case 'timestamp':
      return [
        {
          name,
          type: 'INT64',
          converted_type: 'TIMESTAMP_MICROS',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
          repetition_type,
        },
      ];
    case 'int32List':
      return [
        { name, repetition_type, converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'INT32', repetition_type: 'REQUIRED' },
      ];
    default:
      throw new TypeError(
        `parquet column ${name}: unknown type ${JSON.stringify(spec.type)}, expected one of ${TYPES.join(', ')}`,
      );
  }
}

const fail = (name: string, what: string): never => {
  throw new TypeError(`parquet column ${name}: ${what}`);
};

/**
 * Converts a slice [start, end) of a column's values into what hyparquet-writer encodes: the typed array
 * itself when it is already the physical type and nulls are impossible, else a plain array with nulls.
 */
function encodeSlice(
  spec: ParquetColumnSpec,
  nullable: boolean,
  data: ParquetWriteValues,
  start: number,
  end: number,
): ColumnSource['data'] {
  const { name, type } = spec;
  const n = end - start;
  const out: unknown[] = new Array(n);
  const nullAt = (i: number): null => {
    if (!nullable) fail(name, `row ${start + i} is null but the column is not nullable`);
    return null;
  };
  if (type === 'string') {
    if (isDictionary(data)) {
      const { codes, dictionary } = data;
      for (let i = 0; i < n; i++) {
        const c = codes[start + i];
        out[i] = c < 0 ? nullAt(i) : dictionary[c];
      }
      return out as string[];
    }
    if (!Array.isArray(data)) fail(name, 'expected a string array or a DictionaryColumn');
    const arr = data as readonly unknown[];
    for (let i = 0; i < n; i++) {
      const v = arr[start + i];
      if (v === null || v === undefined) out[i] = nullAt(i);
      else if (typeof v !== 'string') fail(name, `row ${start + i}: expected a string, got ${typeof v}`);
      else out[i] = v;
    }
    return out as string[];
  }
  if (type === 'int32List') {
    if (isIntList(data)) {
      for (let i = 0; i < n; i++) {
        const r = start + i;
        out[i] = Array.from(data.values.subarray(data.offsets[r], data.offsets[r + 1]));
      }
      return out as number[][];
    }
    if (!Array.isArray(data)) fail(name, 'expected an IntListColumn or an array of integer arrays');
    const arr = data as readonly unknown[];
    for (let i = 0; i < n; i++) {
      const v = arr[start + i];
      if (v === null || v === undefined) out[i] = nullAt(i);
      else if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x)))
        fail(name, `row ${start + i}: expected an array of integers`);
      else out[i] = v;
    }
    return out as number[][];
  }
  if (isDictionary(data) || isIntList(data)) return fail(name, `a ${type} column needs flat values`);
  const arr = data as ArrayLike<unknown>;
  // Fast paths: the typed array already is the physical type and cannot hold a null.
  if (!nullable) {
    if (type === 'int32' && arr instanceof Int32Array) return arr.subarray(start, end);
    if (type === 'int64' && arr instanceof BigInt64Array) return arr.subarray(start, end);
    // NaN is a value of a required float column (the project's "missing"), not a null.
    if (type === 'float' && arr instanceof Float32Array) return arr.subarray(start, end);
    if (type === 'double' && arr instanceof Float64Array) return arr.subarray(start, end);
    if (type === 'float' && arr instanceof Float64Array) return Float32Array.from(arr.subarray(start, end));
  }
  // Times repeat in long runs (a candidate group shares one time): one BigInt per run, not per row.
  let lastNumber = Number.NaN;
  let lastBig = 0n;
  for (let i = 0; i < n; i++) {
    const v = arr[start + i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      out[i] = nullAt(i);
      continue;
    }
    switch (type) {
      case 'int32':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647)
          fail(name, `row ${start + i}: expected an int32 integer, got ${String(v)}`);
        out[i] = v;
        break;
      case 'int64':
      case 'timestamp':
        if (typeof v === 'bigint') out[i] = v;
        else if (v === lastNumber) out[i] = lastBig;
        else if (typeof v === 'number' && Number.isSafeInteger(v)) {
          lastBig = BigInt(v);
          lastNumber = v;
          out[i] = lastBig;
        } else fail(name, `row ${start + i}: expected a safe integer, got ${String(v)}`);
        break;
      case 'double':
      case 'float':
        if (typeof v !== 'number') fail(name, `row ${start + i}: expected a number, got ${typeof v}`);
        out[i] = v;
        break;
      case 'boolean':
        if (v === true || v === 1) out[i] = true;
        else if (v === false || v === 0) out[i] = false;
        else fail(name, `row ${start + i}: expected a boolean or 0/1, got ${String(v)}`);
        break;
    }
  }
  if (!nullable) {
    // Required numeric columns go down as typed arrays (hyparquet-writer's fast path).
    if (type === 'int32') return Int32Array.from(out as number[]);
    if (type === 'double') return Float64Array.from(out as number[]);
    if (type === 'float') return Float32Array.from(out as number[]);
  }
  return out as ColumnSource['data'];
}

export interface ParquetWriterOptions {
  /** Compression codec: SNAPPY (default) or UNCOMPRESSED. */
  readonly codec?: 'SNAPPY' | 'UNCOMPRESSED';
  /** Extra key-value metadata stored in the footer. */
  readonly metadata?: Record<string, string>;
}

/**
 * Writes a parquet file one row group at a time. The file appears at `path` only on `close()`; until
 * then it is `<path>.tmp-<pid>`, removed by `abort()` (call it when the producer fails).
 */
export class ParquetStreamWriter {
  private readonly temp: string;
  private readonly writer: ParquetWriter;
  private readonly specs: { spec: ParquetColumnSpec; nullable: boolean }[];
  private state: 'open' | 'closed' | 'aborted' = 'open';
  private rowCount = 0;

  /**
   * @param path final file path (parent directories are created)
   * @param schema every column's name, type and nullability (nullable defaults to true here, since
   *   the data of later row groups is not known yet)
   */
  constructor(
    readonly path: string,
    schema: readonly ParquetColumnSpec[],
    options: ParquetWriterOptions = {},
  ) {
    if (schema.length === 0) throw new TypeError(`${path}: a parquet file needs at least one column`);
    const seen = new Set<string>();
    for (const s of schema) {
      if (seen.has(s.name)) throw new TypeError(`${path}: duplicate parquet column ${s.name}`);
      seen.add(s.name);
    }
    this.specs = schema.map((spec) => ({ spec, nullable: spec.nullable ?? true }));
    const elements: SchemaElement[] = [{ name: 'root', num_children: schema.length }];
    for (const { spec, nullable } of this.specs) elements.push(...schemaElements(spec, nullable));
    mkdirSync(dirname(path), { recursive: true });
    this.temp = tempPathFor(path);
    const kvMetadata = Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value }));
    this.writer = new ParquetWriter({
      writer: fileWriter(this.temp),
      schema: elements,
      codec: options.codec ?? 'SNAPPY',
      kvMetadata: kvMetadata.length > 0 ? kvMetadata : undefined,
      createdBy: '@wemoms/data-schema (hyparquet-writer 0.17.0)',
    });
  }

  /** Rows written so far. */
  get rows(): number {
    return this.rowCount;
  }

  /**
   * Appends one row group. `columns` maps every schema column name to its values (all the same length).
   * Values are encoded per `[start, end)` slice of at most `rowGroupSize` rows (default: all in one
   * group), so a large table can be streamed from memory without a full plain-array copy.
   */
  writeRowGroup(columns: Readonly<Record<string, ParquetWriteValues>>, rowGroupSize?: number): void {
    if (this.state !== 'open') throw new Error(`${this.path}: parquet writer is ${this.state}`);
    try {
      let length = -1;
      for (const { spec } of this.specs) {
        const data = columns[spec.name];
        if (data === undefined) throw new TypeError(`${this.path}: row group lacks column ${spec.name}`);
        const n = valuesLength(data);
        if (length >= 0 && n !== length) {
          throw new TypeError(
            `${this.path}: column ${spec.name} has ${n} rows, expected ${length} like the first column`,
          );
        }
        length = n;
      }
      const step = Math.max(1, rowGroupSize ?? length);
      for (let start = 0; start < length; start += step) {
        const end = Math.min(length, start + step);
        const columnData: ColumnSource[] = this.specs.map(({ spec, nullable }) => {
          const floating = spec.type === 'float' || spec.type === 'double';
          return {
            name: spec.name,
            data: encodeSlice(spec, nullable, columns[spec.name], start, end),
            // Dictionary trials and min/max statistics on float features cost ~10x the write itself
            // (measured on 584k-row feature files) and buy nothing for dense model inputs.
            ...(floating ? { encoding: 'PLAIN' as const, statistics: false } : {}),
            // hyparquet-writer decides on a dictionary from a 1,000-value sample, which rejects id
            // columns (every sampled group a new id) and then UTF-8-encodes every row: 10x slower and
            // larger. A DictionaryColumn with fewer entries than rows is written dictionary-encoded.
            ...(spec.type === 'string' && isSmallDictionary(columns[spec.name], end - start)
              ? { encoding: 'RLE_DICTIONARY' as const }
              : {}),
          };
        });
        // One row group per slice: rowGroupSize equal to the slice length.
        this.writer.write({ columnData, rowGroupSize: end - start });
        this.rowCount += end - start;
      }
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** Writes the footer and renames the temp file into place. */
  close(): void {
    if (this.state !== 'open') throw new Error(`${this.path}: parquet writer is ${this.state}`);
    try {
      this.writer.finish();
      renameSync(this.temp, this.path);
      this.state = 'closed';
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** Discards the temp file; the target path is left untouched. */
  abort(): void {
    if (this.state === 'closed') return;
    this.state = 'aborted';
    rmSync(this.temp, { force: true });
  }
}

export interface WriteParquetOptions extends ParquetWriterOptions {
  /** Rows per row group (default 100,000). */
  readonly rowGroupSize?: number;
}

/**
 * Writes `columns` to a parquet file at `path`, atomically (temp file + rename), in row groups of
 * `rowGroupSize` rows. Nullability defaults per column from its storage (see ParquetColumnSpec).
 */
export function writeParquet(
  path: string,
  columns: readonly ParquetColumn[],
  options: WriteParquetOptions = {},
): void {
  const schema = columns.map((c) => ({
    name: c.name,
    type: c.type,
    nullable: c.nullable ?? defaultNullable(c.data, c.type),
  }));
  const writer = new ParquetStreamWriter(path, schema, options);
  const byName: Record<string, ParquetWriteValues> = {};
  for (const c of columns) byName[c.name] = c.data;
  // writeRowGroup and close abort (remove the temp file) themselves when they fail.
  writer.writeRowGroup(byName, options.rowGroupSize ?? 100_000);
  writer.close();
}
