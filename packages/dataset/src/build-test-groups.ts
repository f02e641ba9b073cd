import { formatDay, formatTimestampMicros, type RawTable } from '@wemoms/data-schema';
import { rowsOnDay } from './day-rows.js';
import type { PostCatalog } from './post-catalog.js';
import { cachedDictionaryRank } from './ranks.js';
import { CANDIDATE_SET, type Grouping, type GroupKind, type TestGroups } from './test-groups.js';

export interface BuildGroupsOptions {
  /** Id of the day's first group (ids number groups per grouping across days). Default 0. */
  readonly firstGroupId?: number;
}

/**
 * Labelled entries of one day before grouping: (user, time) is the group anchor, post -1 marks an anchor
 * with no labelled post (a serving group for a user who opened nothing).
 */
interface Entries {
  length: number;
  user: Int32Array;
  time: Float64Array;
  post: Int32Array;
  label: Uint8Array;
}

function grow(entries: Entries): void {
  const capacity = Math.max(16, entries.user.length * 2);
  const user = new Int32Array(capacity);
  user.set(entries.user);
  const time = new Float64Array(capacity);
  time.set(entries.time);
  const post = new Int32Array(capacity);
  post.set(entries.post);
  const label = new Uint8Array(capacity);
  label.set(entries.label);
  Object.assign(entries, { user, time, post, label });
}

function push(entries: Entries, user: number, time: number, post: number, label: number): void {
  if (entries.length === entries.user.length) grow(entries);
  const i = entries.length++;
  entries.user[i] = user;
  entries.time[i] = time;
  entries.post[i] = post;
  entries.label[i] = label;
}

/**
 * Collects the day's entries for one kind in a pass over the day's rows (two when the kind needs each
 * user's first impression time of the day), in row order.
 */
function collectEntries(table: RawTable, catalog: PostCatalog, kind: GroupKind, day: number): Entries {
  const rows = rowsOnDay(table, day);
  const n = rows.length;
  const time = table.columns.tracker_created_at;
  const user = table.columns.user_id.codes;
  const post = table.columns.trackable_id.codes;
  const opened = table.columns.has_been_opened;
  const creationDay = catalog.creationDay;
  const entries: Entries = {
    length: 0,
    user: new Int32Array(0),
    time: new Float64Array(0),
    post: new Int32Array(0),
    label: new Uint8Array(0),
  };
  let firstTime: Float64Array | null = null;
  if (kind !== 'event') {
    // Her first impression of day d, of any post: the moment the morning feed would be built.
    firstTime = new Float64Array(table.columns.user_id.dictionary.length).fill(Number.POSITIVE_INFINITY);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      if (time[r] < firstTime[user[r]]) firstTime[user[r]] = time[r];
    }
    if (kind === 'serving') {
      for (let u = 0; u < firstTime.length; u++) {
        if (firstTime[u] !== Number.POSITIVE_INFINITY) push(entries, u, firstTime[u], -1, 0);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (creationDay[post[r]] !== day - 1) continue;
    if (kind !== 'impressions' && opened[r] === 0) continue;
    push(entries, user[r], firstTime === null ? time[r] : firstTime[user[r]], post[r], opened[r]);
  }
  return entries;
}

/**
 * Sorts entries by (time, user id, post id), merges each (group, post) into one labelled post
 * (opened on any of its impressions = 1) and keeps the groups the kind accepts.
 */
function assemble(
  table: RawTable,
  catalog: PostCatalog,
  kind: GroupKind,
  day: number,
  entries: Entries,
  firstGroupId: number,
): TestGroups {
  const userRank = cachedDictionaryRank(table.columns.user_id.dictionary);
  const postRank = catalog.postRank;
  const { user, time, post, label } = entries;
  const order = new Int32Array(entries.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort(
    (a, b) =>
      time[a] - time[b] ||
      userRank[user[a]] - userRank[user[b]] ||
      (post[a] < 0 ? -1 : postRank[post[a]]) - (post[b] < 0 ? -1 : postRank[post[b]]),
  );

  const gUser: number[] = [];
  const gTime: number[] = [];
  const offsets: number[] = [0];
  const outPost = new Int32Array(entries.length);
  const outLabel = new Uint8Array(entries.length);
  let k = 0;
  let i = 0;
  while (i < order.length) {
    const u = user[order[i]];
    const t = time[order[i]];
    const start = k;
    let positives = 0;
    for (; i < order.length && user[order[i]] === u && time[order[i]] === t; i++) {
      const e = order[i];
      if (post[e] < 0) continue;
      if (k > start && outPost[k - 1] === post[e]) {
        // The same post shown several times to her that day: opened on any impression counts.
        if (label[e] === 1 && outLabel[k - 1] === 0) {
          outLabel[k - 1] = 1;
          positives++;
        }
        continue;
      }
      outPost[k] = post[e];
      outLabel[k] = label[e];
      positives += label[e];
      k++;
    }
    const size = k - start;
    const keep = kind === 'impressions' ? positives >= 1 && positives < size : true;
    if (!keep) {
      k = start;
      continue;
    }
    gUser.push(u);
    gTime.push(t);
    offsets.push(k);
  }
  const length = gUser.length;
  const groupId = new Int32Array(length);
  for (let g = 0; g < length; g++) groupId[g] = firstGroupId + g;
  return {
    grouping: kind,
    day,
    candidates: CANDIDATE_SET[kind],
    length,
    groupId,
    user: Int32Array.from(gUser),
    time: Float64Array.from(gTime),
    offsets: Int32Array.from(offsets),
    post: outPost.slice(0, k),
    label: outLabel.slice(0, k),
  };
}

function buildGroups(
  table: RawTable,
  catalog: PostCatalog,
  kind: GroupKind,
  day: number,
  options: BuildGroupsOptions,
): TestGroups {
  if (catalog.postIds !== table.columns.trackable_id.dictionary) {
    throw new Error('post catalog was built from another log (its trackable_id dictionary differs)');
  }
  if (!Number.isInteger(day)) throw new RangeError(`expected an integer day, got ${day}`);
  const entries = collectEntries(table, catalog, kind, day);
  return assemble(table, catalog, kind, day, entries, options.firstGroupId ?? 0);
}

/**
 * The groups of one offline grouping on test day `day` (DESIGN section 6). Candidates of every group are
 * the posts created on day-1 seen anywhere in the log (even after the candidate time), except for
 * `impressions`, whose candidates are the day-1 posts she was shown on `day`.
 * - `event`: one group per (user, impression time) with an opened impression of a day-1 post on `day`;
 *   posts opened at that same instant are positives of one group.
 * - `userDay`: one group per user with at least one such open, at her first impression time of `day`
 *   (any post); positives = the day-1 posts she opened on `day`.
 * - `impressions`: one group per user shown day-1 posts on `day`, at her first impression time of `day`,
 *   labelled posts = those shown posts (1 when opened on any impression that day); only groups with at
 *   least one open and one non-open are kept.
 */
export function buildTestGroups(
  table: RawTable,
  catalog: PostCatalog,
  grouping: Grouping,
  day: number,
  options: BuildGroupsOptions = {},
): TestGroups {
  return buildGroups(table, catalog, grouping, day, options);
}

/**
 * The product's groups for day `day` (`wemoms rank`, the demo): one group per user with any impression
 * that day, at her first impression time of the day; candidates = all posts created on day-1; labelled
 * posts = the day-1 posts she opened that day (every other candidate's label is 0: unknown on a live day).
 */
export function buildServingGroups(
  table: RawTable,
  catalog: PostCatalog,
  day: number,
  options: BuildGroupsOptions = {},
): TestGroups {
  return buildGroups(table, catalog, 'serving', day, options);
}

/** The readable key of group g: `<grouping>:<YYYY-MM-DD>:<user_id>:<candidate time>`. */
export function groupKey(groups: TestGroups, g: number, userIds: readonly string[]): string {
  return `${groups.grouping}:${formatDay(groups.day)}:${userIds[groups.user[g]]}:${formatTimestampMicros(groups.time[g])}`;
}
