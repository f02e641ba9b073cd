/**
 * The feature schema a model was trained on: its hash, and the check that scoring data matches it.
 * A ranker fed columns that differ from its training schema would silently score garbage, so every
 * mismatch is an error that names the missing, unexpected (not in the schema) and retyped features.
 */
import {
  columnLength,
  type FeatureColumns,
  type FeatureSpec,
  type FeatureType,
  isCategoricalColumn,
  isNumericColumn,
} from './types.js';

/** Raised when data does not match the feature schema a model was trained on. */
export class FeatureSchemaError extends Error {
  constructor(
    message: string,
    readonly missing: readonly string[] = [],
    /** Columns the schema does not have (the data has them, the model does not use them). */
    readonly unexpected: readonly string[] = [],
    readonly retyped: readonly { name: string; expected: FeatureType; actual: string }[] = [],
  ) {
    super(message);
    this.name = 'FeatureSchemaError';
  }
}

/**
 * A stable 64-bit hex hash of a feature schema (names and types, order-insensitive: columns are looked up
 * by name). FNV-1a over two lanes, synchronous so it works the same in Node and the browser.
 */
export function featureSchemaHash(specs: readonly FeatureSpec[]): string {
  const canonical = [...specs]
    .map((s) => `${s.name}\u0000${s.type}`)
    .sort()
    .join('\u0001');
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < canonical.length; i++) {
    const c = canonical.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x0100019d) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** Throws unless `specs` is a usable schema: non-empty, unique names, known types. */
export function assertValidSpecs(specs: readonly FeatureSpec[]): void {
  if (specs.length === 0)
    throw new FeatureSchemaError('feature schema is empty: at least one feature is needed');
  const seen = new Set<string>();
  for (const spec of specs) {
    if (spec.type !== 'numeric' && spec.type !== 'categorical') {
      throw new FeatureSchemaError(
        `feature "${spec.name}": type must be 'numeric' or 'categorical', got ${JSON.stringify(spec.type)}`,
      );
    }
    if (seen.has(spec.name)) throw new FeatureSchemaError(`feature "${spec.name}" is listed twice`);
    seen.add(spec.name);
  }
}

/** Compares two schemas; throws a FeatureSchemaError naming every difference. */
export function assertSameSchema(
  expected: readonly FeatureSpec[],
  actual: readonly FeatureSpec[],
  context: string,
): void {
  const actualByName = new Map(actual.map((s) => [s.name, s.type] as const));
  const expectedNames = new Set(expected.map((s) => s.name));
  const missing = expected.filter((s) => !actualByName.has(s.name)).map((s) => s.name);
  const unexpected = actual.filter((s) => !expectedNames.has(s.name)).map((s) => s.name);
  const retyped = expected
    .filter((s) => actualByName.has(s.name) && actualByName.get(s.name) !== s.type)
    .map((s) => ({ name: s.name, expected: s.type, actual: actualByName.get(s.name) as string }));
  throwIfDifferent(missing, unexpected, retyped, context);
}

/**
 * Checks that `columns` holds every feature of `specs` with the right kind of column (typed array for
 * numeric, `{codes, dictionary}` for categorical), no unexpected column unless `allowUnexpected`, and equal
 * lengths. Returns the row count.
 */
export function assertColumnsMatch(
  specs: readonly FeatureSpec[],
  columns: FeatureColumns,
  context: string,
  allowUnexpected = false,
): number {
  const names = new Set(specs.map((s) => s.name));
  const missing: string[] = [];
  const retyped: { name: string; expected: FeatureType; actual: string }[] = [];
  for (const spec of specs) {
    const column = columns[spec.name];
    if (column === undefined) {
      missing.push(spec.name);
      continue;
    }
    const kind = isCategoricalColumn(column)
      ? 'categorical'
      : isNumericColumn(column)
        ? 'numeric'
        : 'unsupported';
    if (kind !== spec.type) {
      const actual =
        kind === 'unsupported' ? `unsupported ${Object.prototype.toString.call(column).slice(8, -1)}` : kind;
      retyped.push({ name: spec.name, expected: spec.type, actual });
    }
  }
  const unexpected = allowUnexpected ? [] : Object.keys(columns).filter((name) => !names.has(name));
  throwIfDifferent(missing, unexpected, retyped, context);
  let length = -1;
  for (const spec of specs) {
    const n = columnLength(columns[spec.name]);
    if (length === -1) length = n;
    else if (n !== length) {
      throw new FeatureSchemaError(
        `${context}: column "${spec.name}" has ${n} rows, expected ${length} like "${specs[0].name}"`,
      );
    }
  }
  return length;
}

function throwIfDifferent(
  missing: string[],
  unexpected: string[],
  retyped: { name: string; expected: FeatureType; actual: string }[],
  context: string,
): void {
  if (missing.length === 0 && unexpected.length === 0 && retyped.length === 0) return;
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing features: ${missing.join(', ')}`);
  if (unexpected.length > 0) parts.push(`unexpected features: ${unexpected.join(', ')}`);
  if (retyped.length > 0) {
    parts.push(
      `retyped features: ${retyped.map((r) => `${r.name} (expected ${r.expected}, got ${r.actual})`).join(', ')}`,
    );
  }
  throw new FeatureSchemaError(
    `${context}: the data does not match the model's feature schema; ${parts.join('; ')}`,
    missing,
    unexpected,
    retyped,
  );
}
