/**
 * The growable typed-array columns both raw-row builders append into (RawTableBuilder: validated JSON
 * values; FastRawTableBuilder: bytes). One per RAW_SCHEMA column: codes, micros, 0/1, ints or floats;
 * intList columns as offsets + values. The builders differ only in how they parse and encode a row.
 */
import { KIND_BOOL, KIND_CODE, KIND_FLOAT, KIND_INT_LIST, KIND_TIMESTAMP } from './column-kind-codes.js';
import { defaultImpressionWindow, type RowRules, type TimeWindow } from './row-rules.js';
import {
  type DictionaryColumn,
  type IntListColumn,
  RAW_COLUMN_NAMES,
  RAW_SCHEMA,
  type RawColumns,
  type RawTable,
} from './schema.js';

function allocate(kind: number, size: number): Int32Array | Float64Array | Uint8Array {
  switch (kind) {
    case KIND_TIMESTAMP:
    case KIND_FLOAT:
      return new Float64Array(size);
    case KIND_BOOL:
      return new Uint8Array(size);
    default:
      return new Int32Array(size);
  }
}

export abstract class RawColumnStorage {
  protected readonly names = RAW_COLUMN_NAMES;
  protected readonly n = RAW_COLUMN_NAMES.length;
  /** Per column: its KIND_CODE, whether it may be null, whether it must be present. */
  protected readonly kinds: Int32Array;
  protected readonly nullable: Uint8Array;
  protected readonly required: Uint8Array;
  /** Per column: its RAW_SCHEMA minimum, or -Infinity. */
  protected readonly minimum: Float64Array;
  /** The column index of tracker_created_at and the window its values must lie in, [min, max). */
  protected readonly impressionColumn: number;
  protected impressionMin = 0;
  protected impressionMax = 0;
  private window: TimeWindow = { min: 0, max: 0 };
  protected data: (Int32Array | Float64Array | Uint8Array)[] = [];
  protected listOffsets: (Int32Array | null)[] = [];
  protected listValues: (Int32Array | null)[] = [];
  protected readonly listLength: Int32Array;
  protected capacity: number;
  protected rows = 0;

  constructor(initialCapacity: number, rules: RowRules = {}) {
    const n = this.n;
    this.capacity = Math.max(1, initialCapacity);
    this.kinds = new Int32Array(n);
    this.nullable = new Uint8Array(n);
    this.required = new Uint8Array(n);
    this.minimum = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.impressionColumn = RAW_COLUMN_NAMES.indexOf('tracker_created_at');
    this.setImpressionWindow(rules.impressionWindow ?? defaultImpressionWindow());
    this.listLength = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      const spec = RAW_SCHEMA[this.names[j]];
      const kind = KIND_CODE[spec.kind];
      this.kinds[j] = kind;
      this.nullable[j] = spec.nullable ? 1 : 0;
      this.required[j] = spec.required ? 1 : 0;
      if ('minimum' in spec) this.minimum[j] = spec.minimum;
      this.data.push(allocate(kind, this.capacity));
      this.listOffsets.push(kind === KIND_INT_LIST ? new Int32Array(this.capacity + 1) : null);
      this.listValues.push(kind === KIND_INT_LIST ? new Int32Array(this.capacity) : null);
    }
  }

  /** The window impression times must lie in, [min, max). */
  get impressionWindow(): TimeWindow {
    return this.window;
  }

  /** Changes the impression time window for the rows appended from now on. */
  setImpressionWindow(window: TimeWindow): void {
    if (!(window.min < window.max)) {
      throw new RangeError(`impression window: expected min < max, got [${window.min}, ${window.max})`);
    }
    this.window = window;
    this.impressionMin = window.min;
    this.impressionMax = window.max;
  }

  /** The dictionary of column j (shared, live), or null when it is not dictionary-encoded. */
  protected abstract dictionaryValues(j: number): string[] | null;

  /** Rows appended since the last `takeBatch`/`reset`. */
  get length(): number {
    return this.rows;
  }

  /** Rows the storage holds before it must grow. */
  get rowCapacity(): number {
    return this.capacity;
  }

  /**
   * Grows the storage to hold at least `rows` rows now. A reader that can estimate the final row count
   * calls it once instead of doubling several times: on this machine fresh memory is expensive to touch,
   * and each doubling touches the old and the new copy.
   */
  reserve(rows: number): void {
    if (rows <= this.capacity) return;
    const next = Math.ceil(rows);
    // Int-list values grow with the rows: size them from the values per row so far (10% spare), so they
    // too grow once instead of doubling (and copying) repeatedly.
    if (this.rows > 0) {
      for (let j = 0; j < this.n; j++) {
        const values = this.listValues[j];
        if (!values) continue;
        const want = Math.ceil(((this.listLength[j] * next) / this.rows) * 1.1) + 16;
        if (want > values.length) {
          const bigger = new Int32Array(want);
          bigger.set(values.subarray(0, this.listLength[j]));
          this.listValues[j] = bigger;
        }
      }
    }
    this.grow(next);
  }

  protected grow(next = this.capacity * 2): void {
    for (let j = 0; j < this.data.length; j++) {
      const bigger = allocate(this.kinds[j], next);
      bigger.set(this.data[j] as never);
      this.data[j] = bigger;
      const offsets = this.listOffsets[j];
      if (offsets) {
        const o = new Int32Array(next + 1);
        o.set(offsets);
        this.listOffsets[j] = o;
      }
    }
    this.capacity = next;
  }

  protected pushListValue(j: number, value: number): void {
    let values = this.listValues[j] as Int32Array;
    const at = this.listLength[j];
    if (at === values.length) {
      const bigger = new Int32Array(values.length * 2);
      bigger.set(values);
      this.listValues[j] = bigger;
      values = bigger;
    }
    values[at] = value;
    this.listLength[j] = at + 1;
  }

  /**
   * The rows appended so far as a RawTable. With `copy`, the columns are trimmed copies and the
   * builder starts over empty (for streaming batches); without, they are views of the builder's
   * storage (no copy, for one-shot loads) and the builder must not be used afterwards.
   * Dictionaries are shared, live arrays: codes stay valid across batches of one read.
   */
  takeBatch(copy: boolean): RawTable {
    const rows = this.rows;
    const columns: Record<string, unknown> = {};
    for (let j = 0; j < this.n; j++) {
      const d = this.data[j];
      const dictionary = this.dictionaryValues(j);
      if (dictionary) {
        const codes = (copy ? d.slice(0, rows) : d.subarray(0, rows)) as Int32Array;
        columns[this.names[j]] = { codes, dictionary } satisfies DictionaryColumn;
      } else if (this.kinds[j] === KIND_INT_LIST) {
        const offsets = this.listOffsets[j] as Int32Array;
        const end = offsets[rows];
        const values = this.listValues[j] as Int32Array;
        columns[this.names[j]] = {
          offsets: copy ? offsets.slice(0, rows + 1) : offsets.subarray(0, rows + 1),
          values: copy ? values.slice(0, end) : values.subarray(0, end),
        } satisfies IntListColumn;
      } else {
        columns[this.names[j]] = copy ? d.slice(0, rows) : d.subarray(0, rows);
      }
    }
    if (copy) this.reset();
    return { length: rows, columns: columns as unknown as RawColumns };
  }

  /** Forgets the rows (not the dictionaries, which stay shared across batches). */
  reset(): void {
    this.rows = 0;
    this.listLength.fill(0);
    for (const offsets of this.listOffsets) if (offsets) offsets[0] = 0;
  }
}
