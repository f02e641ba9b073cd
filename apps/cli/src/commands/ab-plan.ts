/**
 * `wemoms ab plan`: sample size per arm for a CTR change and, with the log's traffic, the design effect of
 * several impressions per user (measured on the log) and the days the test needs. Prints the plan and
 * writes reports/ab/plan.md and plan.json.
 */
import { join, relative } from 'node:path';
import { atomicWriteFile } from '@wemoms/data-schema/node';
import { planDurationTable, planExperiment, planMarkdown, planSummary } from '@wemoms/experiments';
import { abReportDir, minimumEffect, plannedWeights } from '../ab/settings.js';
import { loadLogTraffic } from '../ab/traffic.js';
import type { AbPlanOptions } from '../program/ab.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { formatTable } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

export async function run(ctx: CliContext, options: AbPlanOptions): Promise<void> {
  // Only reports/ab (or --out) is written: lock that, not the whole workdir.
  const outputDir = abReportDir(ctx, options.out);
  await runStage(ctx, 'ab plan', { outputs: [outputDir], lock: 'outputs' }, async () => {
    const ab = ctx.config.ab;
    if (options.mde !== undefined && options.mdeAbsolute !== undefined)
      throw new CliError('--mde (relative) and --mde-absolute are two ways to say the same thing: give one');
    if ((options.icc === undefined) !== (options.impressionsPerUser === undefined))
      throw new CliError(
        '--icc and --impressions-per-user go together (the assumed design effect 1 + (m - 1) ICC)',
      );
    const traffic = options.log ? await loadLogTraffic(ctx) : null;
    const baseline = ab.baseline ?? traffic?.profile.ctr;
    if (baseline === undefined)
      throw new CliError(
        options.log
          ? `no baseline CTR: no log at ${relative(ctx.workdir, ctx.paths.raw)} to measure it from; pass --baseline (e.g. --baseline 0.145)`
          : 'no baseline CTR: pass --baseline (e.g. --baseline 0.145) with --no-log',
      );
    let plan: ReturnType<typeof planExperiment>;
    try {
      plan = planExperiment({
        baseline,
        mde: minimumEffect(ctx),
        alpha: ab.alpha,
        power: ab.power,
        alternative: ab.alternative,
        arms: ab.arms,
        weights: plannedWeights(ctx, ab.arms.length),
        traffic: traffic?.profile ?? null,
        trafficShare: ab.trafficShare,
        assumed:
          options.icc !== undefined && options.impressionsPerUser !== undefined
            ? { icc: options.icc, impressionsPerUser: options.impressionsPerUser }
            : null,
      });
    } catch (error) {
      if (error instanceof RangeError) throw new CliError(`ab plan: ${error.message}`);
      throw error;
    }
    const profile = traffic?.profile ?? null;
    const dir = outputDir;
    const source = traffic
      ? `Traffic read from ${traffic.source}${traffic.note ? `; ${traffic.note}` : ''}.`
      : 'No log read: sample sizes only (run make-dataset, or drop --no-log, for users and days).';
    atomicWriteFile(join(dir, 'plan.md'), `${planMarkdown(plan, profile)}\n${source}\n`);
    atomicWriteFile(
      join(dir, 'plan.json'),
      `${JSON.stringify({ plan, traffic: profile, trafficSource: traffic?.source ?? null }, null, 2)}\n`,
    );
    for (const line of planSummary(plan, profile)) ctx.print(line);
    ctx.print(source);
    if (plan.byDuration.length > 0) {
      const table = planDurationTable(plan);
      ctx.print('');
      ctx.print(table.caption ?? '');
      ctx.print(
        formatTable(
          [...table.columns],
          table.rows.map((r) => r.map(String)),
        ),
      );
    }
    const d = plan.duration;
    return {
      count: profile ? profile.daily.reduce((s, x) => s + x.impressions, 0) : 0,
      unit: 'impressions',
      figures: {
        naiveImpressionsPerArm: plan.naiveImpressionsPerArm[0],
        ...(d ? { days: d.days, usersPerArm: d.usersPerArm[0], designEffect: d.designEffect } : {}),
      },
      summary: `${d ? `${d.days} days, ${Math.round(d.usersPerArm[0]).toLocaleString('en-US')} users per arm` : `${Math.ceil(plan.naiveImpressionsPerArm[0]).toLocaleString('en-US')} independent impressions per arm`} -> ${relative(ctx.workdir, join(dir, 'plan.md'))}`,
    };
  });
}
