/**
 * A tiny typed expression language for feature definitions: enough to say what a feature is (as-of
 * fields, trailing-window counts, ratios with a prior, case/when) without saying how to compute it fast.
 * The TypeScript kernels compute the same values with hand-tuned typed-array code; the SQL compiler
 * (@wemoms/feature-sql) renders these trees as SQL. Missing values are NaN in TypeScript and NULL in SQL:
 * arithmetic propagates both, and a comparison with a missing value is false in both.
 */
import type { RawColumnName } from '@wemoms/data-schema';

/**
 * Where a query (user u, post p, time t) reads raw log fields from (the as-of rules of as-of.ts):
 * `user` = u's latest observation strictly before t, else her earliest; `post` = p's latest observation
 * strictly before t, else its earliest (static fields); `postCounts` = p's latest observation strictly
 * before t, none otherwise (counters never come from a later row).
 */
export type AsOfSource = 'user' | 'post' | 'postCounts';

/** The event streams window counts run over: a query's own user, post, (user, post) pair, or every event. */
export type StreamKey = 'user' | 'post' | 'pair' | 'all';

/** What a window aggregates over its stream's events in [t - w, t) (or all of [-inf, t) when w is null). */
export type WindowMeasure =
  | 'views'
  | 'opens'
  | 'lastViewTime'
  | 'lastOpenTime'
  /** Sum of a numeric column over the window's events. */
  | { readonly sum: RawColumnName };

/** A list column of the log (children ages), advanced by an expression (elapsed months), element-wise. */
export interface ListRef {
  readonly source: AsOfSource;
  readonly column: RawColumnName;
  readonly shift: Expr;
}

/** A string (category) field of an as-of row. */
export interface TextRef {
  readonly source: AsOfSource;
  readonly column: RawColumnName;
}

/** A further condition on a window's events: the event's `key` equals the query's `key` read from `source`. */
export interface WindowMatch {
  /** Fields of `key` are read from this as-of row for the query, and from the event's own row for events. */
  readonly source: AsOfSource;
  readonly key: Expr;
}

export type BinaryOp = '+' | '-' | '*' | '/';
export type CompareOp = '<' | '<=' | '>' | '>=' | '=';
export type UnaryFn = 'abs' | 'log1p' | 'sin' | 'cos' | 'floor';

export type Expr =
  | { readonly kind: 'const'; readonly value: number }
  /** NaN / NULL. */
  | { readonly kind: 'missing' }
  /** The query time t, epoch µs. */
  | { readonly kind: 'queryTime' }
  /** The post's creation time, epoch µs (earliest observation time - its post_age_in_minutes). */
  | { readonly kind: 'postCreation' }
  /** A numeric (or 0/1 boolean) raw field of the as-of row; timestamps read as epoch µs. */
  | { readonly kind: 'field'; readonly source: AsOfSource; readonly column: RawColumnName }
  /** (t - time of the as-of row) in days; negative for a fallback row after t. */
  | { readonly kind: 'elapsedDays'; readonly source: AsOfSource }
  /** Whether the source has an as-of row at all (1 / 0). */
  | { readonly kind: 'hasRow'; readonly source: AsOfSource }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  /** left / right, missing when right is 0 (an empty window's rate). */
  | { readonly kind: 'ratio'; readonly numerator: Expr; readonly denominator: Expr }
  /** left mod right for non-negative left (hour of day). */
  | { readonly kind: 'mod'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'unary'; readonly fn: UnaryFn; readonly arg: Expr }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'isMissing'; readonly arg: Expr }
  | { readonly kind: 'and' | 'or'; readonly args: readonly Expr[] }
  | { readonly kind: 'not'; readonly arg: Expr }
  /** 1 when `when` holds (a missing comparison does not), else `otherwise`. */
  | { readonly kind: 'case'; readonly when: Expr; readonly then: Expr; readonly otherwise: Expr }
  /** Smallest / largest element of a list, missing when empty. */
  | { readonly kind: 'listExtreme'; readonly fn: 'min' | 'max'; readonly list: ListRef }
  /**
   * Over every pair (x of `outer`, y of `inner`): `min` of `body`, or `any` = 1 when `body` is 1 for some
   * pair else 0. `body` reads x and y through { kind: 'element' }. Missing (min) or 0 (any) without pairs.
   */
  | {
      readonly kind: 'pairs';
      readonly fn: 'min' | 'any';
      readonly outer: ListRef;
      readonly inner: ListRef;
      readonly body: Expr;
    }
  /** 1 when `body` is 1 for some element x of `list`, else 0; `body` reads x through element 'x'. */
  | { readonly kind: 'listAny'; readonly list: ListRef; readonly body: Expr }
  | { readonly kind: 'element'; readonly name: 'x' | 'y' }
  /** 1 when the text field equals `value` (after trim + upper case when `normalize`), 0 when not or missing. */
  | { readonly kind: 'textIs'; readonly text: TextRef; readonly value: string; readonly normalize?: boolean }
  /** 1 when two text fields are equal, 0 when not or when either is missing. */
  | { readonly kind: 'textEquals'; readonly left: TextRef; readonly right: TextRef }
  /** Whether a text field is missing (1 / 0). */
  | { readonly kind: 'textMissing'; readonly text: TextRef }
  /**
   * A trailing-window aggregate of the query's stream over [t - windowMicros, t), or over every event
   * strictly before t when windowMicros is null. Counts are 0 and times missing on an empty window.
   */
  | {
      readonly kind: 'window';
      readonly stream: StreamKey;
      readonly measure: WindowMeasure;
      readonly windowMicros: number | null;
      /** Only the stream's events in the query's class (taste by author stage, age cohorts...). */
      readonly match?: WindowMatch;
    };

/** A categorical output (a string, missing = null): a text field, fixed labels by case, or a join of parts. */
export type CategoryExpr =
  | { readonly kind: 'categoryField'; readonly text: TextRef }
  | {
      readonly kind: 'labels';
      /** The first case whose condition holds gives the label. */
      readonly cases: readonly { readonly when: Expr; readonly label: string }[];
      readonly otherwise: string;
    }
  /** The parts joined by `separator` when `when` holds, else missing. */
  | {
      readonly kind: 'join';
      readonly parts: readonly CategoryExpr[];
      readonly separator: string;
      readonly when: Expr;
    };

export const num = (value: number): Expr => ({ kind: 'const', value });
export const MISSING: Expr = { kind: 'missing' };
export const QUERY_TIME: Expr = { kind: 'queryTime' };
export const POST_CREATION: Expr = { kind: 'postCreation' };
export const field = (source: AsOfSource, column: RawColumnName): Expr => ({ kind: 'field', source, column });
export const elapsedDaysOf = (source: AsOfSource): Expr => ({ kind: 'elapsedDays', source });
export const hasRow = (source: AsOfSource): Expr => ({ kind: 'hasRow', source });
export const add = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '+', left, right });
export const sub = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '-', left, right });
export const mul = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '*', left, right });
export const div = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '/', left, right });
export const ratio = (numerator: Expr, denominator: Expr): Expr => ({
  kind: 'ratio',
  numerator,
  denominator,
});
export const mod = (left: Expr, right: Expr): Expr => ({ kind: 'mod', left, right });
export const unary = (fn: UnaryFn, arg: Expr): Expr => ({ kind: 'unary', fn, arg });
export const compare = (op: CompareOp, left: Expr, right: Expr): Expr => ({
  kind: 'compare',
  op,
  left,
  right,
});
export const isMissing = (arg: Expr): Expr => ({ kind: 'isMissing', arg });
export const and = (...args: Expr[]): Expr => ({ kind: 'and', args });
export const or = (...args: Expr[]): Expr => ({ kind: 'or', args });
export const not = (arg: Expr): Expr => ({ kind: 'not', arg });
export const when = (condition: Expr, then: Expr, otherwise: Expr): Expr => ({
  kind: 'case',
  when: condition,
  then,
  otherwise,
});
export const element = (name: 'x' | 'y'): Expr => ({ kind: 'element', name });
export const windowOf = (
  stream: StreamKey,
  measure: WindowMeasure,
  windowMicros: number | null,
  match?: WindowMatch,
): Expr =>
  match === undefined
    ? { kind: 'window', stream, measure, windowMicros }
    : { kind: 'window', stream, measure, windowMicros, match };
export const textIs = (text: TextRef, value: string, normalize = false): Expr =>
  normalize ? { kind: 'textIs', text, value, normalize } : { kind: 'textIs', text, value };
export const textEquals = (left: TextRef, right: TextRef): Expr => ({ kind: 'textEquals', left, right });
export const textMissing = (text: TextRef): Expr => ({ kind: 'textMissing', text });
/** 1 when the condition holds, else 0 (a missing comparison gives 0). */
export const flag = (condition: Expr): Expr => when(condition, num(1), num(0));

/** Every sub-expression of `e`, `e` first (depth first): what a compiler scans for windows and sources. */
export function subExpressions(e: Expr): Expr[] {
  const out: Expr[] = [];
  const visitList = (l: ListRef) => visit(l.shift);
  const visit = (x: Expr): void => {
    out.push(x);
    switch (x.kind) {
      case 'binary':
      case 'mod':
      case 'compare':
        visit(x.left);
        visit(x.right);
        break;
      case 'ratio':
        visit(x.numerator);
        visit(x.denominator);
        break;
      case 'unary':
      case 'isMissing':
      case 'not':
        visit(x.arg);
        break;
      case 'and':
      case 'or':
        x.args.forEach(visit);
        break;
      case 'case':
        visit(x.when);
        visit(x.then);
        visit(x.otherwise);
        break;
      case 'listExtreme':
        visitList(x.list);
        break;
      case 'pairs':
        visitList(x.outer);
        visitList(x.inner);
        visit(x.body);
        break;
      case 'listAny':
        visitList(x.list);
        visit(x.body);
        break;
      case 'window':
        if (x.match !== undefined) visit(x.match.key);
        break;
      default:
        break;
    }
  };
  visit(e);
  return out;
}
