/**
 * The reader's column builder with a byte-level fast path. `appendLine` scans one JSON line straight
 * from the decompressed Buffer and writes it into the columns (ids and categories dictionary-encoded
 * through a hash table keyed by the bytes, timestamps and numbers parsed from the bytes), without
 * building a string or an object per line. It accepts only what it fully understands and leaves the
 * builder untouched otherwise; the caller then takes the general path, `appendRow(JSON.parse(text))`,
 * which validates with RawTableBuilder itself, so messages, reject reasons and the shape report stay
 * exactly those of the reference validator.
 *
 * Understood by the fast path: one flat object, keys of RAW_SCHEMA in any order (each at most once,
 * optional columns may be absent), JSON whitespace between tokens, ASCII strings without escapes,
 * `true`/`false`/`null`, integers for int columns, plain decimals of at most 15 significant digits for
 * float columns (no exponent), arrays of int32 integers. Anything else (escapes, unicode, unknown or
 * repeated keys, exponents, long numbers, invalid values, values out of range, invalid JSON) returns
 * false.
 */

import { ByteDictionary, finishHash, HASH_PRIME, HASH_SEED } from './byte-dictionary.js';
import {
  KIND_BOOL,
  KIND_CATEGORY,
  KIND_FLOAT,
  KIND_ID,
  KIND_INT,
  KIND_INT_LIST,
  KIND_TIMESTAMP,
} from './column-kind-codes.js';
import { RawColumnStorage } from './raw-column-storage.js';
import { RawTableBuilder, type RowShape } from './raw-table-builder.js';
import type { RowIssue } from './row-issue.js';
import type { RowRules, TimeWindow } from './row-rules.js';
import { parseTimestampBytes, parseTimestampMicros } from './time.js';

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;

/** Exact powers of ten (10^0 .. 10^15): a <= 15-digit mantissa over one of them rounds correctly. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

// Outputs of the scanners below, in typed arrays: a module-level `let` holding a double would box a
// fresh heap number at every store (tens per line).
const scannedHash = new Int32Array(1);
const scannedNumber = new Float64Array(1);

/**
 * Scans a JSON string whose opening quote is at `p - 1`; returns the index of its closing quote, or -1
 * when it is not a plain ASCII string without escapes or control characters. Leaves its hash in
 * scannedHash.
 */
function scanString(b: Uint8Array, p: number, end: number): number {
  let h = HASH_SEED;
  while (p < end) {
    const c = b[p];
    if (c === QUOTE) {
      scannedHash[0] = finishHash(h);
      return p;
    }
    if (c === BACKSLASH || c < 32 || c > 126) return -1;
    h = Math.imul(h ^ c, HASH_PRIME);
    p++;
  }
  return -1;
}

/** A JSON integer in int32 range at p (no fraction, no exponent): returns the index after it or -1. */
function scanInt(b: Uint8Array, p: number, end: number): number {
  let negative = false;
  if (p < end && b[p] === MINUS) {
    negative = true;
    p++;
  }
  if (p >= end) return -1;
  let c = b[p] - ZERO;
  if (c < 0 || c > 9) return -1;
  let v = c;
  p++;
  if (c !== 0) {
    const first = p;
    while (p < end) {
      c = b[p] - ZERO;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      p++;
      if (p - first > 9) return -1;
    }
  }
  if (p < end) {
    const next = b[p];
    if (next === DOT || next === 101 || next === 69 || (next >= ZERO && next <= ZERO + 9)) return -1;
  }
  if (negative ? v > 2147483648 : v > 2147483647) return -1;
  scannedNumber[0] = negative ? -v : v;
  return p;
}

/**
 * A JSON number at p of at most 15 digits and no exponent (so mantissa / 10^k is exact and correctly
 * rounded, as JSON.parse's): returns the index after it or -1.
 */
function scanFloat(b: Uint8Array, p: number, end: number): number {
  let negative = false;
  if (p < end && b[p] === MINUS) {
    negative = true;
    p++;
  }
  if (p >= end) return -1;
  let c = b[p] - ZERO;
  if (c < 0 || c > 9) return -1;
  let m = c;
  let digits = 1;
  p++;
  if (c !== 0) {
    while (p < end) {
      c = b[p] - ZERO;
      if (c < 0 || c > 9) break;
      m = m * 10 + c;
      digits++;
      p++;
    }
  } else if (p < end && b[p] >= ZERO && b[p] <= ZERO + 9) {
    return -1; // leading zero: not JSON
  }
  let scale = 0;
  if (p < end && b[p] === DOT) {
    p++;
    const start = p;
    while (p < end) {
      c = b[p] - ZERO;
      if (c < 0 || c > 9) break;
      m = m * 10 + c;
      p++;
    }
    scale = p - start;
    if (scale === 0) return -1;
    digits += scale;
  }
  if (digits > 15) return -1;
  if (p < end && (b[p] === 101 || b[p] === 69)) return -1;
  const v = scale === 0 ? m : m / POW10[scale];
  scannedNumber[0] = negative ? -v : v;
  return p;
}

/**
 * Columnar storage of raw rows, filled either by the byte-level fast path (`appendLine`) or by the
 * general path (`appendRow`, a parsed JSON value validated by RawTableBuilder). Same storage, batching
 * and dictionary semantics as RawTableBuilder, whose tables it reproduces exactly.
 */
export class FastRawTableBuilder extends RawColumnStorage {
  private readonly keyBytes: Uint8Array[];
  /** Each key's first floor(length / 4) * 4 bytes as little-endian int32 words. */
  private readonly keyWords: Int32Array[];
  private view: DataView = new DataView(new ArrayBuffer(0));
  private viewOf: Uint8Array | null = null;
  private readonly dictionaries: (ByteDictionary | null)[];
  /** The general path's validator (its storage holds at most one row, cleared after each). */
  private readonly validator: RawTableBuilder;
  // Per-line staging of the fast path: nothing is written to the columns before the line is accepted.
  private readonly seen: Int32Array;
  private stamp = 0;
  /** Indices of the dictionary-encoded and of the int-list columns: the staged ones. */
  private readonly dictionaryColumns: Int32Array;
  private readonly listColumns: Int32Array;
  /** Each key's length in bytes, and its scanString hash. */
  private readonly keyLength: Int32Array;
  private readonly keyHash: Int32Array;
  /**
   * The key that followed key j on the last line that had j (index n: the line's first key), so a log
   * whose lines share one key order (optional columns absent, any order) matches each key at the first
   * try instead of searching for it.
   */
  private readonly nextKey: Int32Array;
  private readonly stageStart: Int32Array;
  private readonly stageEnd: Int32Array;
  private readonly stageHash: Int32Array;
  private stageList = new Int32Array(256);
  /** Lines taken by the fast path / by the general path (for benchmarks and tests). */
  fastRows = 0;
  generalRows = 0;
  /** The last appended row's optional columns absent and unknown keys (as RawTableBuilder.shape). */
  readonly shape: RowShape = { missingOptional: [], unknown: [] };

  constructor(initialCapacity = 1024, rules: RowRules = {}) {
    super(initialCapacity, rules);
    this.validator = new RawTableBuilder(1, { impressionWindow: this.impressionWindow });
    const n = this.n;
    this.keyBytes = [];
    this.keyWords = [];
    this.dictionaries = [];
    this.seen = new Int32Array(n);
    this.keyLength = new Int32Array(n);
    this.keyHash = new Int32Array(n);
    // Schema order until lines teach otherwise.
    this.nextKey = Int32Array.from({ length: n + 1 }, (_, j) => (j < n ? j + 1 : 0));
    this.stageStart = new Int32Array(n);
    this.stageEnd = new Int32Array(n);
    this.stageHash = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      const kind = this.kinds[j];
      const key = Buffer.from(this.names[j], 'latin1');
      this.keyBytes.push(key);
      this.keyLength[j] = key.length;
      const quoted = Buffer.from(`${this.names[j]}"`, 'latin1');
      scanString(quoted, 0, quoted.length);
      this.keyHash[j] = scannedHash[0];
      const words = new Int32Array(key.length >> 2);
      for (let w = 0; w < words.length; w++) words[w] = key.readInt32LE(w * 4);
      this.keyWords.push(words);
      this.dictionaries.push(kind === KIND_ID || kind === KIND_CATEGORY ? new ByteDictionary() : null);
    }
    const dictionaryColumns: number[] = [];
    const listColumns: number[] = [];
    for (let j = 0; j < n; j++) {
      if (this.kinds[j] === KIND_ID || this.kinds[j] === KIND_CATEGORY) dictionaryColumns.push(j);
      else if (this.kinds[j] === KIND_INT_LIST) listColumns.push(j);
    }
    this.dictionaryColumns = Int32Array.from(dictionaryColumns);
    this.listColumns = Int32Array.from(listColumns);
  }

  protected dictionaryValues(j: number): string[] | null {
    return this.dictionaries[j]?.values ?? null;
  }

  override setImpressionWindow(window: TimeWindow): void {
    super.setImpressionWindow(window);
    // Called by the base constructor before the validator exists.
    this.validator?.setImpressionWindow(window);
  }

  /** The index of the schema key whose bytes start at p (after the opening quote), or -1. */
  private findKey(b: Uint8Array, p: number, end: number): number {
    const close = scanString(b, p, end);
    if (close < 0) return -1;
    const length = close - p;
    const h = scannedHash[0];
    for (let j = 0; j < this.n; j++) {
      // The hash first: a line that lacks an optional column lands here once per line.
      if (this.keyHash[j] !== h) continue;
      const key = this.keyBytes[j];
      if (key.length !== length) continue;
      let k = 0;
      while (k < length && b[p + k] === key[k]) k++;
      if (k === length) return j;
    }
    return -1;
  }

  /**
   * Appends the JSON line b[start..end) if the fast path fully understands it and it is a valid row;
   * otherwise returns false and the builder is unchanged (the caller takes the general path).
   */
  appendLine(b: Buffer, start: number, end: number): boolean {
    const n = this.n;
    const kinds = this.kinds;
    const seen = this.seen;
    // Numbers go straight to their column at row r (one typed-array type per store site); rows >= length
    // are invisible, so a line rejected half-way leaves nothing behind that the next row does not overwrite.
    if (this.rows === this.capacity) this.grow();
    const r = this.rows;
    const data = this.data;
    const stageStart = this.stageStart;
    const stageEnd = this.stageEnd;
    const stageHash = this.stageHash;
    let stamp = ++this.stamp;
    if (stamp === 0x7fffffff) {
      seen.fill(0);
      this.stamp = stamp = 1;
    }
    let listUsed = 0;
    let p = start;
    if (p >= end || b[p] !== LBRACE) return false;
    p++;
    let c = 0;
    while (p < end && ((c = b[p]) === 32 || c === 9 || c === 13 || c === 10)) p++;
    const nextKey = this.nextKey;
    let previous = n;
    for (;;) {
      if (p >= end || b[p] !== QUOTE) return false;
      p++;
      // The key: most often the one that followed the previous key on the last line.
      let j = -1;
      const expected = nextKey[previous];
      if (expected < n) {
        const key = this.keyBytes[expected];
        const length = key.length;
        if (p + length < end && b[p + length] === QUOTE) {
          // Four bytes at a time (unaligned little-endian loads), then the tail.
          if (b !== this.viewOf) {
            this.viewOf = b;
            this.view = new DataView(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
          }
          const view = this.view;
          const words = this.keyWords[expected];
          let k = 0;
          let w = 0;
          while (w < words.length && view.getInt32(p + k, true) === words[w]) {
            w++;
            k += 4;
          }
          if (w === words.length) {
            while (k < length && b[p + k] === key[k]) k++;
            if (k === length) j = expected;
          }
        }
      }
      if (j < 0) {
        j = this.findKey(b, p, end);
        if (j < 0) return false;
        nextKey[previous] = j;
      }
      previous = j;
      if (seen[j] === stamp) return false; // repeated key: JSON.parse keeps the last one
      seen[j] = stamp;
      p += this.keyLength[j] + 1;
      while (p < end && ((c = b[p]) === 32 || c === 9 || c === 13 || c === 10)) p++;
      if (p >= end || b[p] !== COLON) return false;
      p++;
      while (p < end && ((c = b[p]) === 32 || c === 9 || c === 13 || c === 10)) p++;
      if (p >= end) return false;
      c = b[p];
      const kind = kinds[j];
      if (c === 110) {
        // null
        if (
          p + 4 > end ||
          b[p + 1] !== 117 ||
          b[p + 2] !== 108 ||
          b[p + 3] !== 108 ||
          !this.nullable[j] ||
          (kind !== KIND_CATEGORY && kind !== KIND_TIMESTAMP && kind !== KIND_FLOAT)
        ) {
          return false;
        }
        p += 4;
        if (kind === KIND_CATEGORY) stageStart[j] = -1;
        else (data[j] as Float64Array)[r] = Number.NaN;
      } else if (kind === KIND_ID || kind === KIND_CATEGORY) {
        if (c !== QUOTE) return false;
        const close = scanString(b, p + 1, end);
        if (close < 0 || (kind === KIND_ID && close === p + 1)) return false;
        stageStart[j] = p + 1;
        stageEnd[j] = close;
        stageHash[j] = scannedHash[0];
        p = close + 1;
      } else if (kind === KIND_TIMESTAMP) {
        if (c !== QUOTE) return false;
        const close = scanString(b, p + 1, end);
        if (close < 0) return false;
        const us = parseTimestampBytes(b, p + 1, close);
        if (Number.isNaN(us)) return false;
        if (j === this.impressionColumn && (us < this.impressionMin || us >= this.impressionMax))
          return false;
        (data[j] as Float64Array)[r] = us;
        p = close + 1;
      } else if (kind === KIND_BOOL) {
        if (c === 116) {
          if (p + 4 > end || b[p + 1] !== 114 || b[p + 2] !== 117 || b[p + 3] !== 101) return false;
          (data[j] as Uint8Array)[r] = 1;
          p += 4;
        } else if (c === 102) {
          if (p + 5 > end || b[p + 1] !== 97 || b[p + 2] !== 108 || b[p + 3] !== 115 || b[p + 4] !== 101) {
            return false;
          }
          (data[j] as Uint8Array)[r] = 0;
          p += 5;
        } else return false;
      } else if (kind === KIND_INT) {
        p = scanInt(b, p, end);
        if (p < 0 || scannedNumber[0] < this.minimum[j]) return false;
        (data[j] as Int32Array)[r] = scannedNumber[0];
      } else if (kind === KIND_FLOAT) {
        p = scanFloat(b, p, end);
        if (p < 0) return false;
        (data[j] as Float64Array)[r] = scannedNumber[0];
      } else {
        // int list
        if (c !== LBRACKET) return false;
        p++;
        stageStart[j] = listUsed;
        while (p < end && ((c = b[p]) === 32 || c === 9 || c === 13 || c === 10)) p++;
        if (p < end && b[p] === RBRACKET) {
          p++;
        } else {
          for (;;) {
            p = scanInt(b, p, end);
            if (p < 0) return false;
            if (listUsed === this.stageList.length) {
              const bigger = new Int32Array(listUsed * 2);
              bigger.set(this.stageList);
              this.stageList = bigger;
            }
            this.stageList[listUsed++] = scannedNumber[0];
            while (p < end && ((c = b[p]) === 32 || c === 9 || c === 13 || c === 10)) p++;
            if (p >= end) return false;
            c = b[p++];
            if (c === RBRACKET) break;
            if (c !== COMMA) return false;
            while (p < end && ((c = b[p]) === 32 || c === 9 || c === 13 || c === 10)) p++;
          }
        }
        stageEnd[j] = listUsed;
      }
      while (p < end && ((c = b[p]) === 32 || c === 9 || c === 13 || c === 10)) p++;
      if (p >= end) return false;
      c = b[p++];
      if (c === RBRACE) break;
      if (c !== COMMA) return false;
      while (p < end && ((c = b[p]) === 32 || c === 9 || c === 13 || c === 10)) p++;
    }
    while (p < end && ((c = b[p]) === 32 || c === 9 || c === 13 || c === 10)) p++;
    if (p !== end) return false;

    // Absent columns: required ones (and ones whose absence the validator rejects) go the general way.
    // Overwritten in place: emptying and refilling the array re-allocated its store at every line.
    const missing = this.shape.missingOptional;
    let missed = 0;
    if (this.shape.unknown.length !== 0) this.shape.unknown.length = 0;
    for (let j = 0; j < n; j++) {
      if (seen[j] === stamp) continue;
      const kind = kinds[j];
      if (
        this.required[j] ||
        !this.nullable[j] ||
        (kind !== KIND_CATEGORY && kind !== KIND_TIMESTAMP && kind !== KIND_FLOAT)
      ) {
        return false;
      }
      if (missed < missing.length) missing[missed] = j;
      else missing.push(j);
      missed++;
      if (kind === KIND_CATEGORY) stageStart[j] = -1;
      else (data[j] as Float64Array)[r] = Number.NaN;
    }
    if (missing.length !== missed) missing.length = missed;

    // Accepted: commit what was staged (dictionaries and list values only change for an accepted row).
    const dictionaryColumns = this.dictionaryColumns;
    for (let i = 0; i < dictionaryColumns.length; i++) {
      const j = dictionaryColumns[i];
      const s = stageStart[j];
      (data[j] as Int32Array)[r] =
        s < 0 ? -1 : (this.dictionaries[j] as ByteDictionary).encodeBytes(b, s, stageEnd[j], stageHash[j]);
    }
    const listColumns = this.listColumns;
    for (let i = 0; i < listColumns.length; i++) {
      const j = listColumns[i];
      for (let k = stageStart[j]; k < stageEnd[j]; k++) this.pushListValue(j, this.stageList[k]);
      (this.listOffsets[j] as Int32Array)[r + 1] = this.listLength[j];
    }
    this.rows = r + 1;
    this.fastRows++;
    return true;
  }

  /**
   * The general path: validates `row` (a parsed JSON value) with RawTableBuilder and appends it when
   * valid. Returns null on success, else RawTableBuilder's issue (and the builder is unchanged).
   */
  appendRow(row: unknown): RowIssue | null {
    const validator = this.validator;
    const issue = validator.appendRow(row);
    const shape = this.shape;
    shape.missingOptional.length = 0;
    shape.unknown.length = 0;
    for (const j of validator.shape.missingOptional) shape.missingOptional.push(j);
    for (const key of validator.shape.unknown) shape.unknown.push(key);
    if (issue) return issue;
    validator.clear();
    if (this.rows === this.capacity) this.grow();
    const r = this.rows;
    const obj = row as Record<string, unknown>;
    for (let j = 0; j < this.n; j++) {
      const v = obj[this.names[j]];
      switch (this.kinds[j]) {
        case KIND_ID:
        case KIND_CATEGORY:
          (this.data[j] as Int32Array)[r] =
            v === null || v === undefined
              ? -1
              : (this.dictionaries[j] as ByteDictionary).encodeString(v as string);
          break;
        case KIND_TIMESTAMP:
          (this.data[j] as Float64Array)[r] =
            v === null || v === undefined ? Number.NaN : parseTimestampMicros(v as string);
          break;
        case KIND_BOOL:
          (this.data[j] as Uint8Array)[r] = v === true ? 1 : 0;
          break;
        case KIND_INT:
          (this.data[j] as Int32Array)[r] = v as number;
          break;
        case KIND_FLOAT:
          (this.data[j] as Float64Array)[r] = v === null || v === undefined ? Number.NaN : (v as number);
          break;
        default: {
          const list = v as number[];
          for (let k = 0; k < list.length; k++) this.pushListValue(j, list[k]);
          (this.listOffsets[j] as Int32Array)[r + 1] = this.listLength[j];
        }
      }
    }
    this.rows = r + 1;
    this.generalRows++;
    return null;
  }

  /** Forgets rows and dictionaries: a fresh builder without reallocating storage. */
  clear(): void {
    this.reset();
    for (const dict of this.dictionaries) dict?.clear();
  }
}
