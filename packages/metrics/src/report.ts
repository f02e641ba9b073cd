/**
 * Shapes the evaluation of every grouping and ranker into the `metrics.json` object (issue 7 item 3).
 * Pure: the CLI writes the file.
 */

import type { RankingEvaluation } from './evaluate.js';
import { metricKeys } from './metric-row.js';

/** The three test-set groupings of DESIGN section 6, in report order. */
export const GROUPINGS = ['event', 'userDay', 'impressions'] as const;
export type GroupingName = (typeof GROUPINGS)[number];

/** Groupings whose negatives were never shown: their numbers carry the exposure caveat. */
export const EXPOSURE_BIASED_GROUPINGS: ReadonlySet<GroupingName> = new Set(['event', 'userDay']);

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One metric row as JSON: NaN (undefined metric) becomes null, since JSON has no NaN. */
export type JsonMetricRow = Record<string, number | null>;

/** Counts behind one grouping's rows (identical for every ranker: same groups, same labels). */
// A type alias, not an interface, so it is assignable to JsonValue (aliases carry an implicit index signature).
export type GroupingCounts = {
  rows: number;
  groups: number;
  evaluatedGroups: number;
  positives: number;
};

/** The `metrics.json` object. */
export interface MetricsReport {
  /** grouping -> ranker -> metric row (keys of `metricKeys(k, truth)`). */
  groupings: Partial<Record<GroupingName, Record<string, JsonMetricRow>>>;
  /** grouping -> groups left out of the label metrics for having no positive. */
  groupsWithoutPositive: Partial<Record<GroupingName, number>>;
  /** The cut-off, per-grouping counts, then whatever the caller adds (data set, split, seeds, model). */
  data: { k: number; groupings: Partial<Record<GroupingName, GroupingCounts>> } & {
    [key: string]: JsonValue;
  };
  /**
   * grouping -> ranker -> product figures (how personal the top k is: distinct posts, users with their own
   * #1), when the caller gives them; `formatMetricsMarkdown` prints them as a second table.
   */
  product?: Partial<Record<GroupingName, Record<string, JsonMetricRow>>>;
}

export interface MetricsReportInput<K extends number = 10> {
  /** grouping -> ranker -> evaluation (as returned by `evaluateRankers`); absent groupings are skipped. */
  readonly groupings: Partial<Record<GroupingName, Record<string, RankingEvaluation<K>>>>;
  /** Caller's description of the run, copied into `data` (keys `k` and `groupings` are reserved). */
  readonly data?: { readonly [key: string]: JsonValue };
  /** grouping -> ranker -> figure name -> value (NaN becomes null), copied into `product`. */
  readonly product?: Partial<Record<GroupingName, Record<string, Record<string, number>>>>;
}

/**
 * Builds the `metrics.json` object:
 * `{groupings: {event: {model: {...}, popularity: {...}, random: {...}, oracle: {...}}, userDay: {...},
 * impressions: {...}}, groupsWithoutPositive: {...}, data: {...}}`.
 * @throws Error when evaluations disagree on k, or rankers of one grouping on its groups or rows (they must
 * have been scored on the same candidates).
 */
export function buildMetricsReport<K extends number>(input: MetricsReportInput<K>): MetricsReport {
  let k: number | undefined;
  const groupings: MetricsReport['groupings'] = {};
  const groupsWithoutPositive: MetricsReport['groupsWithoutPositive'] = {};
  const counts: Partial<Record<GroupingName, GroupingCounts>> = {};
  for (const name of Object.keys(input.groupings)) {
    if (!(GROUPINGS as readonly string[]).includes(name)) {
      throw new Error(`groupings.${name}: expected one of ${GROUPINGS.join(', ')}`);
    }
  }
  for (const grouping of GROUPINGS) {
    const rankers = input.groupings[grouping];
    if (!rankers) continue;
    const rows: Record<string, JsonMetricRow> = {};
    let reference: { ranker: string; evaluation: RankingEvaluation<K> } | undefined;
    for (const [ranker, evaluation] of Object.entries(rankers)) {
      if (k === undefined) k = evaluation.k;
      else if (evaluation.k !== k) {
        throw new Error(
          `groupings.${grouping}.${ranker}: evaluated at k = ${evaluation.k}, others at k = ${k}`,
        );
      }
      if (!reference) reference = { ranker, evaluation };
      else checkSameCandidates(grouping, reference, ranker, evaluation);
      const withTruth = `simulatedCtr@${evaluation.k}` in evaluation.metrics;
      const row: JsonMetricRow = {};
      const metrics = evaluation.metrics as Record<string, number>;
      for (const key of metricKeys(evaluation.k, withTruth))
        row[key] = Number.isFinite(metrics[key]) ? metrics[key] : null;
      rows[ranker] = row;
    }
    groupings[grouping] = rows;
    if (reference) {
      const e = reference.evaluation;
      groupsWithoutPositive[grouping] = e.groupsWithoutPositive;
      counts[grouping] = {
        rows: e.rows,
        groups: e.groups,
        evaluatedGroups: e.evaluatedGroups,
        positives: e.positives,
      };
    }
  }
  const data = input.data ?? {};
  if ('k' in data || 'groupings' in data) throw new Error('data: the keys "k" and "groupings" are reserved');
  const report: MetricsReport = {
    groupings,
    groupsWithoutPositive,
    data: { k: k ?? 10, groupings: counts, ...data },
  };
  if (input.product) {
    const product: NonNullable<MetricsReport['product']> = {};
    for (const grouping of GROUPINGS) {
      const rankers = input.product[grouping];
      if (!rankers) continue;
      product[grouping] = {};
      for (const [ranker, figures] of Object.entries(rankers)) {
        const row: JsonMetricRow = {};
        for (const [key, value] of Object.entries(figures)) row[key] = Number.isFinite(value) ? value : null;
        product[grouping][ranker] = row;
      }
    }
    report.product = product;
  }
  return report;
}

function checkSameCandidates<K extends number>(
  grouping: string,
  reference: { ranker: string; evaluation: RankingEvaluation<K> },
  ranker: string,
  e: RankingEvaluation<K>,
): void {
  const r = reference.evaluation;
  if (r.rows !== e.rows || r.groups !== e.groups || r.positives !== e.positives) {
    throw new Error(
      `groupings.${grouping}: ${ranker} was evaluated on ${e.rows} rows / ${e.groups} groups / ${e.positives} positives, ` +
        `${reference.ranker} on ${r.rows} / ${r.groups} / ${r.positives}: rankers must share the candidates`,
    );
  }
}
