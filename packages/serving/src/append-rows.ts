/**
 * A new RawTable holding the rows of several tables in order, each dictionary column re-coded into one
 * dictionary that starts with the first table's (so the first table's codes stay valid). The inputs are
 * not modified: the live log builds its next view this way while requests read the previous one.
 */
import {
  type DictionaryColumn,
  type IntListColumn,
  RAW_COLUMN_NAMES,
  RAW_SCHEMA,
  type RawColumns,
  type RawTable,
} from '@wemoms/data-schema';

type Flat = Int32Array | Float64Array | Uint8Array;

// code of each string of a first table's dictionary, built once per dictionary (the base log's): a pure
// memo of an immutable dictionary (appends build new ones), so results never depend on it.
const indexes = new WeakMap<string[], Map<string, number>>();

function indexOf(dictionary: string[]): Map<string, number> {
  let index = indexes.get(dictionary);
  if (index === undefined) {
    index = new Map();
    for (let c = 0; c < dictionary.length; c++) index.set(dictionary[c], c);
    indexes.set(dictionary, index);
  }
  return index;
}

function appendDictionary(columns: DictionaryColumn[], length: number): DictionaryColumn {
  const first = columns[0];
  const base = indexOf(first.dictionary);
  const dictionary = first.dictionary.slice();
  const added = new Map<string, number>();
  const codes = new Int32Array(length);
  codes.set(first.codes);
  let at = first.codes.length;
  for (let t = 1; t < columns.length; t++) {
    const column = columns[t];
    const remap = new Int32Array(column.dictionary.length);
    for (let c = 0; c < remap.length; c++) {
      const value = column.dictionary[c];
      let code = base.get(value) ?? added.get(value);
      if (code === undefined) {
        code = dictionary.length;
        dictionary.push(value);
        added.set(value, code);
      }
      remap[c] = code;
    }
    for (let i = 0; i < column.codes.length; i++) {
      const c = column.codes[i];
      codes[at++] = c < 0 ? -1 : remap[c];
    }
  }
  return { codes, dictionary };
}

function appendList(columns: IntListColumn[], length: number): IntListColumn {
  let values = 0;
  for (const c of columns) values += c.offsets[c.offsets.length - 1] - c.offsets[0];
  const offsets = new Int32Array(length + 1);
  const out = new Int32Array(values);
  let row = 0;
  let at = 0;
  for (const c of columns) {
    const rows = c.offsets.length - 1;
    for (let r = 0; r < rows; r++) offsets[row + r + 1] = at + c.offsets[r + 1] - c.offsets[0];
    out.set(c.values.subarray(c.offsets[0], c.offsets[rows]), at);
    at += c.offsets[rows] - c.offsets[0];
    row += rows;
  }
  return { offsets, values: out };
}

function appendFlat(columns: Flat[], length: number): Flat {
  const out = new (columns[0].constructor as new (n: number) => Flat)(length);
  let at = 0;
  for (const c of columns) {
    out.set(c as never, at);
    at += c.length;
  }
  return out;
}

/** The rows of `tables`, in order, as one table (dictionaries merged, first table's codes kept). */
export function appendRawTables(tables: readonly RawTable[]): RawTable {
  if (tables.length === 0) throw new Error('appendRawTables: no table');
  let length = 0;
  for (const t of tables) length += t.length;
  const columns: Record<string, unknown> = {};
  for (const name of RAW_COLUMN_NAMES) {
    const kind = RAW_SCHEMA[name].kind;
    const parts = tables.map((t) => (t.columns as unknown as Record<string, unknown>)[name]);
    if (kind === 'id' || kind === 'category')
      columns[name] = appendDictionary(parts as DictionaryColumn[], length);
    else if (kind === 'intList') columns[name] = appendList(parts as IntListColumn[], length);
    else columns[name] = appendFlat(parts as Flat[], length);
  }
  return { length, columns: columns as unknown as RawColumns };
}
