/**
 * `wemoms evaluate`: the model and the random, most-popular and (with ground truth) oracle and observable
 * ceiling baselines, scored by the same metric code on the same candidates, per grouping, with the
 * product figures of each ranker's top k (distinct posts per day, users with their own #1) and the share
 * of candidates whose post had no observation before the candidate time; writes reports/metrics.json, the
 * human-readable reports/metrics.md (with the exposure caveat beside event and userDay) and the HTML report
 * (reports/report.html: curves, intervals, per-day, calibration, importance, segments).
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { atomicWriteFile, requireFile } from '@wemoms/data-schema/node';
import {
  buildMetricsReport,
  evaluateRankers,
  formatMetricsMarkdown,
  GROUPINGS,
  type GroupingName,
  type NumericColumn,
  type RankingEvaluation,
  randomScores,
  topItemFigures,
} from '@wemoms/metrics';
import { readEvaluationRows } from '../io/evaluation-rows.js';
import type { EvaluateOptions } from '../program/evaluate.js';
import { startImportance } from '../report/importance-task.js';
import { writeEvaluationReport } from '../report/write-evaluation-report.js';
import type { CliContext } from '../runtime/context.js';
import { runStage } from '../runtime/stage.js';

export async function run(ctx: CliContext, options: EvaluateOptions = {}): Promise<void> {
  const { config, paths } = ctx;
  await runStage(ctx, 'evaluate', { outputs: [paths.metricsJson, paths.metricsMd] }, async () => {
    requireFile(paths.evaluationRows, 'evaluation rows', 'predict', ctx.workdir);
    // The report's feature importance runs in a worker thread meanwhile (wemoms pipeline started it already).
    if (options.report !== false) startImportance(ctx);
    let started = performance.now();
    const byGrouping = readEvaluationRows(paths.evaluationRows);
    const readSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const k = config.evaluate.k;
    const groupings: Partial<Record<GroupingName, Record<string, RankingEvaluation<number>>>> = {};
    const product: Partial<Record<GroupingName, Record<string, Record<string, number>>>> = {};
    const withoutEarlierObservation: Record<string, { candidates: number; count: number; share: number }> =
      {};
    let rows = 0;
    GROUPINGS.forEach((grouping, index) => {
      const data = byGrouping.get(grouping);
      if (!data) return;
      rows += data.labels.length;
      const scores: Record<string, NumericColumn> = {
        model: data.model,
        popularity: data.popularity,
        // Seeded per grouping so adding a grouping does not change another's random baseline.
        random: randomScores(data.labels.length, config.evaluate.seed + index),
      };
      if (data.truth && data.ceiling) {
        scores.oracle = data.truth;
        scores.ceiling = data.ceiling;
      }
      groupings[grouping] = evaluateRankers(
        { offsets: data.offsets, labels: data.labels, tieKeys: data.tieKeys, truth: data.truth ?? undefined },
        scores,
        { k, perGroup: true },
      );
      // A test day's candidates are the posts of the day before, so posts never repeat across days: the
      // distinct posts over every day's top k, divided by the days, is the mean per day.
      const days = Math.max(1, data.days.length);
      product[grouping] = {};
      for (const ranker of Object.keys(groupings[grouping])) {
        const f = topItemFigures(data.offsets, scores[ranker], data.tieKeys, k);
        product[grouping][ranker] = {
          distinctTopPostsPerDay: f.distinctTopItems / days,
          distinctFirstPostsPerDay: f.distinctFirstItems / days,
          ownFirstShare: f.groups > 0 ? f.groupsWithOwnFirst / f.groups : Number.NaN,
        };
      }
      withoutEarlierObservation[grouping] = {
        candidates: data.labels.length,
        count: data.withoutEarlierObservation,
        share: data.labels.length > 0 ? data.withoutEarlierObservation / data.labels.length : 0,
      };
    });
    const metricsSeconds = (performance.now() - started) / 1000;
    const summary = existsSync(paths.datasetSummary)
      ? JSON.parse(readFileSync(paths.datasetSummary, 'utf8'))
      : null;
    const report = buildMetricsReport({
      groupings,
      product,
      data: {
        rawLog: paths.raw,
        logRows: summary?.split?.rows ?? null,
        split: config.split,
        maxGroupsPerDay: config.evaluate.maxGroups,
        randomSeed: config.evaluate.seed,
        model: config.model.name,
        groundTruth: [...byGrouping.values()].some((g) => g.truth !== null),
        // Candidates whose post had no observation before the candidate time: their counters are missing.
        candidatesWithoutEarlierObservation: withoutEarlierObservation,
      },
    });
    atomicWriteFile(paths.metricsJson, `${JSON.stringify(report, null, 2)}\n`);
    atomicWriteFile(paths.metricsMd, formatMetricsMarkdown(report));
    const html =
      options.report === false
        ? null
        : await writeEvaluationReport(ctx, { metrics: report, evaluations: groupings, rows: byGrouping });
    const map = (g: GroupingName, r: string) => {
      const v = report.groupings[g]?.[r]?.[`map@${k}`];
      return typeof v === 'number' ? v.toFixed(4) : '-';
    };
    const headline = (['impressions', 'userDay', 'event'] as const)
      .filter((g) => report.groupings[g])
      .map((g) => `${g} MAP@${k} model ${map(g, 'model')} / random ${map(g, 'random')}`)
      .join('; ');
    ctx.print(`\n${formatMetricsMarkdown(report)}`);
    return {
      count: rows,
      unit: 'candidates',
      summary: `${headline} -> ${relative(ctx.workdir, paths.metricsJson)}, ${relative(ctx.workdir, paths.metricsMd)}${html ? `, ${relative(ctx.workdir, html.path)}` : ''}`,
      figures: {
        candidates: rows,
        readSeconds,
        metricsSeconds,
        ...(html
          ? {
              reportSegmentsSeconds: html.times.segments,
              reportImportanceSeconds: html.times.importance,
              reportImportanceWorkerSeconds: html.times.importanceWorker,
              reportRenderSeconds: html.times.render,
            }
          : {}),
      },
    };
  });
}
