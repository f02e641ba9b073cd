/**
 * Gathers what the evaluation report shows beyond the metrics (the groups' days and user segments, the
 * training history, feature importance), builds the page and writes reports/report.html. Each optional
 * part missing from the workdir (no log snapshot, no model, no merged features) is named in the report
 * instead of failing the evaluation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ReportPage, ReportSection } from '@wemoms/charts';
import { MICROS_PER_DAY, parseDay } from '@wemoms/data-schema';
import type { GroupingName, GroupMetrics, MetricsReport, RankingEvaluation } from '@wemoms/metrics';
import { HISTORY_FILE, parseHistory, type TrainingHistory } from '@wemoms/model';
import type { GroupingRows } from '../io/evaluation-rows.js';
import type { CliContext } from '../runtime/context.js';
import { buildEvaluationReport, NOTES_TITLE } from './evaluation-report.js';
import { type GroupSegments, readGroupSegments } from './group-segments.js';
import { type ImportanceOutcome, importanceSection } from './importance-task.js';
import { renderSectionsCharts } from './render-task.js';
import { writeReportPage } from './write-report-page.js';

/** Where evaluate writes the report. */
export function reportHtmlPath(ctx: CliContext): string {
  return join(ctx.paths.reports, 'report.html');
}

/** Resamples of the bootstrap intervals. */
export const BOOTSTRAP_REPLICATES = 1000;

export interface EvaluationReportTimes {
  segments: number;
  /** Waiting for the importance worker once the rest of the report was rendered. */
  importance: number;
  /** The importance worker's own time (measuring and rendering its charts), overlapping the rest. */
  importanceWorker: number;
  /** Building the page (bootstrap, tables) and rendering its other charts, in this thread. */
  render: number;
}

/**
 * Builds and writes reports/report.html; resolves to its path, size and where the time went. The feature
 * importance is measured (and its charts rendered) in a worker thread while this thread builds and renders
 * the rest of the page (see importance-task.ts).
 */
export async function writeEvaluationReport(
  ctx: CliContext,
  data: {
    readonly metrics: MetricsReport;
    readonly evaluations: Partial<Record<GroupingName, Record<string, RankingEvaluation<number>>>>;
    /** The rows the main thread read (calibration reads the impressions grouping's). */
    readonly rows: ReadonlyMap<string, GroupingRows>;
    /** Every evaluated grouping's group ids, in offsets order (per-segment metrics). */
    readonly groupIds: ReadonlyMap<string, Int32Array>;
  },
): Promise<{ path: string; bytes: number; times: EvaluationReportTimes }> {
  const { config, paths } = ctx;
  const notes: string[] = [];
  const times: EvaluationReportTimes = { segments: 0, importance: 0, importanceWorker: 0, render: 0 };
  const importance = importanceSection(ctx);
  const perGroup: Partial<Record<GroupingName, Record<string, GroupMetrics>>> = {};
  for (const [grouping, rankers] of Object.entries(data.evaluations) as [
    GroupingName,
    Record<string, RankingEvaluation<number>>,
  ][]) {
    perGroup[grouping] = {};
    for (const [ranker, evaluation] of Object.entries(rankers))
      if (evaluation.perGroup) perGroup[grouping][ranker] = evaluation.perGroup;
  }

  let started = performance.now();
  let segments: Map<string, GroupSegments> | null = null;
  if (existsSync(paths.logSnapshot) && existsSync(paths.testGroups)) {
    segments = await readGroupSegments(
      paths.testGroups,
      paths.logSnapshot,
      data.groupIds,
      parseDay(config.split.test.first) * MICROS_PER_DAY,
    );
  } else
    notes.push(
      'Per-day and per-segment metrics need data/interim/log.parquet and the test groups (make-dataset).',
    );
  times.segments = (performance.now() - started) / 1000;

  let history: TrainingHistory | null = null;
  const historyPath = join(paths.modelDir, HISTORY_FILE);
  if (existsSync(historyPath))
    history = parseHistory(JSON.parse(readFileSync(historyPath, 'utf8')), historyPath);
  else notes.push(`No training curves: no ${relative(ctx.workdir, historyPath)}.`);

  started = performance.now();
  const page = buildEvaluationReport({
    k: config.evaluate.k,
    metrics: data.metrics,
    perGroup,
    rows: data.rows,
    segments,
    history,
    importance: IMPORTANCE_SLOT,
    bootstrap: { replicates: BOOTSTRAP_REPLICATES, seed: config.evaluate.seed },
    subtitle: [
      `model ${config.model.name}`,
      `log ${relative(ctx.workdir, paths.raw) || paths.raw}`,
      `test days ${config.split.test.first}..${config.split.test.last}`,
      config.evaluate.maxGroups
        ? `at most ${config.evaluate.maxGroups} groups per grouping and day`
        : 'every group',
      data.metrics.data.groundTruth ? 'synthetic ground truth' : 'no ground truth',
    ].join(' · '),
    notes,
  });
  const sections = await renderSectionsCharts(page.sections);
  times.render = (performance.now() - started) / 1000;
  started = performance.now();
  const measured = await importance;
  times.importance = (performance.now() - started) / 1000;
  times.importanceWorker = measured.workerSeconds;
  const path = reportHtmlPath(ctx);
  const bytes = await writeReportPage(path, withImportance({ ...page, sections }, measured));
  return { path, bytes, times };
}

/**
 * Where the importance section goes in the page until the worker has it, found by identity (a section
 * without charts goes through renderSectionsCharts unchanged).
 */
const IMPORTANCE_SLOT: ReportSection = { title: 'Feature importance' };

/** `page` with the worker's importance section in its slot, or its note among the notes. */
function withImportance(page: ReportPage, outcome: ImportanceOutcome): ReportPage {
  const sections = page.sections.flatMap((s) =>
    s !== IMPORTANCE_SLOT ? [s] : outcome.section ? [outcome.section] : [],
  );
  if (outcome.note) {
    const last = sections.at(-1);
    if (last?.title === NOTES_TITLE)
      sections[sections.length - 1] = { ...last, text: `${last.text} ${outcome.note}` };
    else sections.push({ title: NOTES_TITLE, text: outcome.note });
  }
  return { ...page, sections };
}
