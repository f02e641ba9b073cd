/**
 * Fast decoding of column chunks straight into readParquet's typed arrays: flat INT32 / INT64 /
 * TIMESTAMP(MICROS) / FLOAT / DOUBLE / BOOLEAN / UTF8 columns and LIST<INT32>, PLAIN or dictionary
 * encoded (RLE_DICTIONARY / PLAIN_DICTIONARY, RLE booleans), data page v1 or v2, UNCOMPRESSED or SNAPPY,
 * optional definition levels. Anything else throws UnsupportedChunk and readParquet falls back to
 * hyparquet's generic reader for that column.
 */
import type { ColumnMetaData, PageHeader, SchemaElement, SchemaTree } from 'hyparquet';
import { snappyUncompress } from 'hyparquet';
import { parquetHeader } from './hyparquet-internals.js';
import type { ParquetColumnType, ParquetReadValues } from './parquet-types.js';
import { decodeRleBitPackedHybrid } from './rle-bit-packed-hybrid.js';
import { Utf8Interner } from './utf8-interner.js';

/** A chunk or column this decoder does not handle; the caller uses the generic reader instead. */
export class UnsupportedChunk extends Error {}

const unsupported = (what: string): never => {
  throw new UnsupportedChunk(what);
};

const TWO_32 = 4294967296;

/** Which primitive a leaf holds, in the form readParquet returns. */
type Primitive = 'int32' | 'int64' | 'float' | 'double' | 'boolean' | 'string';

function primitiveOf(e: SchemaElement, type: ParquetColumnType): Primitive {
  const ctype = e.converted_type;
  const ltype = e.logical_type;
  switch (e.type) {
    case 'INT32': {
      const signed = !ctype || ctype === 'INT_8' || ctype === 'INT_16' || ctype === 'INT_32';
      if (!signed || (ltype && !(ltype.type === 'INTEGER' && ltype.isSigned))) unsupported('int32 kind');
      return 'int32';
    }
    case 'INT64':
      if (type === 'timestamp') {
        const micros = ltype?.type === 'TIMESTAMP' ? ltype.unit === 'MICROS' : ctype === 'TIMESTAMP_MICROS';
        if (!micros) unsupported('timestamp unit');
      } else if ((ctype && ctype !== 'INT_64') || (ltype && !(ltype.type === 'INTEGER' && ltype.isSigned)))
        unsupported('int64 kind');
      return 'int64';
    case 'FLOAT':
      return 'float';
    case 'DOUBLE':
      return 'double';
    case 'BOOLEAN':
      return 'boolean';
    case 'BYTE_ARRAY':
      return 'string';
    default:
      return unsupported(`physical type ${e.type}`);
  }
}

/** Non-null values of a page (or a dictionary) in readParquet's number form, or string codes. */
type PageValues = Int32Array | Float32Array | Float64Array | Uint8Array;

/**
 * A string dictionary page, decoded lazily: an entry becomes a string and gets its column code the
 * first time a row uses it, so codes follow first-seen row order and unused entries cost nothing.
 */
interface StringDictionary {
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly codes: Int32Array;
}

type Dictionary = PageValues | StringDictionary;

/** Decoded data page: levels per entry (undefined when the column has none) and its value section. */
interface DataPage {
  readonly count: number;
  readonly repetition?: Uint8Array;
  readonly definition?: Uint8Array;
  readonly encoding: string;
  readonly values: Uint8Array;
}

/**
 * Decodes one column of a file into the project's encodings, chunk by chunk in row order. Create it
 * with `ColumnDecoder.create` (undefined when the schema shape is not handled).
 */
export class ColumnDecoder {
  private readonly output: ParquetReadValues;
  /** string columns: value -> code, in first-seen row order across chunks. */
  private readonly strings = new Utf8Interner();
  private listValues = new Int32Array(0);
  private listCount = 0;

  private constructor(
    private readonly path: string,
    private readonly name: string,
    readonly leafPath: readonly string[],
    private readonly primitive: Primitive,
    private readonly list: boolean,
    private readonly maxDefinitionLevel: number,
    private readonly length: number,
    output: ParquetReadValues,
  ) {
    this.output = output;
  }

  /** A decoder for a top-level column, or undefined when its schema is not one this reader handles. */
  static create(
    path: string,
    node: SchemaTree,
    type: ParquetColumnType,
    output: ParquetReadValues,
    length: number,
  ): ColumnDecoder | undefined {
    try {
      const e = node.element;
      const optional = e.repetition_type === 'OPTIONAL' ? 1 : 0;
      if (type === 'int32List') {
        // LIST -> repeated group -> required int32, or legacy LIST -> repeated int32.
        const repeated = node.children[0];
        if (node.children.length !== 1 || repeated.element.repetition_type !== 'REPEATED') return undefined;
        const leaf = repeated.children.length === 0 ? repeated : repeated.children[0];
        if (repeated.children.length > 1 || leaf.children.length > 0) return undefined;
        if (leaf !== repeated && leaf.element.repetition_type !== 'REQUIRED') return undefined;
        const primitive = primitiveOf(leaf.element, 'int32');
        if (primitive !== 'int32') return undefined;
        return new ColumnDecoder(path, e.name, leaf.path, primitive, true, optional + 1, length, output);
      }
      if (node.children.length > 0 || e.repetition_type === 'REPEATED') return undefined;
      return new ColumnDecoder(
        path,
        e.name,
        node.path,
        primitiveOf(e, type),
        false,
        optional,
        length,
        output,
      );
    } catch (error) {
      if (error instanceof UnsupportedChunk) return undefined;
      throw error;
    }
  }

  /** Decodes one chunk (all its pages) holding rows [rowStart, rowStart + rows). */
  readChunk(bytes: Uint8Array, meta: ColumnMetaData, rowStart: number, rows: number): void {
    const codec = meta.codec;
    if (codec !== 'SNAPPY' && codec !== 'UNCOMPRESSED') unsupported(`codec ${codec}`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const reader = { view, offset: 0 };
    let dictionary: Dictionary | undefined;
    let done = 0;
    // List chunks: the row of the next level with repetition 0.
    let row = rowStart;
    while (this.list ? reader.offset < bytes.length : done < rows) {
      if (reader.offset >= bytes.length) break;
      const header = parquetHeader(reader);
      const start = reader.offset;
      const end = start + header.compressed_page_size;
      if (end > bytes.length) throw new Error(`${this.where()}: page ends past its column chunk`);
      reader.offset = end;
      if (header.type === 'DICTIONARY_PAGE') {
        const count = header.dictionary_page_header?.num_values ?? 0;
        const enc = header.dictionary_page_header?.encoding;
        if (enc !== 'PLAIN' && enc !== 'PLAIN_DICTIONARY') unsupported(`dictionary encoding ${enc}`);
        const body = decompress(bytes.subarray(start, end), header.uncompressed_page_size, codec);
        dictionary =
          this.primitive === 'string'
            ? this.stringDictionary(body, count)
            : this.plainValues(body, 0, body.length, count);
        continue;
      }
      if (header.type !== 'DATA_PAGE' && header.type !== 'DATA_PAGE_V2') continue;
      const page = this.dataPage(header, bytes.subarray(start, end), codec);
      if (this.list) row = this.listPage(page, dictionary, row);
      else {
        this.flatPage(page, dictionary, rowStart + done);
        done += page.count;
      }
    }
    const got = this.list ? row - rowStart : done;
    if (got !== rows) throw new Error(`${this.where()}: column chunk holds ${got} rows, expected ${rows}`);
  }

  /** The decoded column, once every chunk is read. */
  result(): ParquetReadValues {
    if (this.primitive === 'string') {
      return { codes: (this.output as { codes: Int32Array }).codes, dictionary: this.strings.values };
    }
    if (!this.list) return this.output;
    const { offsets } = this.output as { offsets: Int32Array };
    offsets[this.length] = this.listCount;
    const values =
      this.listValues.length === this.listCount ? this.listValues : this.listValues.slice(0, this.listCount);
    return { offsets, values };
  }

  private where(): string {
    return `${this.path}: column ${this.name}`;
  }

  /** Page levels and value bytes (decompressed). */
  private dataPage(header: PageHeader, raw: Uint8Array, codec: string): DataPage {
    const maxDef = this.maxDefinitionLevel;
    const defBits = maxDef === 0 ? 0 : 32 - Math.clz32(maxDef);
    if (header.type === 'DATA_PAGE_V2') {
      const h = header.data_page_header_v2;
      if (!h) throw new Error(`${this.where()}: data page v2 without its header`);
      const count = h.num_values;
      const repLength = h.repetition_levels_byte_length;
      const defLength = h.definition_levels_byte_length;
      let repetition: Uint8Array | undefined;
      let definition: Uint8Array | undefined;
      if (this.list) {
        repetition = new Uint8Array(count);
        decodeRleBitPackedHybrid(raw, 0, repLength, 1, repetition, count);
      }
      if (maxDef > 0) {
        definition = new Uint8Array(count);
        decodeRleBitPackedHybrid(raw, repLength, repLength + defLength, defBits, definition, count);
      }
      let values = raw.subarray(repLength + defLength);
      if (h.is_compressed !== false && codec !== 'UNCOMPRESSED') {
        values = decompress(values, header.uncompressed_page_size - repLength - defLength, codec);
      }
      return {
        count: this.list ? count : (h.num_rows ?? count),
        repetition,
        definition,
        encoding: h.encoding,
        values,
      };
    }
    const h = header.data_page_header;
    if (!h) throw new Error(`${this.where()}: data page without its header`);
    const page = decompress(raw, header.uncompressed_page_size, codec);
    const count = h.num_values;
    let at = 0;
    const levels = (bitWidth: number, encoding: string | undefined): Uint8Array => {
      if (encoding !== 'RLE') unsupported(`level encoding ${encoding}`);
      const length = new DataView(page.buffer, page.byteOffset + at, 4).getUint32(0, true);
      const out = new Uint8Array(count);
      decodeRleBitPackedHybrid(page, at + 4, at + 4 + length, bitWidth, out, count);
      at += 4 + length;
      return out;
    };
    const repetition = this.list ? levels(1, h.repetition_level_encoding) : undefined;
    const definition = maxDef > 0 ? levels(defBits, h.definition_level_encoding) : undefined;
    return { count, repetition, definition, encoding: h.encoding, values: page.subarray(at) };
  }

  /** The `count` non-null values of a page body, decoded per its encoding. */
  private pageValues(page: DataPage, count: number, dictionary: Dictionary | undefined): PageValues {
    const { encoding, values } = page;
    if (encoding === 'PLAIN') return this.plainValues(values, 0, values.length, count);
    if (encoding === 'RLE_DICTIONARY' || encoding === 'PLAIN_DICTIONARY') {
      if (!dictionary) throw new Error(`${this.where()}: dictionary-encoded page without a dictionary`);
      const indices = new Int32Array(count);
      if (count > 0) decodeRleBitPackedHybrid(values, 1, values.length, values[0], indices, count);
      if (!ArrayBuffer.isView(dictionary)) return this.stringCodes(dictionary, indices);
      const out = new (dictionary.constructor as Int32ArrayConstructor)(count);
      const size = dictionary.length;
      for (let i = 0; i < count; i++) {
        const index = indices[i];
        if (index >= size) throw new Error(`${this.where()}: dictionary index ${index} out of range`);
        out[i] = dictionary[index];
      }
      return out;
    }
    if (encoding === 'RLE' && this.primitive === 'boolean') {
      const out = new Uint8Array(count);
      const length = new DataView(values.buffer, values.byteOffset, 4).getUint32(0, true);
      decodeRleBitPackedHybrid(values, 4, 4 + length, 1, out, count);
      return out;
    }
    return unsupported(`encoding ${encoding}`);
  }

  /** PLAIN values bytes[start, end) as readParquet numbers (strings: their column codes). */
  private plainValues(bytes: Uint8Array, start: number, end: number, count: number): PageValues {
    const need = (width: number) => {
      if (start + count * width > end)
        throw new Error(`${this.where()}: page holds fewer values than it says`);
    };
    switch (this.primitive) {
      case 'int32': {
        need(4);
        const out = new Int32Array(count);
        new Uint8Array(out.buffer).set(bytes.subarray(start, start + count * 4));
        return out;
      }
      case 'float': {
        need(4);
        const out = new Float32Array(count);
        new Uint8Array(out.buffer).set(bytes.subarray(start, start + count * 4));
        return out;
      }
      case 'double': {
        need(8);
        const out = new Float64Array(count);
        new Uint8Array(out.buffer).set(bytes.subarray(start, start + count * 8));
        return out;
      }
      case 'int64': {
        need(8);
        const pairs = new Int32Array(count * 2);
        new Uint8Array(pairs.buffer).set(bytes.subarray(start, start + count * 8));
        const out = new Float64Array(count);
        for (let i = 0; i < count; i++) {
          const high = pairs[2 * i + 1];
          const low = pairs[2 * i] >>> 0;
          // Beyond +-(2^53 - 1) a number is not exact.
          if (high > 0x1fffff || high < -0x200000 || (high === -0x200000 && low === 0)) {
            const big = (BigInt(high) << 32n) + BigInt(low);
            throw new RangeError(`${this.where()}: ${big} is beyond 2^53, not exact as a number`);
          }
          out[i] = high * TWO_32 + low;
        }
        return out;
      }
      case 'boolean': {
        if (start + Math.ceil(count / 8) > end)
          throw new Error(`${this.where()}: page holds fewer values than it says`);
        const out = new Uint8Array(count);
        for (let i = 0; i < count; i++) out[i] = (bytes[start + (i >> 3)] >> (i & 7)) & 1;
        return out;
      }
      case 'string': {
        // Codes in this column's dictionary, assigned in first-seen order of the values decoded.
        const out = new Int32Array(count);
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        let at = start;
        for (let i = 0; i < count; i++) {
          if (at + 4 > end) throw new Error(`${this.where()}: page holds fewer values than it says`);
          const length = view.getUint32(at, true);
          at += 4;
          if (at + length > end) throw new Error(`${this.where()}: string runs past its page`);
          out[i] = this.strings.intern(bytes, at, at + length);
          at += length;
        }
        return out;
      }
    }
  }

  /** Entry byte ranges of a PLAIN BYTE_ARRAY dictionary page. */
  private stringDictionary(bytes: Uint8Array, count: number): StringDictionary {
    const starts = new Int32Array(count);
    const ends = new Int32Array(count);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at + 4 > bytes.length)
        throw new Error(`${this.where()}: dictionary holds fewer values than it says`);
      const length = view.getUint32(at, true);
      starts[i] = at + 4;
      at += 4 + length;
      if (at > bytes.length) throw new Error(`${this.where()}: string runs past its dictionary page`);
      ends[i] = at;
    }
    return { bytes, starts, ends, codes: new Int32Array(count).fill(-1) };
  }

  /** Column codes of dictionary indices, giving new strings the next code in row order. */
  private stringCodes(dictionary: StringDictionary, indices: Int32Array): Int32Array {
    const { bytes, starts, ends, codes } = dictionary;
    for (let i = 0; i < indices.length; i++) {
      const index = indices[i];
      let code = codes[index];
      if (!(code >= 0)) {
        if (index >= codes.length) throw new Error(`${this.where()}: dictionary index ${index} out of range`);
        code = this.strings.intern(bytes, starts[index], ends[index]);
        codes[index] = code;
      }
      indices[i] = code;
    }
    return indices;
  }

  /** Scatters a flat page's values to rows [row, row + count), nulls as NaN (numbers) or -1 (codes). */
  private flatPage(page: DataPage, dictionary: Dictionary | undefined, row: number): void {
    const { count, definition } = page;
    if (row + count > this.length) throw new Error(`${this.where()}: more rows than the file says`);
    let present = count;
    if (definition) {
      present = 0;
      for (let i = 0; i < count; i++) present += definition[i];
    }
    const values = this.pageValues(page, present, dictionary);
    const output = this.output;
    if (this.primitive === 'string') {
      const codes = (output as { codes: Int32Array }).codes;
      if (present === count) codes.set(values, row);
      else scatterInt32(codes, row, values as Int32Array, definition as Uint8Array, count, -1);
    } else if (output instanceof Float64Array) {
      const typed = values instanceof Float64Array ? values : new Float64Array(values.length);
      if (typed !== values) typed.set(values);
      if (present === count) output.set(typed, row);
      else scatterFloat64(output, row, typed, definition as Uint8Array, count);
    } else if (output instanceof Float32Array) {
      if (present === count) output.set(values, row);
      else scatterFloat32(output, row, values as Float32Array, definition as Uint8Array, count);
    } else {
      if (present !== count) throw new Error(`${this.where()}: a null in a required column`);
      (output as Int32Array | Uint8Array).set(values, row);
    }
  }

  /** Appends a list page's rows from `row` on; returns the next row. */
  private listPage(page: DataPage, dictionary: Dictionary | undefined, row: number): number {
    const { count, repetition, definition } = page;
    const maxDef = this.maxDefinitionLevel;
    let present = 0;
    for (let i = 0; i < count; i++) if (definition?.[i] === maxDef) present++;
    const values = this.pageValues(page, present, dictionary);
    if (this.listCount + present > this.listValues.length) {
      const grown = new Int32Array(Math.max(this.listCount + present, this.listValues.length * 2));
      grown.set(this.listValues.subarray(0, this.listCount));
      this.listValues = grown;
    }
    const offsets = (this.output as { offsets: Int32Array }).offsets;
    const out = this.listValues;
    let at = this.listCount;
    let k = 0;
    for (let i = 0; i < count; i++) {
      if (repetition?.[i] === 0) {
        if (row >= this.length) throw new Error(`${this.where()}: more rows than the file says`);
        offsets[row++] = at;
      }
      if (definition?.[i] === maxDef) out[at++] = values[k++];
    }
    this.listCount = at;
    return row;
  }
}

// One scatter per array type keeps each loop monomorphic (a shared one was most of the read).
function scatterFloat64(
  out: Float64Array,
  row: number,
  values: Float64Array,
  defined: Uint8Array,
  count: number,
): void {
  let k = 0;
  for (let i = 0; i < count; i++) out[row + i] = defined[i] === 1 ? values[k++] : Number.NaN;
}

function scatterFloat32(
  out: Float32Array,
  row: number,
  values: Float32Array,
  defined: Uint8Array,
  count: number,
): void {
  let k = 0;
  for (let i = 0; i < count; i++) out[row + i] = defined[i] === 1 ? values[k++] : Number.NaN;
}

function scatterInt32(
  out: Int32Array,
  row: number,
  values: Int32Array,
  defined: Uint8Array,
  count: number,
  missing: number,
): void {
  let k = 0;
  for (let i = 0; i < count; i++) out[row + i] = defined[i] === 1 ? values[k++] : missing;
}

function decompress(bytes: Uint8Array, size: number, codec: string): Uint8Array {
  if (codec === 'UNCOMPRESSED') return bytes;
  const out = new Uint8Array(size);
  snappyUncompress(bytes, out);
  return out;
}
