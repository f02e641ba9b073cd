/**
 * Parquet reading into the project's columnar encodings (typed arrays, NaN for missing numbers,
 * dictionary-encoded strings, timestamps as UTC micros). Column chunks the fast decoder handles
 * (parquetChunkReader) are decoded straight into the output arrays; other columns go through
 * hyparquet's generic reader.
 */
import { open } from 'node:fs/promises';
import {
  asyncBufferFromFile,
  type ColumnData,
  type FileMetaData,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  type SchemaTree,
} from 'hyparquet';
import { ColumnDecoder, UnsupportedChunk } from './parquet-chunk-reader.js';
import type {
  ParquetColumnSpec,
  ParquetColumnType,
  ParquetReadValues,
  ParquetTable,
} from './parquet-types.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Our logical type of a top-level parquet column, or an error naming what is not supported. */
function logicalType(path: string, node: SchemaTree): ParquetColumnType {
  const e = node.element;
  if (node.children.length > 0) {
    // LIST<INT32>: 3-level (list/element) or legacy 2-level repeated int32.
    const isList = e.converted_type === 'LIST' || e.logical_type?.type === 'LIST';
    const repeated = node.children[0];
    const leaf = repeated?.children.length ? repeated.children[0] : repeated;
    if (isList && leaf && leaf.children.length === 0 && leaf.element.type === 'INT32') return 'int32List';
    throw new TypeError(
      `${path}: column ${e.name} is a nested type other than a list of int32 (unsupported)`,
    );
  }
  const ctype = e.converted_type;
  const ltype = e.logical_type;
  switch (e.type) {
    case 'INT32':
      if (ctype === 'DATE' || ltype?.type === 'DATE') break;
      return 'int32';
    case 'INT64':
      if (ltype?.type === 'TIMESTAMP' || ctype === 'TIMESTAMP_MICROS' || ctype === 'TIMESTAMP_MILLIS') {
        return 'timestamp';
      }
      return 'int64';
    case 'DOUBLE':
      return 'double';
    case 'FLOAT':
      return 'float';
    case 'BOOLEAN':
      return 'boolean';
    case 'BYTE_ARRAY':
      if (ctype === 'UTF8' || ltype?.type === 'STRING' || ctype === 'ENUM') return 'string';
      break;
  }
  throw new TypeError(
    `${path}: column ${e.name} has parquet type ${e.type}${ctype ? `/${ctype}` : ''}, which readParquet does not support`,
  );
}

/** Allocates the output storage of a column of `n` rows. */
function allocate(type: ParquetColumnType, nullable: boolean, n: number): ParquetReadValues {
  switch (type) {
    case 'int32':
      return nullable ? new Float64Array(n) : new Int32Array(n);
    case 'boolean':
      return nullable ? new Float64Array(n) : new Uint8Array(n);
    case 'float':
      return new Float32Array(n);
    case 'string':
      return { codes: new Int32Array(n), dictionary: [] };
    case 'int32List':
      return { offsets: new Int32Array(n + 1), values: new Int32Array(0) };
    default:
      return new Float64Array(n);
  }
}

/** Options of readParquet. */
export interface ReadParquetOptions {
  /** Columns to read (default: all), in this order. */
  readonly columns?: readonly string[];
  /** Columns not to read, among `columns` or all (names absent from the file are ignored). */
  readonly exclude?: readonly string[];
}

/**
 * Reads a parquet file (or some of its columns) into typed arrays, see ParquetReadValues for the layout
 * of each type. Chunks are assembled in row order, so string dictionaries are in first-seen row order
 * and the result is deterministic.
 */
export async function readParquet(path: string, options: ReadParquetOptions = {}): Promise<ParquetTable> {
  let file: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  let metadata: FileMetaData;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new Error(`${path}: not a readable parquet file: ${(error as Error).message}`);
  }
  const length = Number(metadata.num_rows);
  const tree = parquetSchema(metadata);
  const nodes = new Map(tree.children.map((c) => [c.element.name, c]));
  const excluded = new Set(options.exclude ?? []);
  const names = (options.columns ? [...options.columns] : tree.children.map((c) => c.element.name)).filter(
    (name) => !excluded.has(name),
  );
  const specs: ParquetColumnSpec[] = names.map((name) => {
    const node = nodes.get(name);
    if (!node) {
      throw new Error(`${path}: no column ${name} (columns: ${[...nodes.keys()].join(', ')})`);
    }
    return { name, type: logicalType(path, node), nullable: node.element.repetition_type !== 'REQUIRED' };
  });

  const columns: Record<string, ParquetReadValues> = {};
  const generic = await readFast(path, metadata, specs, nodes, length, columns);
  if (generic.length > 0) {
    const chunks = new Map<string, ColumnData[]>(generic.map((spec) => [spec.name, []]));
    if (length > 0) {
      await parquetRead({
        file,
        metadata,
        columns: generic.map((spec) => spec.name),
        // Keep timestamps as numbers of microseconds (hyparquet's default makes Date objects).
        parsers: {
          timestampFromMicroseconds: (us: bigint) => Number(us),
          timestampFromMilliseconds: (ms: bigint) => Number(ms) * 1000,
          timestampFromNanoseconds: (ns: bigint) => Number(ns / 1000n),
        },
        onChunk: (chunk) => chunks.get(chunk.columnName)?.push(chunk),
      });
    }
    for (const spec of generic) {
      const parts = (chunks.get(spec.name) ?? []).sort((a, b) => a.rowStart - b.rowStart);
      columns[spec.name] = assemble(path, spec, length, parts);
    }
  }
  // Keep the requested column order.
  const ordered: Record<string, ParquetReadValues> = {};
  for (const spec of specs) ordered[spec.name] = columns[spec.name];
  return { length, specs, columns: ordered };
}

/**
 * Decodes with ColumnDecoder every column it handles into `columns`; returns the specs of the columns
 * left for the generic reader (unsupported schema, encoding or codec).
 */
async function readFast(
  path: string,
  metadata: FileMetaData,
  specs: readonly ParquetColumnSpec[],
  nodes: ReadonlyMap<string, SchemaTree>,
  length: number,
  columns: Record<string, ParquetReadValues>,
): Promise<ParquetColumnSpec[]> {
  const decoders = new Map<string, ColumnDecoder>();
  const generic: ParquetColumnSpec[] = [];
  for (const spec of specs) {
    const node = nodes.get(spec.name) as SchemaTree;
    const output = allocate(spec.type, spec.nullable ?? true, length);
    const decoder = ColumnDecoder.create(path, node, spec.type, output, length);
    if (decoder) decoders.set(spec.name, decoder);
    else generic.push(spec);
  }
  if (decoders.size === 0) return generic;
  const handle = await open(path, 'r');
  let rowStart = 0;
  try {
    for (const group of metadata.row_groups) {
      const rows = Number(group.num_rows);
      for (const chunk of group.columns) {
        const meta = chunk.meta_data;
        const name = meta?.path_in_schema[0];
        const decoder = name === undefined ? undefined : decoders.get(name);
        if (!meta || !decoder) continue;
        try {
          if (chunk.file_path || meta.path_in_schema.join('.') !== decoder.leafPath.join('.')) {
            throw new UnsupportedChunk('chunk path');
          }
          const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
          const bytes = new Uint8Array(Number(meta.total_compressed_size));
          const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
          if (bytesRead !== bytes.length) throw new Error(`${path}: column chunk of ${name} is truncated`);
          decoder.readChunk(bytes, meta, rowStart, rows);
        } catch (error) {
          if (!(error instanceof UnsupportedChunk)) throw error;
          decoders.delete(name as string);
          generic.push(specs.find((s) => s.name === name) as ParquetColumnSpec);
        }
      }
      rowStart += rows;
    }
  } finally {
    await handle.close();
  }
  if (rowStart !== length) throw new Error(`${path}: row groups hold ${rowStart} rows, expected ${length}`);
  for (const [name, decoder] of decoders) columns[name] = decoder.result();
  return generic;
}

/** Copies the decoded chunks of one column into its output storage. */
function assemble(
  path: string,
  spec: ParquetColumnSpec,
  length: number,
  parts: ColumnData[],
): ParquetReadValues {
  const { name, type } = spec;
  const nullable = spec.nullable ?? true;
  const out = allocate(type, nullable, length);
  let covered = 0;
  if (type === 'string') {
    const dict = out as { codes: Int32Array; dictionary: string[] };
    const index = new Map<string, number>();
    for (const part of parts) {
      const data = part.columnData as ArrayLike<string | null | undefined>;
      for (let i = 0; i < data.length; i++) {
        const v = data[i];
        let code = -1;
        if (v !== null && v !== undefined) {
          const known = index.get(v);
          if (known === undefined) {
            code = dict.dictionary.length;
            dict.dictionary.push(v);
            index.set(v, code);
          } else code = known;
        }
        dict.codes[part.rowStart + i] = code;
      }
      covered += data.length;
    }
  } else if (type === 'int32List') {
    const list = out as { offsets: Int32Array; values: Int32Array };
    let total = 0;
    for (const part of parts) {
      const data = part.columnData as ArrayLike<ArrayLike<number> | null | undefined>;
      for (let i = 0; i < data.length; i++) total += data[i]?.length ?? 0;
    }
    const values = new Int32Array(total);
    let at = 0;
    for (const part of parts) {
      const data = part.columnData as ArrayLike<ArrayLike<number> | null | undefined>;
      for (let i = 0; i < data.length; i++) {
        const row = data[i];
        if (row) for (let k = 0; k < row.length; k++) values[at++] = row[k];
        list.offsets[part.rowStart + i + 1] = at;
      }
      covered += data.length;
    }
    return { offsets: list.offsets, values };
  } else {
    const target = out as Float64Array | Float32Array | Int32Array | Uint8Array;
    for (const part of parts) {
      const data = part.columnData as ArrayLike<unknown>;
      const base = part.rowStart;
      for (let i = 0; i < data.length; i++) {
        const v = data[i];
        if (v === null || v === undefined) target[base + i] = Number.NaN;
        else if (typeof v === 'bigint') {
          if (v > MAX_SAFE || v < -MAX_SAFE) {
            throw new RangeError(
              `${path}: column ${name} row ${base + i}: ${v} is beyond 2^53, not exact as a number`,
            );
          }
          target[base + i] = Number(v);
        } else if (typeof v === 'boolean') target[base + i] = v ? 1 : 0;
        else target[base + i] = v as number;
      }
      covered += data.length;
    }
  }
  if (covered !== length) {
    throw new Error(`${path}: column ${name} decoded ${covered} rows, expected ${length}`);
  }
  return out;
}
