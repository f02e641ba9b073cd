/**
 * Parquet writing: typed columns with nulls, one row group per call, written to a temp file and renamed
 * into place on close (atomic), so memory stays flat on large outputs. Column chunks are encoded
 * straight from the typed arrays (parquetChunkWriter); hyparquet-writer serialises the footer.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ColumnChunk, ParquetType, RowGroup, SchemaElement } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { tempPathFor } from './atomic-write.js';
import { writeMetadata } from './hyparquet-internals.js';
import { type ChunkTarget, type ParquetCodec, writeColumnChunk } from './parquet-chunk-writer.js';
import { columnSlice, isDictionary, isIntList } from './parquet-column-slice.js';
import { ParquetFileSink } from './parquet-file-sink.js';
import type {
  ParquetColumn,
  ParquetColumnSpec,
  ParquetColumnType,
  ParquetWriteValues,
} from './parquet-types.js';

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

export interface ParquetWriterOptions {
  /**
   * Compression codec of every column. Default: SNAPPY, except float (32-bit) columns, which are
   * UNCOMPRESSED: snappy shrinks float features by ~10% at 38 MB/s, several times the cost of the
   * write; the log's doubles (few distinct values) shrink to ~30% at ~190 MB/s, so they keep it.
   * A SNAPPY column chunk whose sample does not shrink by 15% is written UNCOMPRESSED.
   */
  readonly codec?: ParquetCodec;
  /** Target uncompressed bytes of values per data page (default 1 MiB). */
  readonly pageSize?: number;
  /** Extra key-value metadata stored in the footer. */
  readonly metadata?: Record<string, string>;
}

const PHYSICAL: Record<ParquetColumnType, ParquetType> = {
  int32: 'INT32',
  int64: 'INT64',
  double: 'DOUBLE',
  float: 'FLOAT',
  boolean: 'BOOLEAN',
  string: 'BYTE_ARRAY',
  timestamp: 'INT64',
  int32List: 'INT32',
};

const PARQUET_MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]);

/** Where each column's chunks go: physical type, path, levels, codec. */
function chunkTarget(spec: ParquetColumnSpec, nullable: boolean, options: ParquetWriterOptions): ChunkTarget {
  const list = spec.type === 'int32List';
  return {
    type: PHYSICAL[spec.type],
    path: list ? [spec.name, 'list', 'element'] : [spec.name],
    maxDefinitionLevel: (nullable ? 1 : 0) + (list ? 1 : 0),
    codec: options.codec ?? (spec.type === 'float' ? 'UNCOMPRESSED' : 'SNAPPY'),
    pageSize: Math.max(1, options.pageSize ?? 1 << 20),
  };
}

/**
 * Writes a parquet file one row group at a time. The file appears at `path` only on `close()`; until
 * then it is `<path>.tmp-<pid>`, removed by `abort()` (call it when the producer fails).
 */
export class ParquetStreamWriter {
  private readonly temp: string;
  private readonly sink: ParquetFileSink;
  private readonly schema: SchemaElement[];
  private readonly specs: { spec: ParquetColumnSpec; nullable: boolean; target: ChunkTarget }[];
  private readonly rowGroups: RowGroup[] = [];
  private readonly kvMetadata: { key: string; value: string }[];
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
    this.schema = [{ name: 'root', num_children: schema.length }];
    this.specs = schema.map((spec) => {
      const nullable = spec.nullable ?? true;
      this.schema.push(...schemaElements(spec, nullable));
      return { spec, nullable, target: chunkTarget(spec, nullable, options) };
    });
    this.kvMetadata = Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value }));
    mkdirSync(dirname(path), { recursive: true });
    this.temp = tempPathFor(path);
    this.sink = new ParquetFileSink(this.temp);
    this.sink.write(PARQUET_MAGIC);
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
        const groupStart = this.sink.offset;
        const chunks: ColumnChunk[] = [];
        let uncompressed = 0n;
        for (const { spec, nullable, target } of this.specs) {
          const slice = columnSlice(spec, nullable, columns[spec.name], start, end);
          const chunk = writeColumnChunk(this.sink, target, slice);
          uncompressed += chunk.meta_data?.total_uncompressed_size ?? 0n;
          chunks.push(chunk);
        }
        this.rowGroups.push({
          columns: chunks,
          total_byte_size: uncompressed,
          num_rows: BigInt(end - start),
          file_offset: BigInt(groupStart),
          total_compressed_size: BigInt(this.sink.offset - groupStart),
        });
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
      const footer = new ByteWriter();
      writeMetadata(footer, {
        version: 2,
        created_by: '@wemoms/data-schema (hyparquet-writer 0.17.0 footer)',
        schema: this.schema,
        num_rows: BigInt(this.rowCount),
        row_groups: this.rowGroups,
        key_value_metadata: this.kvMetadata.length > 0 ? this.kvMetadata : undefined,
      } as Parameters<typeof writeMetadata>[1]);
      this.sink.write(footer.getBytes());
      this.sink.write(PARQUET_MAGIC);
      this.sink.close();
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
    this.sink.discard();
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
