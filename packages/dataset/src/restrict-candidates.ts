import type { PostCatalog } from './post-catalog.js';
import type { TestGroups } from './test-groups.js';

/**
 * Groups [from, to) of `groups` (whose candidates are every post created on d-1) with each group's
 * candidates cut down to the posts `candidatesOf(g)` lists: the output of a candidate-generation stage,
 * as a TestGroups whose candidate set is `labelledPosts` so that `expandCandidates` and everything after
 * it run unchanged. Each group's posts come out de-duplicated and in ascending post-id order (the order
 * of a full group's rows); a post's label is the one the full group gives it (1 on its labelled
 * positives, 0 elsewhere). The lists never add labels: a positive missing from a list is simply not a
 * candidate, which is the retrieval stage's recall loss, measured by its caller.
 */
export function restrictCandidates(
  groups: TestGroups,
  catalog: PostCatalog,
  from: number,
  to: number,
  candidatesOf: (g: number) => ArrayLike<number>,
): TestGroups {
  if (groups.candidates !== 'previousDayPosts')
    throw new Error(`restrictCandidates: ${groups.grouping} groups already list their candidates`);
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= groups.length))
    throw new RangeError(`restrictCandidates: [${from}, ${to}) is not a range of ${groups.length} groups`);
  const rank = catalog.postRank;
  const length = to - from;
  const lists: Int32Array[] = new Array(length);
  let total = 0;
  for (let g = from; g < to; g++) {
    const list = Int32Array.from(candidatesOf(g)).sort((a, b) => rank[a] - rank[b]);
    let kept = 0;
    for (let i = 0; i < list.length; i++) if (i === 0 || list[i] !== list[kept - 1]) list[kept++] = list[i];
    lists[g - from] = list.subarray(0, kept);
    total += kept;
  }
  const offsets = new Int32Array(length + 1);
  const post = new Int32Array(total);
  const label = new Uint8Array(total);
  let k = 0;
  for (let h = 0; h < length; h++) {
    const g = from + h;
    const list = lists[h];
    post.set(list, k);
    // Both lists ascend by post rank: one merge walk copies the labels.
    let j = groups.offsets[g];
    const end = groups.offsets[g + 1];
    for (let i = 0; i < list.length; i++) {
      const want = rank[list[i]];
      while (j < end && rank[groups.post[j]] < want) j++;
      if (j < end && groups.post[j] === list[i]) label[k + i] = groups.label[j];
    }
    k += list.length;
    offsets[h + 1] = k;
  }
  return {
    grouping: groups.grouping,
    day: groups.day,
    candidates: 'labelledPosts',
    length,
    groupId: groups.groupId.slice(from, to),
    user: groups.user.slice(from, to),
    time: groups.time.slice(from, to),
    offsets,
    post,
    label,
  };
}
