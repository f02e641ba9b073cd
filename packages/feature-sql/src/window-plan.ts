/**
 * Which window aggregates a set of definitions needs, grouped into event streams: one stream per key
 * (user, post, pair, all) and class match, each computed by one pass of SQL window functions over the
 * union of the log's events and the query points, sorted once by (key, time).
 */
import type {
  CategoryExpr,
  Expr,
  FeatureDefinition,
  StreamKey,
  WindowMatch,
  WindowMeasure,
} from '@wemoms/features';
import { subExpressions } from '@wemoms/features';

export type WindowExpr = Extract<Expr, { kind: 'window' }>;

/** One aggregate column of a stream. */
export interface StreamColumn {
  readonly name: string;
  readonly measure: WindowMeasure;
  readonly windowMicros: number | null;
}

/** One stream: its CTE name, key, optional class match and the aggregate columns it computes. */
export interface StreamPlan {
  readonly cte: string;
  readonly stream: StreamKey;
  readonly match?: WindowMatch;
  readonly columns: StreamColumn[];
}

export interface WindowPlan {
  readonly streams: readonly StreamPlan[];
  /** The `<cte>.<column>` holding a window expression's value. */
  column(e: WindowExpr): string;
}

const measureName = (m: WindowMeasure): string => (typeof m === 'string' ? m : `sum_${m.sum}`);
const columnName = (m: WindowMeasure, windowMicros: number | null) =>
  `${measureName(m)}_${windowMicros === null ? 'all' : `${windowMicros}us`}`.toLowerCase();
const streamKey = (stream: StreamKey, match: WindowMatch | undefined) =>
  `${stream}|${match === undefined ? '' : JSON.stringify(match)}`;

/** Every sub-expression of a categorical expression's conditions. */
function categoryExpressions(e: CategoryExpr): Expr[] {
  switch (e.kind) {
    case 'categoryField':
      return [];
    case 'labels':
      return e.cases.map((c) => c.when);
    case 'join':
      return [e.when, ...e.parts.flatMap(categoryExpressions)];
  }
}

/**
 * The streams of `definitions`, plus the unmatched user and post streams' latest event time before t,
 * which the as-of joins always need.
 */
export function planWindows(definitions: readonly FeatureDefinition[]): WindowPlan {
  const streams = new Map<string, StreamPlan>();
  const add = (e: WindowExpr): string => {
    const key = streamKey(e.stream, e.match);
    let plan = streams.get(key);
    if (plan === undefined) {
      const cte = `s_${e.stream}${e.match === undefined ? '' : `_m${streams.size}`}`;
      plan =
        e.match === undefined
          ? { cte, stream: e.stream, columns: [] }
          : { cte, stream: e.stream, match: e.match, columns: [] };
      streams.set(key, plan);
    }
    const name = columnName(e.measure, e.windowMicros);
    if (!plan.columns.some((c) => c.name === name)) {
      plan.columns.push({ name, measure: e.measure, windowMicros: e.windowMicros });
    }
    return `${plan.cte}.${name}`;
  };
  add({ kind: 'window', stream: 'user', measure: 'lastViewTime', windowMicros: null });
  add({ kind: 'window', stream: 'post', measure: 'lastViewTime', windowMicros: null });
  for (const d of definitions) {
    const roots = d.type === 'numeric' ? [d.expr] : categoryExpressions(d.expr);
    for (const root of roots) {
      for (const e of subExpressions(root)) if (e.kind === 'window') add(e);
    }
  }
  return {
    streams: [...streams.values()],
    column: (e) => {
      const plan = streams.get(streamKey(e.stream, e.match));
      if (plan === undefined) throw new Error(`feature SQL: window over ${e.stream} was not planned`);
      return `${plan.cte}.${columnName(e.measure, e.windowMicros)}`;
    },
  };
}
