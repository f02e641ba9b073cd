import { formatDay } from '@wemoms/data-schema';
import { type PostCatalog, postsCreatedOn } from './post-catalog.js';
import type { TestGroups } from './test-groups.js';

/**
 * A bounded slice of candidate rows: whole groups, rows of a group contiguous and in ascending post-id
 * order. `offsets` (length groups + 1) delimits the groups inside the chunk, the CSR layout the metrics
 * package takes.
 */
export interface CandidateChunk {
  readonly length: number;
  readonly groups: number;
  readonly offsets: Int32Array;
  readonly groupId: Int32Array;
  readonly user: Int32Array;
  readonly post: Int32Array;
  /** Candidate time (UTC epoch µs), the group's featurisation instant. */
  readonly time: Float64Array;
  readonly label: Uint8Array;
}

export interface ExpandOptions {
  /**
   * Upper bound on rows per chunk (default 1,048,576). A single group larger than this is yielded alone,
   * since a group is never split.
   */
  readonly maxRows?: number;
}

/** Rows group g expands to. */
function groupSize(groups: TestGroups, g: number, dayPosts: Int32Array): number {
  return groups.candidates === 'previousDayPosts'
    ? dayPosts.length
    : groups.offsets[g + 1] - groups.offsets[g];
}

/** Total candidate rows of `groups`, without expanding them. */
export function countCandidates(groups: TestGroups, catalog: PostCatalog): number {
  if (groups.candidates === 'previousDayPosts') {
    return groups.length * postsCreatedOn(catalog, groups.day - 1).length;
  }
  return groups.offsets[groups.length];
}

/**
 * Expands group definitions into candidate rows, a chunk of whole groups at a time, so that no stage holds
 * every candidate: per event the candidates are positives x posts of the previous day, millions of rows
 * at the default size. Labels are 1 on the group's labelled positives, 0 elsewhere. Throws when a labelled
 * post is not among the day's candidates (groups built from another log or catalog).
 */
export function* expandCandidates(
  groups: TestGroups,
  catalog: PostCatalog,
  options: ExpandOptions = {},
): Generator<CandidateChunk> {
  const maxRows = options.maxRows ?? 1 << 20;
  if (!Number.isInteger(maxRows) || maxRows < 1) {
    throw new RangeError(`expandCandidates: maxRows must be a positive integer, got ${maxRows}`);
  }
  const dayPosts = postsCreatedOn(catalog, groups.day - 1);
  const rank = catalog.postRank;
  let g = 0;
  while (g < groups.length) {
    let rows = 0;
    let end = g;
    while (end < groups.length) {
      const size = groupSize(groups, end, dayPosts);
      if (end > g && rows + size > maxRows) break;
      rows += size;
      end++;
    }
    const chunk = {
      length: rows,
      groups: end - g,
      offsets: new Int32Array(end - g + 1),
      groupId: new Int32Array(rows),
      user: new Int32Array(rows),
      post: new Int32Array(rows),
      time: new Float64Array(rows),
      label: new Uint8Array(rows),
    };
    let k = 0;
    for (let h = g; h < end; h++) {
      const start = k;
      const from = groups.offsets[h];
      const to = groups.offsets[h + 1];
      if (groups.candidates === 'previousDayPosts') {
        chunk.post.set(dayPosts, k);
        // Both lists ascend by post rank: one merge walk places the labels.
        let c = 0;
        for (let i = from; i < to; i++) {
          const want = rank[groups.post[i]];
          while (c < dayPosts.length && rank[dayPosts[c]] < want) c++;
          if (c === dayPosts.length || dayPosts[c] !== groups.post[i]) {
            throw new Error(
              `expandCandidates: ${groups.grouping} group ${groups.groupId[h]} on ${formatDay(groups.day)}: ` +
                `labelled post ${catalog.postIds[groups.post[i]]} was not created on the previous day`,
            );
          }
          chunk.label[k + c] = groups.label[i];
        }
        k += dayPosts.length;
      } else {
        chunk.post.set(groups.post.subarray(from, to), k);
        chunk.label.set(groups.label.subarray(from, to), k);
        k += to - from;
      }
      chunk.groupId.fill(groups.groupId[h], start, k);
      chunk.user.fill(groups.user[h], start, k);
      chunk.time.fill(groups.time[h], start, k);
      chunk.offsets[h - g + 1] = k;
    }
    yield chunk;
    g = end;
  }
}
