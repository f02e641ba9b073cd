/**
 * What differs between the SQL dialects the compiler emits: type names, timestamp to epoch µs, list
 * functions and a few scalar functions. Everything else (windows with RANGE frames, CASE, joins, CTEs)
 * is the common SQL all three accept.
 */

export const DIALECTS = ['duckdb', 'bigquery', 'spark'] as const;
export type DialectName = (typeof DIALECTS)[number];

/** A list (array) expression and the shift added to each of its elements. */
export interface ShiftedList {
  readonly list: string;
  readonly shift: string;
}

export interface Dialect {
  readonly name: DialectName;
  readonly double: string;
  readonly bigint: string;
  /** Epoch microseconds of a TIMESTAMP expression. */
  epochMicros(timestamp: string): string;
  log1p(x: string): string;
  /** x mod y for non-negative integers. */
  mod(x: string, y: string): string;
  /** Smallest / largest element of an integer list, NULL when empty. */
  listExtreme(fn: 'min' | 'max', list: string): string;
  /**
   * MIN (or MAX) of `body` over every pair (x of outer + its shift, y of inner + its shift), NULL without
   * pairs; `body` is rendered with the names the dialect binds x and y to.
   */
  pairsAggregate(
    fn: 'min' | 'max',
    outer: ShiftedList,
    inner: ShiftedList,
    body: (x: string, y: string) => string,
  ): string;
  /** MAX of `body` over the elements x (+ shift) of a list, NULL when empty. */
  listMax(list: ShiftedList, body: (x: string) => string): string;
}

const shifted = (name: string, shift: string) => `(${name} + ${shift})`;

const duckdb: Dialect = {
  name: 'duckdb',
  double: 'DOUBLE',
  bigint: 'BIGINT',
  epochMicros: (t) => `epoch_us(${t})`,
  // DuckDB has no log1p; ln(1 + x) differs by rounding only for |x| near 1e-16, far below float32.
  log1p: (x) => `ln(1 + ${x})`,
  mod: (x, y) => `(${x} % ${y})`,
  listExtreme: (fn, list) => `list_${fn}(${list})`,
  pairsAggregate: (fn, outer, inner, body) =>
    `list_${fn}(flatten(list_transform(${outer.list}, lambda x0: list_transform(${inner.list}, lambda y0: ${body(shifted('x0', outer.shift), shifted('y0', inner.shift))}))))`,
  listMax: (list, body) =>
    `list_max(list_transform(${list.list}, lambda x0: ${body(shifted('x0', list.shift))}))`,
};

const bigquery: Dialect = {
  name: 'bigquery',
  double: 'FLOAT64',
  bigint: 'INT64',
  epochMicros: (t) => `UNIX_MICROS(${t})`,
  log1p: (x) => `LN(1 + ${x})`,
  mod: (x, y) => `MOD(${x}, ${y})`,
  listExtreme: (fn, list) => `(SELECT ${fn.toUpperCase()}(x0) FROM UNNEST(${list}) AS x0)`,
  pairsAggregate: (fn, outer, inner, body) =>
    `(SELECT ${fn.toUpperCase()}(${body(shifted('x0', outer.shift), shifted('y0', inner.shift))}) FROM UNNEST(${outer.list}) AS x0 CROSS JOIN UNNEST(${inner.list}) AS y0)`,
  listMax: (list, body) => `(SELECT MAX(${body(shifted('x0', list.shift))}) FROM UNNEST(${list.list}) AS x0)`,
};

const spark: Dialect = {
  name: 'spark',
  double: 'DOUBLE',
  bigint: 'BIGINT',
  epochMicros: (t) => `unix_micros(${t})`,
  log1p: (x) => `log1p(${x})`,
  mod: (x, y) => `(${x} % ${y})`,
  listExtreme: (fn, list) => `array_${fn}(${list})`,
  pairsAggregate: (fn, outer, inner, body) =>
    `array_${fn}(flatten(transform(${outer.list}, x0 -> transform(${inner.list}, y0 -> ${body(shifted('x0', outer.shift), shifted('y0', inner.shift))}))))`,
  listMax: (list, body) => `array_max(transform(${list.list}, x0 -> ${body(shifted('x0', list.shift))}))`,
};

const BY_NAME: Record<DialectName, Dialect> = { duckdb, bigquery, spark };

/** The dialect called `name`; an error listing the known ones otherwise. */
export function getDialect(name: string): Dialect {
  if (!(DIALECTS as readonly string[]).includes(name)) {
    throw new Error(`unknown SQL dialect ${JSON.stringify(name)}: expected one of ${DIALECTS.join(', ')}`);
  }
  return BY_NAME[name as DialectName];
}
