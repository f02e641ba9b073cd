/**
 * Where each exported candidate column lives, so a user's file holds only what is hers. Every user of a
 * day has the same candidates (the posts created the day before, in posts.parquet order), so a column is:
 * - `constant`: one value per user (her profile, her activity): a row of user-features.parquet;
 * - `shared`: the same for every user (a post's media flags, its author): a column of posts.parquet;
 * - `perUser`: anything else (the post's age and popularity as of her time, user x post features):
 *   a column of candidates/<i>.parquet.
 * Values are moved, never rounded: the page rebuilds each user's columns bit for bit, so its scores stay
 * those of `wemoms rank`. The planner decides from the data (bitwise comparison), not from feature names,
 * so a model with other features exports correctly.
 */

/** The placement of every exported column. */
export interface ColumnLayout {
  readonly perUser: readonly string[];
  readonly shared: readonly string[];
  readonly constant: readonly string[];
}

/** Dictionary codes (-1 = null) with their dictionary. */
export interface CodedColumn {
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
}

/** A column as the export holds it: a typed array, or a dictionary-coded column. */
export type ExportColumn = Float32Array | Float64Array | Int32Array | CodedColumn;

/** A column as the page reads it back from parquet. */
export type PageColumn = Float32Array | Float64Array | Int32Array | Uint8Array | (string | null)[];

const isCoded = (c: ExportColumn): c is CodedColumn => 'codes' in c;

function bytesOf(c: Float32Array | Float64Array | Int32Array): Uint8Array {
  return new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
}

/** Value i of a dictionary column, null apart (codes of two dictionaries are compared as strings). */
function valueAt(c: CodedColumn, i: number): string | null {
  return c.codes[i] < 0 ? null : c.dictionary[c.codes[i]];
}

function constantColumn(c: ExportColumn): boolean {
  const n = isCoded(c) ? c.codes.length : c.length;
  if (n === 0) return true;
  if (!isCoded(c)) {
    const bytes = bytesOf(c);
    const width = c.BYTES_PER_ELEMENT;
    for (let i = width; i < bytes.length; i++) if (bytes[i] !== bytes[i % width]) return false;
    return true;
  }
  const first = valueAt(c, 0);
  for (let i = 1; i < n; i++) if (valueAt(c, i) !== first) return false;
  return true;
}

/** Numbers compare by bit pattern (NaN equals NaN, -0 differs from 0): the values must travel exactly. */

function sameColumn(a: ExportColumn, b: ExportColumn): boolean {
  if (isCoded(a) !== isCoded(b)) return false;
  if (!isCoded(a) && !isCoded(b)) {
    if (a.constructor !== b.constructor) return false;
    const x = bytesOf(a);
    const y = bytesOf(b);
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  const x = a as CodedColumn;
  const y = b as CodedColumn;
  if (x.codes.length !== y.codes.length) return false;
  for (let i = 0; i < x.codes.length; i++) if (valueAt(x, i) !== valueAt(y, i)) return false;
  return true;
}

/** Watches every user's columns (first pass of the export) and decides where each column goes. */
export class ColumnLayoutPlanner {
  readonly #names: readonly string[];
  readonly #constant = new Set<string>();
  readonly #shared = new Set<string>();
  #reference: Record<string, ExportColumn> | null = null;

  constructor(names: readonly string[]) {
    this.#names = names;
    for (const n of names) {
      this.#constant.add(n);
      this.#shared.add(n);
    }
  }

  /** One user's columns (all of `names`). */
  observe(columns: Readonly<Record<string, ExportColumn>>): void {
    if (!this.#reference) {
      // A copy: the featuriser may reuse its buffers for the next user.
      this.#reference = {};
      for (const n of this.#names) {
        const c = columns[n];
        this.#reference[n] = isCoded(c) ? { codes: c.codes.slice(), dictionary: c.dictionary } : c.slice();
      }
    }
    for (const n of this.#names) {
      if (this.#constant.has(n) && !constantColumn(columns[n])) this.#constant.delete(n);
      if (this.#shared.has(n) && !sameColumn(columns[n], this.#reference[n])) this.#shared.delete(n);
    }
  }

  /**
   * The layout: constant within every user -> `constant` (even if also shared: one value is the smallest);
   * identical for every user -> `shared`; else `perUser`. With fewer than two users nothing is shared
   * (there is no evidence a column does not depend on the user).
   */
  layout(users: number): ColumnLayout {
    const constant = this.#names.filter((n) => this.#constant.has(n));
    const shared = users < 2 ? [] : this.#names.filter((n) => !this.#constant.has(n) && this.#shared.has(n));
    const placed = new Set([...constant, ...shared]);
    return { perUser: this.#names.filter((n) => !placed.has(n)), shared, constant };
  }

  /** The first user's columns: the values of the shared columns. */
  reference(): Readonly<Record<string, ExportColumn>> {
    if (!this.#reference) throw new Error('ColumnLayoutPlanner: no user observed');
    return this.#reference;
  }
}

/**
 * One user's full columns, rebuilt from her file, the shared columns and her constants row: what the page
 * scores. `length` is the candidate count; constants are repeated down the column.
 */
export function assembleColumns(
  layout: ColumnLayout,
  length: number,
  own: Readonly<Record<string, PageColumn>>,
  shared: Readonly<Record<string, PageColumn>>,
  constants: Readonly<Record<string, PageColumn>>,
  userRow: number,
): Record<string, PageColumn> {
  const out: Record<string, PageColumn> = {};
  const take = (from: Readonly<Record<string, PageColumn>>, name: string, where: string) => {
    const column = from[name];
    if (column === undefined) throw new Error(`${where}: missing column ${name} (re-run the export)`);
    return column;
  };
  for (const name of layout.perUser) out[name] = take(own, name, 'candidate file');
  for (const name of layout.shared) out[name] = take(shared, name, 'posts.parquet');
  for (const name of layout.constant) {
    const column = take(constants, name, 'user-features.parquet');
    const value = column[userRow];
    if (Array.isArray(column)) out[name] = new Array<string | null>(length).fill(value as string | null);
    else {
      const full = new (column.constructor as new (n: number) => Float32Array)(length);
      full.fill(value as number);
      out[name] = full;
    }
  }
  for (const [name, column] of Object.entries(out))
    if (column.length !== length)
      throw new Error(`column ${name}: ${column.length} rows, expected ${length}`);
  return out;
}
