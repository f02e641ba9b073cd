/**
 * `wemoms ab analyze --events FILE`: reads the impressions of an A/B test (io/experiment-events.ts),
 * analyses them with @wemoms/experiments (per-arm CTR, lift with user-level CIs, SRM, per-day results, the
 * always-valid sequential test, the verdict), writes reports/ab/ and prints the verdict line last.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { analyzeExperiment, ExperimentInputError } from '@wemoms/experiments';
import { printAnalysis, writeAbReport } from '../ab/report-files.js';
import { abReportDir, analysisOptions } from '../ab/settings.js';
import { readExperimentEvents } from '../io/experiment-events.js';
import type { AbAnalyzeOptions } from '../program/ab.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { formatCount } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

export async function run(ctx: CliContext, options: AbAnalyzeOptions): Promise<void> {
  // Only reports/ab (or --out) is written: lock that, not the whole workdir.
  const outputDir = abReportDir(ctx, options.out);
  await runStage(ctx, 'ab analyze', { outputs: [outputDir], lock: 'outputs' }, async () => {
    // Like every path typed on the command line, relative to the current directory.
    const path = resolve(options.events);
    if (!existsSync(path)) throw new CliError(`events file not found: ${options.events}`);
    const arms = ctx.config.ab.arms;
    const events = await readExperimentEvents(path, arms);
    let analysis: ReturnType<typeof analyzeExperiment>;
    try {
      analysis = analyzeExperiment(events.table, analysisOptions(ctx, arms, { userIds: events.userIds }));
    } catch (error) {
      if (error instanceof ExperimentInputError) throw new CliError(`${options.events}: ${error.message}`);
      throw error;
    }
    const dir = outputDir;
    await writeAbReport(dir, analysis, { subtitle: `events ${options.events}`, json: { events: path } });
    printAnalysis(ctx, analysis, dir);
    return {
      count: events.table.length,
      unit: 'impressions',
      figures: {
        users: events.userIds.length,
        days: analysis.days.length,
        lift: analysis.comparisons[0].relativeLift,
        alwaysValidPValue: analysis.comparisons[0].alwaysValidPValue,
      },
      summary: `${formatCount(events.userIds.length)} users over ${analysis.days.length} days -> ${relative(ctx.workdir, dir)}/report.md; ${analysis.verdict.decision}`,
    };
  });
}
