import type { GroupingName } from '@wemoms/metrics';

/** The three offline groupings of DESIGN section 6: defined once, by the metrics that report them. */
export { GROUPINGS } from '@wemoms/metrics';
export type Grouping = GroupingName;

/** Offline groupings plus the product's own (`wemoms rank`): every active user, unknown labels = 0. */
export type GroupKind = Grouping | 'serving';

/**
 * Which posts a group ranks:
 * - `previousDayPosts`: every post created on day d-1 (from the post catalog), labels 1 on the group's
 *   labelled posts and 0 elsewhere (event, userDay, serving);
 * - `labelledPosts`: exactly the group's labelled posts (impressions: the posts she was shown).
 */
export type CandidateSet = 'previousDayPosts' | 'labelledPosts';

/**
 * The compact definition of the groups of one grouping on one test day, CSR style: group g is
 * (user[g], time[g]) and its labelled posts are post[offsets[g] .. offsets[g+1]) with label[...] in
 * ascending post-id order. Groups are in (time, user id) order; `groupId` numbers them per grouping,
 * continuing across days when built through `buildAllTestGroups`. Candidates are materialised only by
 * `expandCandidates`, a bounded chunk at a time.
 */
export interface TestGroups {
  readonly grouping: GroupKind;
  /** The test day d (days since 1970-01-01 UTC); candidates are created on d-1. */
  readonly day: number;
  readonly candidates: CandidateSet;
  readonly length: number;
  readonly groupId: Int32Array;
  /** User code (the log's user_id dictionary). */
  readonly user: Int32Array;
  /** Candidate time: the instant the group is featurised at, UTC epoch µs. */
  readonly time: Float64Array;
  /** Length length + 1. */
  readonly offsets: Int32Array;
  /** Post codes (the log's trackable_id dictionary). */
  readonly post: Int32Array;
  readonly label: Uint8Array;
}

/** How each kind chooses its candidates. */
export const CANDIDATE_SET: Record<GroupKind, CandidateSet> = {
  event: 'previousDayPosts',
  userDay: 'previousDayPosts',
  impressions: 'labelledPosts',
  serving: 'previousDayPosts',
};

/** Positives of group g. */
export function positivesOf(groups: TestGroups, g: number): number {
  let positives = 0;
  for (let i = groups.offsets[g]; i < groups.offsets[g + 1]; i++) positives += groups.label[i];
  return positives;
}
