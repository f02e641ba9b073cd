/**
 * Validates parsed raw rows against RAW_SCHEMA and appends them straight into growable typed-array
 * columns. One precompiled loop per row, no per-row objects: this is the hot path of every read.
 * Free of fs so it also serves the single-row validator (and could run in a browser).
 */
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
import type { RowIssue } from './row-issue.js';
import { describeImpressionWindow, type RowRules } from './row-rules.js';
import { type ColumnKind, RAW_SCHEMA } from './schema.js';
import { parseTimestampMicros } from './time.js';

/** Words for `expected ...` in messages, per column kind. */
export const EXPECTED_BY_KIND: Record<ColumnKind, string> = {
  id: 'a non-empty string id',
  category: 'a string',
  timestamp: 'a timestamp string YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM]',
  bool: 'a boolean',
  int: 'an integer in int32 range',
  float: 'a number',
  intList: 'an array of int32 integers',
};

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** Distinct timestamp strings remembered per column before the cache is cleared (bounds memory). */
const TIMESTAMP_CACHE_LIMIT = 1 << 16;

const isInt32 = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;

/** Per-row outcome of appendRow besides the issue: counts of schema-external keys, for reports. */
export interface RowShape {
  /** Optional columns absent from the row (undefined, not null), by column index into RAW_COLUMN_NAMES. */
  missingOptional: number[];
  /** Keys of the row that are not in RAW_SCHEMA. */
  unknown: string[];
}

/**
 * A function reading the given properties of an object into an array. Generated code reads each
 * property by its literal name, so V8 caches each load per hidden class (rows parsed from lines with the
 * same key order share one): measured ~9x cheaper than `row[names[j]]` in a loop, whose single
 * megamorphic load site misses those caches. Where code generation is forbidden (a strict CSP), falls
 * back to that loop.
 */
function makeExtractor(names: readonly string[]): (row: Record<string, unknown>, values: unknown[]) => void {
  const generic = (row: Record<string, unknown>, values: unknown[]) => {
    for (let j = 0; j < names.length; j++) values[j] = row[names[j]];
  };
  try {
    const body = names.map((name, j) => `values[${j}] = row[${JSON.stringify(name)}];`).join('\n');
    const generated = new Function('row', 'values', body) as typeof generic;
    const probe: unknown[] = [];
    generated({ [names[0]]: 1 }, probe);
    return probe[0] === 1 ? generated : generic;
  } catch {
    return generic;
  }
}

/** Shared dictionary of one dictionary-encoded column: first-seen order, code -1 is null. */
class Dictionary {
  readonly values: string[] = [];
  readonly index = new Map<string, number>();
}

/**
 * Accumulates validated rows into columnar storage. `appendRow` either appends the whole row or
 * leaves the builder exactly as it was (dictionary entries and list values added by a rejected row
 * are rolled back), so a rejected line never leaves a trace in the table.
 */
export class RawTableBuilder extends RawColumnStorage {
  private readonly cacheTimestamps: Uint8Array;
  private readonly dictionaries: (Dictionary | null)[];
  private readonly timestampCaches: (Map<string, number> | null)[];
  /** Column indices whose dictionary grew during the current row, for rollback. */
  private readonly addedThisRow: Int32Array;
  /** Copies a row's schema columns, in schema order, into `values` (see makeExtractor). */
  private readonly extract: (row: Record<string, unknown>, values: unknown[]) => void;
  private readonly values: unknown[];
  /** Reused output of appendRow's shape reporting. */
  readonly shape: RowShape = { missingOptional: [], unknown: [] };

  constructor(initialCapacity = 1024, rules: RowRules = {}) {
    super(initialCapacity, rules);
    const n = this.n;
    this.cacheTimestamps = new Uint8Array(n);
    this.dictionaries = [];
    this.timestampCaches = [];
    this.addedThisRow = new Int32Array(n);
    this.extract = makeExtractor(this.names);
    this.values = new Array(n).fill(undefined);
    for (let j = 0; j < n; j++) {
      const kind = this.kinds[j];
      // The impression time is unique per row: caching it would only cost memory. The other timestamp
      // columns repeat per user or per post.
      this.cacheTimestamps[j] = kind === KIND_TIMESTAMP && this.names[j] !== 'tracker_created_at' ? 1 : 0;
      this.dictionaries.push(kind === KIND_ID || kind === KIND_CATEGORY ? new Dictionary() : null);
      this.timestampCaches.push(this.cacheTimestamps[j] ? new Map() : null);
    }
  }

  protected dictionaryValues(j: number): string[] | null {
    return this.dictionaries[j]?.values ?? null;
  }

  private encode(j: number, value: string): number {
    const dict = this.dictionaries[j] as Dictionary;
    let code = dict.index.get(value);
    if (code === undefined) {
      code = dict.values.length;
      dict.values.push(value);
      dict.index.set(value, code);
      this.addedThisRow[j] = 1;
    }
    return code;
  }

  private parseTimestamp(j: number, text: string): number {
    const cache = this.timestampCaches[j];
    if (cache === null) return parseTimestampMicros(text);
    let us = cache.get(text);
    if (us === undefined) {
      us = parseTimestampMicros(text);
      if (cache.size >= TIMESTAMP_CACHE_LIMIT) cache.clear();
      cache.set(text, us);
    }
    return us;
  }

  private rollback(upTo: number): void {
    const row = this.rows;
    for (let j = 0; j <= upTo; j++) {
      if (this.addedThisRow[j]) {
        const dict = this.dictionaries[j] as Dictionary;
        const last = dict.values.pop() as string;
        dict.index.delete(last);
        this.addedThisRow[j] = 0;
      }
      const offsets = this.listOffsets[j];
      if (offsets) this.listLength[j] = offsets[row];
    }
  }

  /**
   * Validates `row` (a parsed JSON value) and appends it. Returns null on success, else the first issue
   * found, in schema column order, and the builder is unchanged. After each call `shape` lists the
   * optional columns the row omitted and the keys it has beyond the schema (both are allowed).
   */
  appendRow(row: unknown): RowIssue | null {
    const shape = this.shape;
    shape.missingOptional.length = 0;
    shape.unknown.length = 0;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      return { reason: 'not_an_object', column: null, expected: 'a JSON object', got: row };
    }
    if (this.rows === this.capacity) this.grow();
    const r = this.rows;
    const obj = row as Record<string, unknown>;
    const names = this.names;
    const n = names.length;
    const values = this.values;
    this.extract(obj, values);
    let present = 0;
    for (let j = 0; j < n; j++) {
      const v = values[j];
      const kind = this.kinds[j];
      if (v === undefined) {
        if (this.required[j]) {
          this.rollback(j);
          return {
            reason: 'missing_required_column',
            column: names[j],
            expected: EXPECTED_BY_KIND[RAW_SCHEMA[names[j]].kind],
            got: undefined,
          };
        }
        shape.missingOptional.push(j);
      } else {
        present++;
      }
      const isNull = v === null || v === undefined;
      if (isNull && !this.nullable[j] && kind !== KIND_INT_LIST) {
        this.rollback(j);
        return this.wrongType(j, v);
      }
      switch (kind) {
        case KIND_ID:
          if (typeof v !== 'string' || v.length === 0) return this.reject(j, v);
          (this.data[j] as Int32Array)[r] = this.encode(j, v);
          break;
        case KIND_CATEGORY:
          if (isNull) (this.data[j] as Int32Array)[r] = -1;
          else if (typeof v !== 'string') return this.reject(j, v);
          else (this.data[j] as Int32Array)[r] = this.encode(j, v);
          break;
        case KIND_TIMESTAMP: {
          if (isNull) {
            (this.data[j] as Float64Array)[r] = Number.NaN;
            break;
          }
          if (typeof v !== 'string') return this.reject(j, v);
          const us = this.parseTimestamp(j, v);
          if (Number.isNaN(us)) {
            this.rollback(j);
            return {
              reason: 'invalid_timestamp',
              column: names[j],
              expected: EXPECTED_BY_KIND.timestamp,
              got: v,
            };
          }
          if (j === this.impressionColumn && (us < this.impressionMin || us >= this.impressionMax)) {
            this.rollback(j);
            return {
              reason: 'out_of_range',
              column: names[j],
              expected: describeImpressionWindow(this.impressionWindow),
              got: v,
            };
          }
          (this.data[j] as Float64Array)[r] = us;
          break;
        }
        case KIND_BOOL:
          if (v === true) (this.data[j] as Uint8Array)[r] = 1;
          else if (v === false) (this.data[j] as Uint8Array)[r] = 0;
          else return this.reject(j, v);
          break;
        case KIND_INT:
          if (!isInt32(v)) return this.reject(j, v);
          if (v < this.minimum[j]) {
            this.rollback(j);
            return {
              reason: 'out_of_range',
              column: names[j],
              expected: `an integer >= ${this.minimum[j]}`,
              got: v,
            };
          }
          (this.data[j] as Int32Array)[r] = v;
          break;
        case KIND_FLOAT:
          if (isNull) (this.data[j] as Float64Array)[r] = Number.NaN;
          else if (typeof v !== 'number') return this.reject(j, v);
          else (this.data[j] as Float64Array)[r] = v;
          break;
        default: {
          // int list; an absent optional or null list would be an empty list, but no list column is
          // nullable: null is a wrong type.
          if (!Array.isArray(v)) return this.reject(j, v);
          for (let k = 0; k < v.length; k++) {
            const x = v[k];
            if (!isInt32(x)) return this.reject(j, v);
            this.pushListValue(j, x);
          }
          (this.listOffsets[j] as Int32Array)[r + 1] = this.listLength[j];
        }
      }
    }
    // Unknown keys (not in the schema) are allowed but reported; counting keys is much cheaper than checking each one.
    let keyCount = 0;
    for (const _ in obj) keyCount++;
    if (keyCount !== present) {
      for (const key of Object.keys(obj)) {
        if (!Object.hasOwn(RAW_SCHEMA, key)) shape.unknown.push(key);
      }
    }
    this.addedThisRow.fill(0);
    this.rows = r + 1;
    return null;
  }

  private wrongType(j: number, v: unknown): RowIssue {
    const kind = RAW_SCHEMA[this.names[j]].kind;
    const expected = EXPECTED_BY_KIND[kind] + (this.nullable[j] ? ' or null' : '');
    return { reason: 'wrong_type', column: this.names[j], expected, got: v };
  }

  private reject(j: number, v: unknown): RowIssue {
    this.rollback(j);
    const kind = this.kinds[j];
    // A well-typed integer outside int32, or an id that is an empty string, is out of range, not a
    // wrong type: the distinction helps whoever reads the rejects report.
    if (kind === KIND_INT && typeof v === 'number' && Number.isInteger(v)) {
      return { reason: 'out_of_range', column: this.names[j], expected: EXPECTED_BY_KIND.int, got: v };
    }
    if (kind === KIND_ID && v === '') {
      return { reason: 'out_of_range', column: this.names[j], expected: EXPECTED_BY_KIND.id, got: v };
    }
    if (kind === KIND_INT_LIST && Array.isArray(v)) {
      const allInts = v.every((x) => typeof x === 'number' && Number.isInteger(x));
      return {
        reason: allInts ? 'out_of_range' : 'wrong_type',
        column: this.names[j],
        expected: EXPECTED_BY_KIND.intList,
        got: v,
      };
    }
    return this.wrongType(j, v);
  }

  /** Forgets rows, dictionaries and caches: a fresh builder without reallocating storage. */
  clear(): void {
    this.reset();
    for (const dict of this.dictionaries) {
      if (dict) {
        dict.values.length = 0;
        dict.index.clear();
      }
    }
    for (const cache of this.timestampCaches) cache?.clear();
  }
}
