/**
 * Writes one column chunk straight from a ColumnSlice's typed arrays: an optional dictionary page, then
 * DATA_PAGE_V2 pages (PLAIN bytes of the typed array, bit-packed booleans, RLE_DICTIONARY indices,
 * definition / repetition levels as RLE / bit-packed hybrid only where the column has them).
 */
import type { ColumnChunk, Encoding, ParquetType } from 'hyparquet';
import { snappyCompress } from './hyparquet-internals.js';
import type { ColumnSlice } from './parquet-column-slice.js';
import type { ParquetFileSink } from './parquet-file-sink.js';
import { encodeRleBitPackedHybrid, rleBitPackedHybridBound } from './rle-bit-packed-hybrid.js';

export type ParquetCodec = 'SNAPPY' | 'UNCOMPRESSED';

/** Where and how a chunk is written. */
export interface ChunkTarget {
  readonly type: ParquetType;
  readonly path: readonly string[];
  /** 1 for a nullable flat column or a required list, 2 for a nullable list, else 0. */
  readonly maxDefinitionLevel: number;
  readonly codec: ParquetCodec;
  /** Target uncompressed bytes of values per page. */
  readonly pageSize: number;
}

// Thrift enum values (parquet.thrift).
const DICTIONARY_PAGE = 2;
const DATA_PAGE_V2 = 3;
const PLAIN = 0;
const RLE_DICTIONARY = 8;

/** Writes pages of one chunk and sums their sizes. */
class PageWriter {
  uncompressed = 0;
  constructor(
    private readonly sink: ParquetFileSink,
    private readonly codec: ParquetCodec,
  ) {}

  /** Compresses a body; SNAPPY that does not shrink it keeps it as is (a v2 page may say so). */
  private compress(body: Uint8Array): { bytes: Uint8Array; compressed: boolean } {
    if (this.codec === 'UNCOMPRESSED' || body.length === 0) return { bytes: body, compressed: false };
    const bytes = snappyCompress(body);
    return bytes.length < body.length ? { bytes, compressed: true } : { bytes: body, compressed: false };
  }

  dictionary(body: Uint8Array, count: number): void {
    // Dictionary pages have no is_compressed flag: they always use the chunk codec.
    const bytes = this.codec === 'SNAPPY' ? snappyCompress(body) : body;
    const start = this.sink.offset;
    this.sink.writeThrift({
      field_1: DICTIONARY_PAGE,
      field_2: body.length,
      field_3: bytes.length,
      field_7: { field_1: count, field_2: PLAIN },
    });
    this.uncompressed += this.sink.offset - start + body.length;
    this.sink.write(bytes);
  }

  data(
    levels: Uint8Array,
    repetitionLength: number,
    body: Uint8Array,
    encoding: number,
    values: number,
    nulls: number,
    rows: number,
  ): void {
    const { bytes, compressed } = this.compress(body);
    const start = this.sink.offset;
    this.sink.writeThrift({
      field_1: DATA_PAGE_V2,
      field_2: levels.length + body.length,
      field_3: levels.length + bytes.length,
      field_8: {
        field_1: values,
        field_2: nulls,
        field_3: rows,
        field_4: encoding,
        field_5: levels.length - repetitionLength,
        field_6: repetitionLength,
        field_7: compressed ? undefined : false,
      },
    });
    this.uncompressed += this.sink.offset - start + levels.length + body.length;
    this.sink.write(levels);
    this.sink.write(bytes);
  }
}

function bitWidthOf(maxValue: number): number {
  return maxValue <= 0 ? 0 : 32 - Math.clz32(maxValue);
}

/** Definition levels (0/1) of rows [r0, r1) of a nullable flat column. */
function flatLevels(defined: Uint8Array | undefined, r0: number, r1: number): Uint8Array {
  if (!defined) return new Uint8Array(0);
  const out = new Uint8Array(rleBitPackedHybridBound(r1 - r0, 1));
  return out.subarray(0, encodeRleBitPackedHybrid(defined, r0, r1, 1, out, 0));
}

/** Rows per page for values of `bits` bits each. */
const rowsPerPage = (pageSize: number, bits: number): number =>
  Math.max(1, Math.floor((pageSize * 8) / Math.max(1, bits)));

/** Data pages of a flat column (its dictionary page, if any, is already written). */
function writeFlatPages(pages: PageWriter, slice: ColumnSlice, pageSize: number): void {
  const { data, defined, rows } = slice;
  const dictionaryBits = data.kind === 'dictionary' ? Math.max(1, bitWidthOf(data.size - 1)) : 0;
  const bits = data.kind === 'fixed' ? data.width * 8 : data.kind === 'boolean' ? 1 : dictionaryBits;
  const step = rowsPerPage(pageSize, bits);
  let v0 = 0;
  let r0 = 0;
  // An empty chunk still gets one (empty) page.
  do {
    const r1 = Math.min(rows, r0 + step);
    let present = r1 - r0;
    if (defined) {
      present = 0;
      for (let r = r0; r < r1; r++) present += defined[r];
    }
    const v1 = v0 + present;
    let body: Uint8Array;
    let encoding = PLAIN;
    if (data.kind === 'fixed') {
      const { values, width } = data;
      body = new Uint8Array(values.buffer, values.byteOffset + v0 * width, (v1 - v0) * width);
    } else if (data.kind === 'boolean') {
      body = new Uint8Array((v1 - v0 + 7) >> 3);
      const { values } = data;
      for (let i = v0; i < v1; i++) body[(i - v0) >> 3] |= values[i] << ((i - v0) & 7);
    } else if (data.kind === 'dictionary') {
      const out = new Uint8Array(1 + rleBitPackedHybridBound(v1 - v0, dictionaryBits));
      out[0] = dictionaryBits;
      body = out.subarray(0, encodeRleBitPackedHybrid(data.indices, v0, v1, dictionaryBits, out, 1));
      encoding = RLE_DICTIONARY;
    } else throw new TypeError('list values in a flat column');
    pages.data(flatLevels(defined, r0, r1), 0, body, encoding, r1 - r0, r1 - r0 - present, r1 - r0);
    v0 = v1;
    r0 = r1;
  } while (r0 < rows);
}

/**
 * LIST<INT32 required> pages: repetition level 0 starts a row, 1 continues it; definition level
 * maxDef marks an element, maxDef - 1 an empty list, 0 a null list (nullable lists only).
 */
function writeListPages(pages: PageWriter, slice: ColumnSlice, target: ChunkTarget): number {
  const { data, defined, rows } = slice;
  if (data.kind !== 'list') throw new TypeError('flat values in a list column');
  const { offsets, values } = data;
  const base = offsets[0];
  const maxDef = target.maxDefinitionLevel;
  const defBits = bitWidthOf(maxDef);
  let levelCount = 0;
  let r0 = 0;
  while (r0 < rows || (r0 === 0 && rows === 0)) {
    // Pages end at a row boundary once they hold pageSize bytes of values and levels.
    let r1 = r0;
    let bytes = 0;
    while (r1 < rows && (bytes < target.pageSize || r1 === r0)) {
      bytes += 4 * Math.max(1, offsets[r1 + 1] - offsets[r1]) + 1;
      r1++;
    }
    let count = 0;
    for (let r = r0; r < r1; r++) count += Math.max(1, offsets[r + 1] - offsets[r]);
    const repetition = new Uint8Array(count);
    const definition = new Uint8Array(count);
    let at = 0;
    for (let r = r0; r < r1; r++) {
      const n = offsets[r + 1] - offsets[r];
      if (n === 0) {
        definition[at++] = defined && defined[r] === 0 ? 0 : maxDef - 1;
        continue;
      }
      definition.fill(maxDef, at, at + n);
      repetition.fill(1, at + 1, at + n);
      at += n;
    }
    const levels = new Uint8Array(
      rleBitPackedHybridBound(count, 1) + rleBitPackedHybridBound(count, defBits),
    );
    const repetitionLength = encodeRleBitPackedHybrid(repetition, 0, count, 1, levels, 0);
    const levelsLength = encodeRleBitPackedHybrid(definition, 0, count, defBits, levels, repetitionLength);
    const elements = values.subarray(offsets[r0] - base, offsets[r1] - base);
    const body = new Uint8Array(elements.buffer, elements.byteOffset, elements.byteLength);
    pages.data(
      levels.subarray(0, levelsLength),
      repetitionLength,
      body,
      PLAIN,
      count,
      count - elements.length,
      r1 - r0,
    );
    levelCount += count;
    r0 = r1;
    if (rows === 0) break;
  }
  return levelCount;
}

const SAMPLE_BYTES = 8192;

/**
 * The chunk's codec: SNAPPY only when a sample of its bulk (the dictionary page, else the first values)
 * shrinks by 15% or more. Unique ids (uuid dictionaries) and float noise barely shrink, and compressing
 * them was most of the write's time.
 */
function chunkCodec(requested: ParquetCodec, data: ColumnSlice['data']): ParquetCodec {
  if (requested === 'UNCOMPRESSED') return requested;
  let bulk: Uint8Array;
  if (data.kind === 'dictionary') bulk = data.dictionary;
  else if (data.kind === 'boolean') return requested;
  else {
    const { values } = data;
    bulk = new Uint8Array(values.buffer, values.byteOffset, Math.min(values.byteLength, SAMPLE_BYTES));
  }
  const sample = bulk.subarray(0, SAMPLE_BYTES);
  if (sample.length < 64) return requested;
  return snappyCompress(sample).length <= sample.length * 0.85 ? requested : 'UNCOMPRESSED';
}

/** Writes one column chunk at the sink's offset and returns its footer metadata. */
export function writeColumnChunk(
  sink: ParquetFileSink,
  target: ChunkTarget,
  slice: ColumnSlice,
): ColumnChunk {
  const start = sink.offset;
  const { data } = slice;
  const codec = chunkCodec(target.codec, data);
  const pages = new PageWriter(sink, codec);
  let numValues = slice.rows;
  let dictionaryOffset: bigint | undefined;
  if (data.kind === 'dictionary') {
    dictionaryOffset = BigInt(start);
    pages.dictionary(data.dictionary, data.size);
  }
  const dataOffset = BigInt(sink.offset);
  if (data.kind === 'list') numValues = writeListPages(pages, slice, target);
  else writeFlatPages(pages, slice, target.pageSize);
  const encodings: Encoding[] =
    data.kind === 'dictionary' ? ['PLAIN', 'RLE', 'RLE_DICTIONARY'] : ['PLAIN', 'RLE'];
  return {
    file_offset: BigInt(start),
    meta_data: {
      type: target.type,
      encodings,
      path_in_schema: [...target.path],
      codec,
      num_values: BigInt(numValues),
      total_uncompressed_size: BigInt(pages.uncompressed),
      total_compressed_size: BigInt(sink.offset - start),
      data_page_offset: dataOffset,
      dictionary_page_offset: dictionaryOffset,
      statistics:
        data.kind === 'list'
          ? undefined
          : { null_count: BigInt(slice.nulls), min_value: slice.min, max_value: slice.max },
    },
  };
}
