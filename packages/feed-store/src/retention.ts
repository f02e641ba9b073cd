import type { PublishOptions } from './types.js';

/** Checks a publish run's options (retention: a positive integer). */
export function checkPublishOptions(options: PublishOptions): void {
  if (!Number.isInteger(options.retention) || options.retention < 1) {
    throw new RangeError(`retention must be a positive integer (snapshots kept), got ${options.retention}`);
  }
}

/**
 * Which snapshot ids retention deletes: all but the `retention` newest (highest ids) of `ids`, the
 * snapshot just published included.
 */
export function prunedIds(ids: readonly number[], retention: number): number[] {
  return [...ids].sort((a, b) => b - a).slice(retention);
}
