/**
 * One row-group slice of a column to write, as parquet physical values in typed arrays: the non-null
 * values (or dictionary indices, or list elements), a defined flag per row when the column is nullable,
 * and the min/max statistics that are cheap to keep. Validates the values with the writer's messages.
 */
import type { ParquetColumnSpec, ParquetWriteValues } from './parquet-types.js';
import type { DictionaryColumn, IntListColumn } from './schema.js';

/** Physical values of a slice. */
export type SliceValues =
  /** PLAIN fixed-width values: int64 as (low, high) int32 pairs, so `bytes` is the page body. */
  | {
      readonly kind: 'fixed';
      readonly values: Int32Array | Float32Array | Float64Array;
      readonly width: 4 | 8;
    }
  /** Booleans as 0/1 bytes, bit-packed on write. */
  | { readonly kind: 'boolean'; readonly values: Uint8Array }
  /** Dictionary indices of the non-null rows and the PLAIN-encoded dictionary page body. */
  | {
      readonly kind: 'dictionary';
      readonly indices: Int32Array;
      readonly dictionary: Uint8Array;
      readonly size: number;
    }
  /** int32 lists: row i holds values[offsets[i] - offsets[0] .. offsets[i + 1] - offsets[0]). */
  | { readonly kind: 'list'; readonly offsets: Int32Array; readonly values: Int32Array };

export interface ColumnSlice {
  readonly rows: number;
  /** 1 where the row has a value, per row; only for nullable columns. */
  readonly defined?: Uint8Array;
  readonly nulls: number;
  readonly data: SliceValues;
  readonly min?: number | bigint | Uint8Array;
  readonly max?: number | bigint | Uint8Array;
}

export const isDictionary = (d: ParquetWriteValues): d is DictionaryColumn =>
  !ArrayBuffer.isView(d) && !Array.isArray(d) && 'codes' in d;
export const isIntList = (d: ParquetWriteValues): d is IntListColumn =>
  !ArrayBuffer.isView(d) && !Array.isArray(d) && 'offsets' in d;

const fail = (name: string, what: string): never => {
  throw new TypeError(`parquet column ${name}: ${what}`);
};

const TWO_32 = 4294967296;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Tracks nulls of a slice: a defined flag per row, allocated on the first null or for nullable columns. */
class Nulls {
  readonly defined: Uint8Array | undefined;
  count = 0;
  constructor(
    private readonly name: string,
    private readonly start: number,
    nullable: boolean,
    rows: number,
  ) {
    this.defined = nullable ? new Uint8Array(rows).fill(1) : undefined;
  }
  /** Marks slice row i null, or fails when the column is required. */
  mark(i: number): void {
    if (!this.defined) fail(this.name, `row ${this.start + i} is null but the column is not nullable`);
    else this.defined[i] = 0;
    this.count++;
  }
}

const isMissing = (v: unknown): boolean =>
  v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/** Writes UTF-8 of `s` at `at` (room for 3 bytes per UTF-16 unit); returns the byte length. */
const encoder = new TextEncoder();
function utf8Into(s: string, out: Uint8Array, at: number): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return encoder.encodeInto(s, out.subarray(at)).written;
    out[at + i] = c;
  }
  return n;
}

function compareBytes(a: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const n = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < n; i++) {
    const d = a[aStart + i] - a[bStart + i];
    if (d !== 0) return d;
  }
  return aEnd - aStart - (bEnd - bStart);
}

/** PLAIN BYTE_ARRAY page of the entries, with the min and max entry in byte order. */
function dictionaryPage(entries: readonly string[]): {
  page: Uint8Array;
  min?: Uint8Array;
  max?: Uint8Array;
} {
  let bound = 0;
  for (const s of entries) bound += 4 + 3 * s.length;
  const page = new Uint8Array(bound);
  const view = new DataView(page.buffer);
  let at = 0;
  let minAt = -1;
  let minEnd = -1;
  let maxAt = -1;
  let maxEnd = -1;
  for (const s of entries) {
    const length = utf8Into(s, page, at + 4);
    view.setUint32(at, length, true);
    const from = at + 4;
    at = from + length;
    if (minAt < 0 || compareBytes(page, from, at, minAt, minEnd) < 0) [minAt, minEnd] = [from, at];
    if (maxAt < 0 || compareBytes(page, from, at, maxAt, maxEnd) > 0) [maxAt, maxEnd] = [from, at];
  }
  return {
    page: page.subarray(0, at),
    min: minAt < 0 ? undefined : page.slice(minAt, minEnd),
    max: maxAt < 0 ? undefined : page.slice(maxAt, maxEnd),
  };
}

function dictionarySlice(
  name: string,
  data: DictionaryColumn,
  start: number,
  end: number,
  nulls: Nulls,
): Omit<ColumnSlice, 'rows' | 'nulls' | 'defined'> {
  const { codes, dictionary } = data;
  // Only the entries this slice uses go to the page, renumbered in first-use order.
  const remap = new Int32Array(dictionary.length).fill(-1);
  const used: string[] = [];
  const indices = new Int32Array(end - start);
  let k = 0;
  for (let r = start; r < end; r++) {
    const c = codes[r];
    if (c < 0) {
      nulls.mark(r - start);
      continue;
    }
    let index = remap[c];
    if (index < 0) {
      if (c >= dictionary.length) fail(name, `row ${r}: code ${c} is beyond the dictionary`);
      index = used.length;
      remap[c] = index;
      used.push(dictionary[c]);
    }
    indices[k++] = index;
  }
  const { page, min, max } = dictionaryPage(used);
  return {
    data: { kind: 'dictionary', indices: indices.subarray(0, k), dictionary: page, size: used.length },
    min,
    max,
  };
}

function stringArraySlice(
  name: string,
  arr: readonly unknown[],
  start: number,
  end: number,
  nulls: Nulls,
): Omit<ColumnSlice, 'rows' | 'nulls' | 'defined'> {
  const index = new Map<string, number>();
  const used: string[] = [];
  const indices = new Int32Array(end - start);
  let k = 0;
  for (let r = start; r < end; r++) {
    const v = arr[r];
    if (v === null || v === undefined) {
      nulls.mark(r - start);
      continue;
    }
    if (typeof v !== 'string') fail(name, `row ${r}: expected a string, got ${typeof v}`);
    let i = index.get(v as string);
    if (i === undefined) {
      i = used.length;
      index.set(v as string, i);
      used.push(v as string);
    }
    indices[k++] = i;
  }
  const { page, min, max } = dictionaryPage(used);
  return {
    data: { kind: 'dictionary', indices: indices.subarray(0, k), dictionary: page, size: used.length },
    min,
    max,
  };
}

function listSlice(
  name: string,
  data: ParquetWriteValues,
  start: number,
  end: number,
  nulls: Nulls,
): SliceValues {
  if (isIntList(data)) {
    return {
      kind: 'list',
      offsets: data.offsets.subarray(start, end + 1),
      values: data.values.subarray(data.offsets[start], data.offsets[end]),
    };
  }
  if (!Array.isArray(data)) return fail(name, 'expected an IntListColumn or an array of integer arrays');
  const arr = data as readonly unknown[];
  const offsets = new Int32Array(end - start + 1);
  let total = 0;
  for (let r = start; r < end; r++) {
    const v = arr[r];
    if (v === null || v === undefined) nulls.mark(r - start);
    else if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x)))
      fail(name, `row ${r}: expected an array of integers`);
    else total += v.length;
    offsets[r - start + 1] = total;
  }
  const values = new Int32Array(total);
  for (let r = start; r < end; r++) {
    const v = arr[r] as readonly number[] | null | undefined;
    if (v) values.set(v, offsets[r - start]);
  }
  return { kind: 'list', offsets, values };
}

/** Non-null int64 values as (low, high) pairs, validated as safe integers (or in range bigints). */
function int64Slice(
  name: string,
  arr: ArrayLike<unknown>,
  start: number,
  end: number,
  nulls: Nulls,
): Omit<ColumnSlice, 'rows' | 'nulls' | 'defined'> {
  if (arr instanceof BigInt64Array) {
    const part = arr.subarray(start, end);
    let min = part.length > 0 ? part[0] : undefined;
    let max = min;
    for (let i = 1; i < part.length; i++) {
      const v = part[i];
      if (v < (min as bigint)) min = v;
      if (v > (max as bigint)) max = v;
    }
    const values = new Int32Array(part.buffer, part.byteOffset, part.length * 2);
    return { data: { kind: 'fixed', values, width: 8 }, min, max };
  }
  const pairs = new Int32Array((end - start) * 2);
  let big: BigInt64Array | undefined;
  let k = 0;
  let min: number | bigint | undefined;
  let max: number | bigint | undefined;
  for (let r = start; r < end; r++) {
    const v = arr[r];
    if (isMissing(v)) {
      nulls.mark(r - start);
      continue;
    }
    if (typeof v === 'number' && Number.isSafeInteger(v)) {
      const high = Math.floor(v / TWO_32);
      pairs[2 * k] = v - high * TWO_32;
      pairs[2 * k + 1] = high;
    } else if (typeof v === 'bigint' && v >= INT64_MIN && v <= INT64_MAX) {
      big ??= new BigInt64Array(pairs.buffer);
      big[k] = v;
    } else return fail(name, `row ${r}: expected a safe integer, got ${String(v)}`);
    if (min === undefined || v < min) min = v;
    if (max === undefined || v > max) max = v;
    k++;
  }
  return { data: { kind: 'fixed', values: pairs.subarray(0, 2 * k), width: 8 }, min, max };
}

function int32Slice(
  name: string,
  arr: ArrayLike<unknown>,
  start: number,
  end: number,
  nulls: Nulls,
): Omit<ColumnSlice, 'rows' | 'nulls' | 'defined'> {
  let values: Int32Array;
  let k = 0;
  if (arr instanceof Int32Array) {
    values = arr.subarray(start, end);
    k = values.length;
  } else {
    values = new Int32Array(end - start);
    for (let r = start; r < end; r++) {
      const v = arr[r];
      if (isMissing(v)) {
        nulls.mark(r - start);
        continue;
      }
      if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647)
        fail(name, `row ${r}: expected an int32 integer, got ${String(v)}`);
      values[k++] = v as number;
    }
    values = values.subarray(0, k);
  }
  let min = k > 0 ? values[0] : undefined;
  let max = min;
  for (let i = 1; i < k; i++) {
    const v = values[i];
    if (v < (min as number)) min = v;
    else if (v > (max as number)) max = v;
  }
  return { data: { kind: 'fixed', values, width: 4 }, min, max };
}

function floatSlice(
  name: string,
  type: 'float' | 'double',
  nullable: boolean,
  arr: ArrayLike<unknown>,
  start: number,
  end: number,
  nulls: Nulls,
): SliceValues {
  const width = type === 'float' ? 4 : 8;
  // NaN is a value of a required float column (the project's "missing"), not a null.
  if (!nullable && (arr instanceof Float32Array || arr instanceof Float64Array)) {
    const part = arr.subarray(start, end);
    if (type === 'float')
      return { kind: 'fixed', values: part instanceof Float32Array ? part : Float32Array.from(part), width };
    return { kind: 'fixed', values: part instanceof Float64Array ? part : Float64Array.from(part), width };
  }
  const values = type === 'float' ? new Float32Array(end - start) : new Float64Array(end - start);
  let k = 0;
  for (let r = start; r < end; r++) {
    const v = arr[r];
    if (isMissing(v)) {
      nulls.mark(r - start);
      continue;
    }
    if (typeof v !== 'number') fail(name, `row ${r}: expected a number, got ${typeof v}`);
    values[k++] = v as number;
  }
  return { kind: 'fixed', values: values.subarray(0, k), width };
}

function booleanSlice(
  name: string,
  arr: ArrayLike<unknown>,
  start: number,
  end: number,
  nulls: Nulls,
): SliceValues {
  const values = new Uint8Array(end - start);
  let k = 0;
  for (let r = start; r < end; r++) {
    const v = arr[r];
    if (isMissing(v)) nulls.mark(r - start);
    else if (v === true || v === 1) values[k++] = 1;
    else if (v === false || v === 0) values[k++] = 0;
    else fail(name, `row ${r}: expected a boolean or 0/1, got ${String(v)}`);
  }
  return { kind: 'boolean', values: values.subarray(0, k) };
}

/**
 * Rows [start, end) of a column as physical parquet values. Nulls: NaN, code -1, null or undefined;
 * an error in a required column.
 */
export function columnSlice(
  spec: ParquetColumnSpec,
  nullable: boolean,
  data: ParquetWriteValues,
  start: number,
  end: number,
): ColumnSlice {
  const { name, type } = spec;
  const nulls = new Nulls(name, start, nullable, end - start);
  let part: Omit<ColumnSlice, 'rows' | 'nulls' | 'defined'>;
  if (type === 'string') {
    if (isDictionary(data)) part = dictionarySlice(name, data, start, end, nulls);
    else if (Array.isArray(data)) part = stringArraySlice(name, data, start, end, nulls);
    else return fail(name, 'expected a string array or a DictionaryColumn');
  } else if (type === 'int32List') {
    part = { data: listSlice(name, data, start, end, nulls) };
  } else {
    if (isDictionary(data) || isIntList(data)) return fail(name, `a ${type} column needs flat values`);
    const arr = data as ArrayLike<unknown>;
    switch (type) {
      case 'int32':
        part = int32Slice(name, arr, start, end, nulls);
        break;
      case 'int64':
      case 'timestamp':
        part = int64Slice(name, arr, start, end, nulls);
        break;
      case 'float':
      case 'double':
        part = { data: floatSlice(name, type, nullable, arr, start, end, nulls) };
        break;
      case 'boolean':
        part = { data: booleanSlice(name, arr, start, end, nulls) };
        break;
      default:
        return fail(name, `unknown type ${JSON.stringify(type)}`);
    }
  }
  return { ...part, rows: end - start, nulls: nulls.count, defined: nulls.defined };
}
