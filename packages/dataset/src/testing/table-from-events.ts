/**
 * Builds small in-memory RawTables for the unit tests (not exported from the package): every column of
 * RAW_SCHEMA is present, unspecified fields take a neutral default.
 */
import {
  parseTimestampMicros,
  RAW_COLUMN_NAMES,
  RAW_SCHEMA,
  type RawColumns,
  type RawEventJson,
  type RawTable,
} from '@wemoms/data-schema';

export type TestEvent = Partial<RawEventJson> & {
  trackable_id: string;
  user_id: string;
  tracker_created_at: string;
};

export function tableFromEvents(events: readonly TestEvent[]): RawTable {
  const n = events.length;
  const columns: Record<string, unknown> = {};
  for (const name of RAW_COLUMN_NAMES) {
    const spec = RAW_SCHEMA[name];
    const values = events.map((e) => (e as Record<string, unknown>)[name]);
    switch (spec.kind) {
      case 'id':
      case 'category': {
        const dictionary: string[] = [];
        const index = new Map<string, number>();
        const codes = new Int32Array(n);
        values.forEach((v, i) => {
          if (v === undefined || v === null) {
            codes[i] = -1;
            return;
          }
          let code = index.get(v as string);
          if (code === undefined) {
            code = dictionary.length;
            dictionary.push(v as string);
            index.set(v as string, code);
          }
          codes[i] = code;
        });
        columns[name] = { codes, dictionary };
        break;
      }
      case 'timestamp':
        columns[name] = Float64Array.from(values, (v) =>
          typeof v === 'string' ? parseTimestampMicros(v) : Number.NaN,
        );
        break;
      case 'bool':
        columns[name] = Uint8Array.from(values, (v) => (v === true ? 1 : 0));
        break;
      case 'int':
        columns[name] = Int32Array.from(values, (v) => (typeof v === 'number' ? v : 0));
        break;
      case 'float':
        columns[name] = Float64Array.from(values, (v) => (typeof v === 'number' ? v : Number.NaN));
        break;
      case 'intList': {
        const offsets = new Int32Array(n + 1);
        const flat: number[] = [];
        values.forEach((v, i) => {
          if (Array.isArray(v)) flat.push(...v);
          offsets[i + 1] = flat.length;
        });
        columns[name] = { offsets, values: Int32Array.from(flat) };
        break;
      }
    }
  }
  return { length: n, columns: columns as unknown as RawColumns };
}
