import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';

/** One column read back from parquet, in the typed array matching its physical type. */
export type ParquetColumnData = Float32Array | Float64Array | Int32Array | Uint8Array | (string | null)[];

export interface ParquetColumns {
  readonly length: number;
  readonly columns: Record<string, ParquetColumnData>;
  /** The file's key-value metadata. */
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Reads every (or the named) top-level column of a parquet file held in memory into typed arrays:
 * FLOAT -> Float32Array (bit-exact, so the model sees the featuriser's very values), DOUBLE -> Float64Array,
 * INT32 -> Int32Array, BOOLEAN -> Uint8Array, strings -> (string | null)[]. Works in Node and the browser.
 */
export async function readParquetColumns(
  buffer: ArrayBuffer,
  names?: readonly string[],
): Promise<ParquetColumns> {
  const metadata = parquetMetadata(buffer);
  const length = Number(metadata.num_rows);
  const wanted = names ? new Set(names) : null;
  const columns: Record<string, ParquetColumnData> = {};
  for (const child of parquetSchema(metadata).children) {
    const { name, type } = child.element;
    if (wanted && !wanted.has(name)) continue;
    if (child.children.length > 0)
      throw new Error(`parquet column ${name}: nested columns are not supported here`);
    columns[name] =
      type === 'FLOAT'
        ? new Float32Array(length)
        : type === 'DOUBLE'
          ? new Float64Array(length)
          : type === 'INT32'
            ? new Int32Array(length)
            : type === 'BOOLEAN'
              ? new Uint8Array(length)
              : new Array<string | null>(length).fill(null);
  }
  if (wanted)
    for (const name of wanted) if (!columns[name]) throw new Error(`parquet: missing column ${name}`);
  await parquetRead({
    file: buffer,
    metadata,
    columns: Object.keys(columns),
    onChunk({ columnName, columnData, rowStart }) {
      const target = columns[columnName];
      if (Array.isArray(target)) {
        for (let i = 0; i < columnData.length; i++) {
          const v = columnData[i];
          target[rowStart + i] = v === null || v === undefined ? null : String(v);
        }
      } else {
        // Booleans come back as JS booleans; numbers (possibly null when nullable) copy as is.
        for (let i = 0; i < columnData.length; i++) {
          const v = columnData[i];
          target[rowStart + i] = v === null || v === undefined ? Number.NaN : Number(v);
        }
      }
    },
  });
  const keyValues: Record<string, string> = {};
  for (const { key, value } of metadata.key_value_metadata ?? []) keyValues[key] = value ?? '';
  return { length, columns, metadata: keyValues };
}

/** Dictionary-encodes a string column (code -1 = null), dictionary in first-seen order. */
export function encodeDictionary(values: readonly (string | null)[]): {
  codes: Int32Array;
  dictionary: string[];
} {
  const codes = new Int32Array(values.length);
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) {
      codes[i] = -1;
      continue;
    }
    let code = index.get(v);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(v);
      index.set(v, code);
    }
    codes[i] = code;
  }
  return { codes, dictionary };
}
