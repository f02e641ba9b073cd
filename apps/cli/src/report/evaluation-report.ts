/**
 * The evaluation report (reports/report.html): training curves, the metric table with bootstrap
 * confidence intervals per grouping, per-test-day metrics, calibration, CTR@k and gain curves, feature
 * importance and metrics per user segment, as one `ReportPage`. The tables behind the charts are arquero
 * tables (group-bys over the groups' days and segments, pivots per ranker); every number comes from the
 * per-group metrics of @wemoms/metrics, so a day's or a segment's MAP@k uses the very definition of
 * metrics.json.
 */
import {
  barChart,
  type CalibrationRow,
  type ChartRow,
  type ChartSpec,
  calibrationChart,
  lineChart,
  metricIntervalsChart,
  type ReportCell,
  type ReportPage,
  type ReportSection,
  type ReportTable,
  rankCurveChart,
  trainingCurvesCharts,
} from '@wemoms/charts';
import {
  type BootstrapResult,
  bootstrapGroupMetrics,
  calibrationBins,
  EXPOSURE_BIASED_GROUPINGS,
  exposureCaveat,
  GROUPINGS,
  type GroupingName,
  type GroupMetrics,
  type MetricsReport,
  rankCurves,
  summarizeGroups,
} from '@wemoms/metrics';
import type { TrainingHistory } from '@wemoms/model';
import * as aq from 'arquero';
import type { GroupingRows } from '../io/evaluation-rows.js';
import { formatMetric as fmt } from './format-metric.js';
import type { GroupSegments } from './group-segments.js';

const { op } = aq;

export interface EvaluationReportInput {
  readonly k: number;
  readonly metrics: MetricsReport;
  /** grouping -> ranker -> per-group metrics (evaluateRankers with perGroup). */
  readonly perGroup: Partial<Record<GroupingName, Record<string, GroupMetrics>>>;
  /** The evaluation rows (calibration reads the impressions grouping's scores and labels). */
  readonly rows: ReadonlyMap<string, GroupingRows>;
  /** Day and user segments of each group, or null when the log snapshot or test groups are missing. */
  readonly segments: ReadonlyMap<string, GroupSegments> | null;
  readonly history: TrainingHistory | null;
  /** The feature importance section (`buildImportanceSection`, charts possibly rendered already), or null. */
  readonly importance: ReportSection | null;
  readonly bootstrap: { readonly replicates: number; readonly seed: number };
  /** Data set, model and run description under the title. */
  readonly subtitle: string;
  /** Sections left out and why (no history, no features file...). */
  readonly notes: readonly string[];
}

/** Groupings in report order: the honest offline metric first, the exposure-biased ones after. */
const REPORT_ORDER: readonly GroupingName[] = ['impressions', 'userDay', 'event'];

/** An estimate with its interval on a second line. */
const ci = (i: { estimate: number; low: number; high: number } | undefined): ReportCell =>
  i ? { text: fmt(i.estimate), note: `[${fmt(i.low)}, ${fmt(i.high)}]` } : { text: 'n/a' };

/** Group indices per distinct label (arquero group-by), labels in the given order. */
function selectionsBy(labels: readonly string[], order?: readonly string[]): Map<string, Int32Array> {
  const grouped = aq
    .table({ label: labels, index: labels.map((_, i) => i) })
    .groupby('label')
    .rollup({ rows: op.array_agg('index') })
    .objects() as { label: string; rows: number[] }[];
  const byLabel = new Map(grouped.map((g) => [g.label, Int32Array.from(g.rows)]));
  const keys = order ? order.filter((k) => byLabel.has(k)) : [...byLabel.keys()].sort(naturalCompare);
  return new Map(keys.map((k) => [k, byLabel.get(k)!]));
}

/** `d2 (1-3)` before `d10 (40-90)`: numbers inside labels compare as numbers. */
function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * One row per (slice, ranker) with every metric of `summarizeGroups` and the slice's group counts:
 * the long table behind the per-day and per-segment charts.
 */
function sliceTable(
  rankers: Record<string, GroupMetrics>,
  labels: readonly string[],
  field: string,
  order?: readonly string[],
): aq.ColumnTable {
  const rows: Record<string, number | string>[] = [];
  for (const [slice, selection] of selectionsBy(labels, order)) {
    for (const [ranker, m] of Object.entries(rankers)) {
      const s = summarizeGroups(m, selection);
      rows.push({
        [field]: slice,
        ranker,
        groups: s.groups,
        evaluatedGroups: s.evaluatedGroups,
        ...s.metrics,
      });
    }
  }
  return aq.from(rows);
}

/** A wide table (one row per slice, one column per ranker) of `metric`, from the long table (pivot). */
function pivotTable(long: aq.ColumnTable, field: string, metric: string, caption: string): ReportTable {
  const wide = long.groupby(field).pivot('ranker', metric).objects() as Record<string, string | number>[];
  const counts = new Map(
    (
      long
        .groupby(field)
        .rollup({ groups: op.max('groups'), evaluated: op.max('evaluatedGroups') })
        .objects() as {
        [k: string]: string | number;
      }[]
    ).map((r) => [r[field], r]),
  );
  const rankers = long.array('ranker') as string[];
  const names = [...new Set(rankers)];
  return {
    caption,
    columns: [field, 'groups', 'with a positive', ...names],
    rows: wide.map((r) => [
      String(r[field]),
      Number(counts.get(r[field])?.groups ?? 0),
      Number(counts.get(r[field])?.evaluated ?? 0),
      ...names.map((n) => fmt(r[n] as number)),
    ]),
  };
}

function summarySection(
  input: EvaluationReportInput,
  cis: Map<GroupingName, BootstrapResult>,
): ReportSection {
  const { k, metrics } = input;
  const tables: ReportTable[] = [];
  const keys = [
    `map@${k}`,
    `ndcg@${k}`,
    'mrr',
    'meanRank',
    'auc',
    'logloss',
    `ctr@${k}`,
    `simulatedCtr@${k}`,
  ];
  for (const grouping of REPORT_ORDER) {
    const rankers = metrics.groupings[grouping];
    if (!rankers) continue;
    const shown = keys.filter((key) => Object.values(rankers).some((row) => key in row));
    const boot = cis.get(grouping);
    const counts = metrics.data.groupings[grouping];
    tables.push({
      caption: `${grouping}${EXPOSURE_BIASED_GROUPINGS.has(grouping) ? ' (exposure-biased, see the caveat)' : ''}: ${counts?.groups ?? '?'} groups, ${counts?.rows ?? '?'} candidates; under each estimate its 95% bootstrap interval over groups`,
      columns: ['ranker', ...shown],
      rows: Object.entries(rankers).map(([ranker, row]) => [
        ranker,
        ...shown.map((key) => {
          const interval = boot?.rankers[ranker]?.[key];
          return interval ? ci(interval) : fmt(row[key] as number | null, key === 'meanRank' ? 2 : 4);
        }),
      ]),
    });
  }
  return {
    title: 'Metrics with 95% confidence intervals',
    text:
      `Model against the random, most-popular and (synthetic data) oracle baselines, on the same candidates. ` +
      `Intervals: percentile bootstrap over groups (${input.bootstrap.replicates} resamples, seed ${input.bootstrap.seed}). ` +
      `${exposureCaveat(k)}`,
    tables,
  };
}

function intervalSection(
  input: EvaluationReportInput,
  cis: Map<GroupingName, BootstrapResult>,
): ReportSection {
  const { k } = input;
  const charts: ChartSpec[] = [];
  const tables: ReportTable[] = [];
  for (const grouping of REPORT_ORDER) {
    const boot = cis.get(grouping);
    if (!boot) continue;
    // A metric every ranker scores the same on (simulatedCtr@k where every group has at most k
    // candidates: all of them are shown) has nothing to compare.
    const varies = (m: string) => {
      const values = Object.values(boot.rankers).map((r) => r[m].estimate);
      return Math.max(...values) - Math.min(...values) > 1e-9;
    };
    const shown = boot.metrics.filter((m) => (m === `map@${k}` || m === `simulatedCtr@${k}`) && varies(m));
    for (const metric of shown) {
      charts.push(
        metricIntervalsChart(
          Object.entries(boot.rankers).map(([label, m]) => ({ label, ...m[metric] })),
          { title: `${grouping}: ${metric}`, metric },
        ),
      );
      if (boot.reference && Object.keys(boot.differences).length)
        charts.push(
          metricIntervalsChart(
            Object.entries(boot.differences).map(([ranker, m]) => ({
              label: `${ranker} - ${boot.reference}`,
              ranker,
              ...m[metric],
            })),
            {
              title: `${grouping}: ${metric}, minus ${boot.reference}`,
              metric: `difference of ${metric}`,
              reference: 0,
            },
          ),
        );
    }
    if (boot.reference)
      tables.push({
        caption: `${grouping}: ranker minus ${boot.reference}, paired over the same resampled groups (95% interval under each difference)`,
        columns: ['ranker', ...boot.metrics],
        rows: Object.entries(boot.differences).map(([ranker, m]) => [
          ranker,
          ...boot.metrics.map((key) => ci(m[key])),
        ]),
      });
  }
  return {
    title: 'Confidence intervals and differences',
    text:
      'Left: each ranker with its 95% interval. Right: each ranker minus the most-popular baseline, resampling the ' +
      'same groups for both (paired): an interval clear of the dashed zero is a difference the test days support.',
    charts,
    tables,
  };
}

function perDaySection(input: EvaluationReportInput): ReportSection | null {
  if (!input.segments) return null;
  const { k } = input;
  const charts: ChartSpec[] = [];
  const tables: ReportTable[] = [];
  for (const grouping of REPORT_ORDER) {
    const rankers = input.perGroup[grouping];
    const segments = input.segments.get(grouping);
    if (!rankers || !segments) continue;
    const long = sliceTable(rankers, segments.day, 'day');
    const withTruth = Object.values(rankers).every((m) => m.truthTop !== null);
    const metrics = grouping === 'userDay' && withTruth ? [`map@${k}`, `simulatedCtr@${k}`] : [`map@${k}`];
    for (const metric of metrics) {
      charts.push(
        lineChart(long.objects() as ChartRow[], {
          title: `${grouping}: ${metric} per test day`,
          x: { field: 'day', type: 'ordinal', title: 'test day' },
          y: { field: metric, title: metric },
          color: { field: 'ranker', title: 'ranker' },
          points: true,
        }),
      );
      tables.push(pivotTable(long, 'day', metric, `${grouping}: ${metric} per test day`));
    }
  }
  return {
    title: 'Per test day',
    text: 'The same metrics on each test day alone: a model that wins on average but loses on some days shows here.',
    charts,
    tables,
  };
}

function calibrationSection(input: EvaluationReportInput): ReportSection | null {
  const rows = input.rows.get('impressions');
  if (!rows) return null;
  const bins: CalibrationRow[] = [];
  const table: ReportTable = {
    caption: 'impressions grouping (complete labels): 10 bins of equal row counts',
    columns: ['ranker', 'rows', 'ECE', 'Brier', 'mean predicted', 'observed open rate'],
    rows: [],
  };
  const rankers: [string, ArrayLike<number>][] = [['model', rows.model]];
  if (rows.truth) rankers.push(['oracle', rows.truth]);
  let opened = 0;
  for (let i = 0; i < rows.labels.length; i++) opened += rows.labels[i];
  for (const [ranker, scores] of rankers) {
    const c = calibrationBins(scores as Float32Array, rows.labels, { bins: 10 });
    for (const b of c.bins)
      bins.push({ ranker, meanScore: b.meanScore, observedRate: b.observedRate, count: b.count });
    let mean = 0;
    for (let i = 0; i < scores.length; i++) mean += scores[i];
    (table.rows as (string | number)[][]).push([
      ranker,
      c.rows,
      fmt(c.ece),
      fmt(c.brier),
      fmt(mean / scores.length),
      fmt(opened / rows.labels.length),
    ]);
  }
  return {
    title: 'Calibration',
    text:
      'Observed open rate against the predicted probability, on the posts users were actually shown (the impressions grouping: complete labels). ' +
      'On the diagonal, a predicted 20 % opens 20 % of the time; the oracle (synthetic ground truth) shows the noise floor of so few rows.',
    charts: [calibrationChart(bins)],
    tables: [table],
  };
}

function curvesSection(input: EvaluationReportInput): ReportSection | null {
  const maxK = Math.max(20, input.k);
  const charts: ChartSpec[] = [];
  for (const grouping of ['impressions', 'userDay'] as const) {
    const rankers = input.perGroup[grouping];
    if (!rankers) continue;
    const rows = Object.entries(rankers).flatMap(([ranker, m]) =>
      rankCurves(m, maxK).map((p) => ({ ranker, k: p.k, ctr: p.ctr, recall: p.recall })),
    );
    charts.push(
      rankCurveChart(rows, { title: `${grouping}: CTR@k`, metric: 'ctr', yTitle: 'CTR@k (opened / shown)' }),
      rankCurveChart(rows, {
        title: `${grouping}: cumulative gain`,
        metric: 'recall',
        yTitle: 'share of opened posts in the top k',
      }),
    );
  }
  if (!charts.length) return null;
  return {
    title: 'CTR@k and gain curves',
    text:
      'How the click-through of the shown posts and the share of opened posts captured change with the number ' +
      `of posts shown (k = 1..${maxK}). On impressions the groups are small: past their size, every ranker captures every open.`,
    charts,
  };
}

function segmentsSection(input: EvaluationReportInput): ReportSection | null {
  if (!input.segments) return null;
  const { k } = input;
  const charts: ChartSpec[] = [];
  const tables: ReportTable[] = [];
  const views: [GroupingName, string][] = [['impressions', `map@${k}`]];
  const userDay = input.perGroup.userDay;
  if (userDay && Object.values(userDay).every((m) => m.truthTop !== null))
    views.push(['userDay', `simulatedCtr@${k}`]);
  else views.push(['userDay', `map@${k}`]);
  for (const [grouping, metric] of views) {
    const rankers = input.perGroup[grouping];
    const segments = input.segments.get(grouping);
    if (!rankers || !segments) continue;
    for (const [field, labels] of [
      ['stage', segments.stage],
      ['platform', segments.platform],
      ['activity', segments.activity],
    ] as const) {
      const long = sliceTable(rankers, labels, field);
      const order = [...new Set(labels)].sort(naturalCompare);
      charts.push(
        barChart(long.objects() as ChartRow[], {
          title: `${grouping}: ${metric} by ${field === 'activity' ? 'activity decile' : field}`,
          category: {
            field,
            title: field === 'activity' ? 'activity decile (prior impressions)' : field,
            order,
          },
          value: { field: metric, title: metric },
          color: { field: 'ranker', title: 'ranker' },
          width: field === 'activity' ? 480 : 300,
        }),
      );
      tables.push(pivotTable(long, field, metric, `${grouping}: ${metric} by ${field}`));
    }
  }
  return {
    title: 'Metrics per segment',
    text:
      'Users split by maternity stage, platform and activity decile (impressions before the first test day; deciles ' +
      'over the evaluated users), from their latest profile before the test days. Small segments are noisy: see the group counts.',
    charts,
    tables,
  };
}

function trainingSection(history: TrainingHistory | null): ReportSection | null {
  if (!history) return null;
  const epochs = history.epochs.map((e) => ({ ...e }) as unknown as Record<string, number | null>);
  return {
    title: 'Training',
    text:
      `${history.epochs.length} epochs on ${history.trainRows} rows (${history.validationRows} eval rows), ` +
      `best epoch ${history.bestEpoch} (val loss ${fmt(history.bestValLoss)}) restored` +
      `${history.stoppedEarly ? ', stopped early' : ''}; backend ${history.backend}.`,
    charts: trainingCurvesCharts(epochs, { bestEpoch: history.bestEpoch }),
  };
}

/** Title of the last section: the parts left out and why. */
export const NOTES_TITLE = 'Not in this report';

/** Builds the report page from what evaluate computed (pure: the caller writes it). */
export function buildEvaluationReport(input: EvaluationReportInput): ReportPage {
  const cis = new Map<GroupingName, BootstrapResult>();
  for (const grouping of GROUPINGS) {
    const rankers = input.perGroup[grouping];
    if (rankers) cis.set(grouping, bootstrapGroupMetrics(rankers, input.bootstrap));
  }
  const sections = [
    summarySection(input, cis),
    intervalSection(input, cis),
    trainingSection(input.history),
    perDaySection(input),
    calibrationSection(input),
    curvesSection(input),
    input.importance,
    segmentsSection(input),
  ].filter((s): s is ReportSection => s !== null);
  if (input.notes.length) sections.push({ title: NOTES_TITLE, text: input.notes.join(' ') });
  return { title: 'WeMoms feed ranker: evaluation report', subtitle: input.subtitle, sections };
}
