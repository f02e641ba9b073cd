import { standardNormalQuantile } from './distributions.js';

/** Whether a test looks for a change in either direction or only for an increase of the treatment. */
export type Alternative = 'two-sided' | 'one-sided';

/** The critical z of a test at level `alpha`: z_{1 - alpha/2} two-sided, z_{1 - alpha} one-sided. */
export function criticalZ(alpha: number, alternative: Alternative): number {
  return standardNormalQuantile(1 - (alternative === 'two-sided' ? alpha / 2 : alpha));
}

/**
 * The per-comparison level when `comparisons` treatments are each compared with one control at family-wise
 * level `alpha`: Bonferroni, alpha / comparisons (valid under any dependence between the comparisons,
 * which share the control arm).
 */
export function bonferroniAlpha(alpha: number, comparisons: number): number {
  return alpha / Math.max(1, comparisons);
}
