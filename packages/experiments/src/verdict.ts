/**
 * The one-line decision of an analysis: keep running, ship, or stop, and why. In order: a sample-ratio
 * mismatch stops the test (its numbers cannot be trusted); a treatment the always-valid test finds worse
 * stops it; a better one ships once the minimum duration has passed (the first days carry novelty and
 * day-of-week effects) and keeps the test running before; without a decision the test runs until its
 * planned duration, then stops as inconclusive. Only always-valid figures decide, so the verdict may be
 * read every day.
 */
import type { ExperimentAnalysis } from './analyze.js';
import { formatLiftInterval, formatPEquals, formatSignedPercent } from './format.js';

export type Decision = 'keep running' | 'ship' | 'stop';

export interface Verdict {
  decision: Decision;
  /** Why, in one sentence. */
  reason: string;
  /** `decision: reason`, the line the CLI prints. */
  line: string;
}

function verdict(decision: Decision, reason: string): Verdict {
  return { decision, reason, line: `${decision}: ${reason}` };
}

/** The verdict of an analysis (everything but the verdict itself). */
export function verdictOf(analysis: Omit<ExperimentAnalysis, 'verdict'>): Verdict {
  const { settings, srm, comparisons, cumulative } = analysis;
  const days = cumulative.length;
  if (srm.mismatch) {
    const split = srm.observed.map((o, i) => `${settings.arms[i]} ${o}`).join(' / ');
    const planned = srm.shares.map((s) => `${Math.round(s * 1000) / 10} %`).join(' / ');
    return verdict(
      'stop',
      `sample ratio mismatch detected (users ${split}, planned ${planned}; chi-square ${formatPEquals(srm.pValue)} < ${settings.srmAlpha}): the assignment or the logging is broken, fix it before reading any lift`,
    );
  }
  const alpha = settings.comparisonAlpha;
  const describe = (c: (typeof comparisons)[number]) =>
    `${c.treatment} vs ${c.control}: lift ${formatSignedPercent(c.relativeLift)}, always-valid CI ${formatLiftInterval(c.alwaysValidLiftLower, c.alwaysValidLiftUpper)}, ${formatPEquals(c.alwaysValidPValue)}`;
  const significant = comparisons.filter((c) => c.alwaysValidPValue < alpha);
  const winners = significant
    .filter((c) => c.relativeLift > 0)
    .sort((a, b) => b.relativeLift - a.relativeLift);
  const losers = significant.filter((c) => c.relativeLift < 0);
  if (winners.length > 0) {
    const best = winners[0];
    if (days >= settings.minDays)
      return verdict('ship', `${best.treatment} is better (${describe(best)}) after ${days} days`);
    return verdict(
      'keep running',
      `${best.treatment} looks better (${describe(best)}) but only ${days} of the minimum ${settings.minDays} days have run (the first days carry novelty and weekday effects)`,
    );
  }
  if (losers.length === comparisons.length) {
    return verdict(
      'stop',
      `${losers.map((c) => c.treatment).join(', ')} worse than the control (${losers.map(describe).join('; ')})`,
    );
  }
  const losing =
    losers.length > 0
      ? `; ${losers.map((c) => c.treatment).join(', ')} already worse, consider dropping it`
      : '';
  const notYet = comparisons
    .filter((c) => !losers.includes(c))
    .map((c) =>
      c.looked
        ? describe(c)
        : `${c.treatment} vs ${c.control}: fewer than ${settings.burnInUsers} users in an arm, no sequential look yet`,
    )
    .join('; ');
  if (settings.plannedDays !== null && days >= settings.plannedDays) {
    const fixed = comparisons
      .filter((c) => !losers.includes(c))
      .map((c) => `${c.treatment} ${formatPEquals(c.pValue)}`)
      .join(', ');
    return verdict(
      'stop',
      `inconclusive after the planned ${settings.plannedDays} days, no always-valid evidence either way (${notYet})${losing}; ` +
        `the fixed-horizon test at this end gives ${fixed}, valid only if the end was fixed in advance and no earlier look changed the plan`,
    );
  }
  const planned =
    settings.plannedDays !== null ? ` (day ${days} of ${settings.plannedDays})` : ` (day ${days})`;
  return verdict('keep running', `not significant yet${planned}: ${notYet}${losing}`);
}
