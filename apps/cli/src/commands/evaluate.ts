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
  formatMetricsMarkdown,
  GROUPINGS,
  type GroupingName,
  type RankingEvaluation,
} from '@wemoms/metrics';
import { evaluationRowsGroupings, readEvaluationRows } from '../io/evaluation-rows.js';
import { type GroupingMetrics, groupingMetrics } from '../pipeline/grouping-metrics.js';
import { offloadedGroupings, startMetricsWorker } from '../pipeline/metrics-task.js';
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
    const k = config.evaluate.k;
    const seed = config.evaluate.seed;
    // The largest grouping is read and scored in a worker thread while this one does the others.
    const offloaded = offloadedGroupings(evaluationRowsGroupings(paths.evaluationRows));
    const remote =
      offloaded.length > 0
        ? startMetricsWorker({ path: paths.evaluationRows, groupings: offloaded, k, seed })
        : null;
    // Until it is awaited, a failure is reported there (not as an unhandled rejection).
    remote?.catch(() => {});
    let started = performance.now();
    const byGrouping = readEvaluationRows(
      paths.evaluationRows,
      new Set(GROUPINGS.filter((g) => !offloaded.includes(g))),
    );
    const readSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const computed = new Map<GroupingName, { metrics: GroupingMetrics; groupIds: Int32Array }>();
    for (const grouping of GROUPINGS) {
      const data = byGrouping.get(grouping);
      if (data)
        computed.set(grouping, {
          metrics: groupingMetrics(grouping, data, k, seed),
          groupIds: data.groupIds,
        });
    }
    const worker = remote ? await remote : null;
    for (const { grouping, metrics, groupIds } of worker?.results ?? [])
      computed.set(grouping, { metrics, groupIds });
    // In the groupings' order whichever thread computed them (metrics.json and the report list them so).
    const groupings: Partial<Record<GroupingName, Record<string, RankingEvaluation<number>>>> = {};
    const product: Partial<Record<GroupingName, Record<string, Record<string, number>>>> = {};
    const withoutEarlierObservation: Record<string, { candidates: number; count: number; share: number }> =
      {};
    const groupIds = new Map<string, Int32Array>();
    let rows = 0;
    for (const grouping of GROUPINGS) {
      const result = computed.get(grouping);
      if (!result) continue;
      const { metrics } = result;
      groupIds.set(grouping, result.groupIds);
      groupings[grouping] = metrics.evaluations;
      product[grouping] = metrics.product;
      withoutEarlierObservation[grouping] = metrics.withoutEarlierObservation;
      rows += metrics.withoutEarlierObservation.candidates;
    }
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
        : await writeEvaluationReport(ctx, {
            metrics: report,
            evaluations: groupings,
            rows: byGrouping,
            groupIds,
          });
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
        ...(worker
          ? { metricsWorkerReadSeconds: worker.seconds.read, metricsWorkerSeconds: worker.seconds.metrics }
          : {}),
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
