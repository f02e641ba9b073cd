/**
 * Renders definition expressions (@wemoms/features definitions) as SQL. Missing values are NULL: SQL
 * arithmetic propagates NULL as TypeScript propagates NaN, and a comparison with NULL is not true, as a
 * comparison with NaN is false, so CASE branches agree.
 */
import { RAW_SCHEMA, type RawColumnName } from '@wemoms/data-schema';
import type { AsOfSource, CategoryExpr, Expr, ListRef, TextRef } from '@wemoms/features';
import type { Dialect } from './dialect.js';

/** Where the expression's inputs live in the query being compiled. */
export interface RenderScope {
  readonly dialect: Dialect;
  /** Table alias of each as-of row (every source maps to the event's own alias in a stream's event side). */
  readonly alias: (source: AsOfSource) => string;
  /** The query time, epoch µs (BIGINT). */
  readonly queryTime: string;
  /** The query post's creation time, epoch µs. */
  readonly postCreation: string;
  /** The column holding a window aggregate. */
  readonly window: (e: Extract<Expr, { kind: 'window' }>) => string;
}

/** A SQL literal for a number (integers as integers: they keep BIGINT arithmetic exact). */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`feature SQL: no literal for ${value}`);
  const text = String(value);
  return value < 0 ? `(${text})` : text;
}

/** A SQL string literal; labels are plain words, so a quote is refused rather than escaped per dialect. */
export function stringLiteral(value: string): string {
  if (/['\\]/.test(value)) throw new Error(`feature SQL: refusing a string literal with a quote: ${value}`);
  return `'${value}'`;
}

function columnRef(scope: RenderScope, source: AsOfSource, column: RawColumnName): string {
  return `${scope.alias(source)}.${column}`;
}

/** A numeric (or boolean 0/1, or timestamp µs) raw field as a number. */
function renderField(scope: RenderScope, source: AsOfSource, column: RawColumnName): string {
  const ref = columnRef(scope, source, column);
  const { dialect } = scope;
  switch (RAW_SCHEMA[column].kind) {
    case 'timestamp':
      return dialect.epochMicros(ref);
    case 'bool':
      return `CAST(CASE WHEN ${ref} THEN 1 WHEN NOT ${ref} THEN 0 END AS ${dialect.double})`;
    case 'int':
    case 'float':
      return `CAST(${ref} AS ${dialect.double})`;
    default:
      throw new Error(`feature SQL: column ${column} is not numeric`);
  }
}

const flagOf = (condition: string) => `CASE WHEN ${condition} THEN 1 ELSE 0 END`;

function textRef(scope: RenderScope, t: TextRef): string {
  const kind = RAW_SCHEMA[t.column].kind;
  if (kind !== 'category' && kind !== 'id') throw new Error(`feature SQL: column ${t.column} is not text`);
  return columnRef(scope, t.source, t.column);
}

function listOf(scope: RenderScope, l: ListRef) {
  if (RAW_SCHEMA[l.column].kind !== 'intList')
    throw new Error(`feature SQL: column ${l.column} is not a list`);
  return { list: columnRef(scope, l.source, l.column), shift: renderExpr(scope, l.shift) };
}

/** SQL of a numeric expression, or of a condition for the condition kinds (compare, isMissing, and, or, not). */
export function renderExpr(scope: RenderScope, e: Expr, elements: Record<string, string> = {}): string {
  const r = (x: Expr) => renderExpr(scope, x, elements);
  const { dialect } = scope;
  switch (e.kind) {
    case 'const':
      return numberLiteral(e.value);
    case 'missing':
      return `CAST(NULL AS ${dialect.double})`;
    case 'queryTime':
      return scope.queryTime;
    case 'postCreation':
      return scope.postCreation;
    case 'field':
      return renderField(scope, e.source, e.column);
    case 'elapsedDays':
      return `((${scope.queryTime} - ${scope.alias(e.source)}.t) / 86400000000)`;
    case 'hasRow':
      return flagOf(`${scope.alias(e.source)}.row_id IS NOT NULL`);
    case 'binary': {
      // A function call right of a minus sign, parenthesised: Spark's grammar in dt-sql-parser 4.5
      // rejects `a - f(x)` (any dialect accepts the parentheses).
      const right = r(e.right);
      return `(${r(e.left)} ${e.op} ${right.startsWith('(') ? right : `(${right})`})`;
    }
    case 'ratio':
      return `(${r(e.numerator)} / NULLIF(${r(e.denominator)}, 0))`;
    case 'mod':
      return dialect.mod(r(e.left), r(e.right));
    case 'unary':
      if (e.fn === 'log1p') return dialect.log1p(r(e.arg));
      return `${e.fn.toUpperCase()}(${r(e.arg)})`;
    case 'compare':
      return `(${r(e.left)} ${e.op} ${r(e.right)})`;
    case 'isMissing':
      return `(${r(e.arg)} IS NULL)`;
    case 'and':
    case 'or':
      return `(${e.args.map(r).join(` ${e.kind.toUpperCase()} `)})`;
    case 'not':
      return `(NOT ${r(e.arg)})`;
    case 'case':
      return `CASE WHEN ${r(e.when)} THEN ${r(e.then)} ELSE ${r(e.otherwise)} END`;
    case 'listExtreme': {
      const list = listOf(scope, e.list);
      return `(${dialect.listExtreme(e.fn, list.list)} + ${list.shift})`;
    }
    case 'pairs': {
      const outer = listOf(scope, e.outer);
      const inner = listOf(scope, e.inner);
      const value = dialect.pairsAggregate(e.fn === 'min' ? 'min' : 'max', outer, inner, (x, y) =>
        renderExpr(scope, e.body, { ...elements, x, y }),
      );
      // `any` of a 0/1 body is its MAX, 0 without pairs.
      return e.fn === 'min' ? value : `COALESCE(${value}, 0)`;
    }
    case 'listAny': {
      const list = listOf(scope, e.list);
      return `COALESCE(${dialect.listMax(list, (x) => renderExpr(scope, e.body, { ...elements, x }))}, 0)`;
    }
    case 'element': {
      const bound = elements[e.name];
      if (bound === undefined) throw new Error(`feature SQL: element ${e.name} outside a list expression`);
      return bound;
    }
    case 'textIs': {
      const ref = textRef(scope, e.text);
      return flagOf(`${e.normalize ? `UPPER(TRIM(${ref}))` : ref} = ${stringLiteral(e.value)}`);
    }
    case 'textEquals':
      return flagOf(`${textRef(scope, e.left)} = ${textRef(scope, e.right)}`);
    case 'textMissing':
      return flagOf(`${textRef(scope, e.text)} IS NULL`);
    case 'window':
      return scope.window(e);
  }
}

/** SQL of a categorical expression (a string, NULL = missing). */
export function renderCategory(scope: RenderScope, e: CategoryExpr): string {
  switch (e.kind) {
    case 'categoryField':
      return textRef(scope, e.text);
    case 'labels':
      return `CASE ${e.cases.map((c) => `WHEN ${renderExpr(scope, c.when)} THEN ${stringLiteral(c.label)}`).join(' ')} ELSE ${stringLiteral(e.otherwise)} END`;
    case 'join': {
      const parts = e.parts.map((p) => renderCategory(scope, p));
      const joined = `CONCAT(${parts.join(`, ${stringLiteral(e.separator)}, `)})`;
      return `CASE WHEN ${renderExpr(scope, e.when)} THEN ${joined} END`;
    }
  }
}
