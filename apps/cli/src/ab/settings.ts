/** The `ab` config section as the options of @wemoms/experiments' plan and analysis. */
import { join, resolve } from 'node:path';
import type { AnalysisOptions, MinimumEffect } from '@wemoms/experiments';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';

/** Where the A/B reports go: --out, else <reports>/ab. */
export function abReportDir(ctx: CliContext, out?: string): string {
  return out ? resolve(ctx.workdir, out) : join(ctx.paths.reports, 'ab');
}

/** The planned weights (empty config = equal shares). */
export function plannedWeights(ctx: CliContext, arms: number): number[] {
  const w = ctx.config.ab.weights;
  return w.length === 0 ? new Array(arms).fill(1) : [...w];
}

/** The minimum detectable effect of the config: absolute when set, else relative. */
export function minimumEffect(ctx: CliContext): MinimumEffect {
  const { mdeAbsolute, mdeRelative } = ctx.config.ab;
  return mdeAbsolute !== null ? { absolute: mdeAbsolute } : { relative: mdeRelative };
}

/**
 * The lift the sequential test is tuned for: ab.mixingLift, else the planned relative effect (an absolute
 * one divided by ab.baseline when both are set). Never taken from the data, so every daily look uses the
 * same mixture.
 */
export function mixingLift(ctx: CliContext): number {
  const { mixingLift: lift, mdeAbsolute, baseline, mdeRelative } = ctx.config.ab;
  if (lift !== null) return lift;
  if (mdeAbsolute !== null && baseline !== null) return mdeAbsolute / baseline;
  return mdeRelative;
}

/** Analysis options from the config for `arms` (control first). */
export function analysisOptions(
  ctx: CliContext,
  arms: readonly string[],
  overrides: Partial<AnalysisOptions> = {},
): AnalysisOptions {
  const ab = ctx.config.ab;
  if (ab.weights.length > 0 && ab.weights.length !== arms.length)
    throw new CliError(
      `ab.weights has ${ab.weights.length} weights for ${arms.length} arms (${arms.join(', ')}): give one weight per arm`,
    );
  return {
    arms,
    weights: plannedWeights(ctx, arms.length),
    alpha: ab.alpha,
    alternative: ab.alternative,
    srmAlpha: ab.srmAlpha,
    mixingLift: mixingLift(ctx),
    minDays: ab.minDays,
    plannedDays: ab.plannedDays,
    burnInUsers: ab.burnInUsers,
    ...overrides,
  };
}
