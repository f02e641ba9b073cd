/**
 * The groups that carry ranking signal: a group whose rows are all opened, or all unopened, ranks the same
 * whatever the scores, so ranking losses and ranking-metric early stopping keep only the groups holding at
 * least one positive and one negative (the `impressions` grouping's rule, DESIGN section 6).
 */
import { groupOffsetsFromIds } from './groups.js';
import type { GroupIdColumn, NumericColumn } from './types.js';

/** The informative groups of a group-id column, in CSR form over the original rows. */
export interface InformativeGroups {
  /** CSR offsets into `rows`, length groups + 1. */
  readonly offsets: Int32Array;
  /** Original row index at each CSR position (groups in ascending id order, rows in their original order). */
  readonly rows: Int32Array;
  /** Groups kept (at least one positive and one negative). */
  readonly groups: number;
  /** Groups left out for having no positive. */
  readonly withoutPositive: number;
  /** Groups left out for having no negative (every row positive). */
  readonly withoutNegative: number;
}

/**
 * Groups of `groupIds` (one id per row, any order) that hold at least one positive (label > 0) and one
 * negative (label 0), laid out as CSR over the original rows, with the counts of the groups left out.
 */
export function informativeGroups(groupIds: GroupIdColumn, labels: NumericColumn): InformativeGroups {
  if (labels.length !== groupIds.length)
    throw new RangeError(`${labels.length} labels for ${groupIds.length} group ids`);
  const layout = groupOffsetsFromIds(groupIds);
  const groupCount = layout.offsets.length - 1;
  const offsets: number[] = [0];
  const rows = new Int32Array(layout.permutation.length);
  let kept = 0;
  let withoutPositive = 0;
  let withoutNegative = 0;
  for (let g = 0; g < groupCount; g++) {
    const start = layout.offsets[g];
    const end = layout.offsets[g + 1];
    let positives = 0;
    for (let j = start; j < end; j++) if (labels[layout.permutation[j]] > 0) positives++;
    if (positives === 0) withoutPositive++;
    else if (positives === end - start) withoutNegative++;
    else {
      rows.set(layout.permutation.subarray(start, end), kept);
      kept += end - start;
      offsets.push(kept);
    }
  }
  return {
    offsets: Int32Array.from(offsets),
    rows: rows.slice(0, kept),
    groups: offsets.length - 1,
    withoutPositive,
    withoutNegative,
  };
}
