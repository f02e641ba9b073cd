/**
 * Candidate generation for `wemoms rank` at scale. Exhaustive ranking scores every post created on d-1
 * for every user active on d: users x posts grows with the square of the app's size (1M rows: 364M
 * candidates; 10M rows: ~36 billion). The retrieval stage cuts each user's candidates to
 *
 * - a shortlist of the day's posts, one per slice of the day (users bucketed by candidate time, since a
 *   post's as-of features change with the hour): the posts with the highest mean within-user z-score
 *   over a seeded sample of "probe" users of that slice, each probe ranked exhaustively by the model
 *   itself (model-agnostic: the z-score cancels any per-user shift, so it works for a listwise
 *   ranker's logits as well as for probabilities), plus
 * - her own candidates: the posts of d-1 she was shown before her candidate time (her history with a
 *   post is the strongest personal signal the log has, and a global shortlist would miss it),
 *
 * then ranks those exactly with the full model (a post's features depend only on (user, post, time), so
 * a shortlisted candidate gets exactly the score exhaustive ranking gives it). Its quality cost is
 * measured, not assumed: on a seeded sample of users ranked exhaustively as well, the share of the exact
 * top k that retrieval keeps (recall@k), the users whose top k is unchanged, and the top k's mean score.
 */
import {
  postsCreatedOn,
  restrictCandidates,
  sampleIndices,
  seenPreviousDayPosts,
  subsetGroups,
  type TestGroups,
} from '@wemoms/dataset';
import type { Ranker } from '@wemoms/model';
import type { LoadedLog } from './load-log.js';
import { scoreAndRankGroups, scoreGroups } from './score-groups.js';

export interface RetrievalOptions {
  /** Posts kept per slice of the day (her own seen posts come on top). */
  shortlist: number;
  /** Probe users ranked exhaustively per slice to score the posts. */
  probeUsers: number;
  /** Slices of the day's users by candidate time, each with its own shortlist. */
  timeSlices: number;
  /** Users ranked both ways to measure recall (0: no measurement). */
  recallSample: number;
  seed: number;
  chunkRows: number;
}

/** The measured quality cost of retrieval against exhaustive ranking on a sample of users. */
export interface RetrievalRecall {
  users: number;
  k: number;
  /** Mean over users of |exact top k ∩ retrieval top k| / min(k, posts). */
  recall: number;
  /** Users whose retrieval top k is the exact top k, in the same order. */
  identicalShare: number;
  /** Mean score of the exact top k and of the retrieval top k (same model, same features). */
  exactMeanScore: number;
  retrievalMeanScore: number;
  /** Candidates scored for the measurement (users x posts of the day). */
  candidates: number;
}

export interface RetrievalResult {
  /** The day's groups with their shortlisted candidates, one TestGroups per slice, in group order. */
  slices: TestGroups[];
  /** Posts created on d-1 (the exhaustive candidate count per user). */
  dayPosts: number;
  /** Candidates per slice before her own posts are added. */
  shortlist: number;
  /** Candidates to rank, all slices. */
  candidates: number;
  /** Probe candidates scored to build the shortlists. */
  probeCandidates: number;
  recall: RetrievalRecall | null;
}

/** Group index ranges of `slices` equal slices of groups in time order. */
function sliceBounds(groups: number, slices: number): Int32Array {
  const bounds = new Int32Array(slices + 1);
  for (let s = 0; s <= slices; s++) bounds[s] = Math.floor((s * groups) / slices);
  return bounds;
}

/**
 * Per post of the day, the mean over the probe groups of its score standardised within the group (NaN
 * scores count as the group's minimum). `slot` maps a post code to its index among the day's posts.
 */
function meanZScores(
  loaded: LoadedLog,
  ranker: Pick<Ranker, 'score'>,
  categories: readonly string[],
  probes: TestGroups,
  slot: Int32Array,
  posts: number,
  chunkRows: number,
): { mean: Float64Array; candidates: number } {
  const sum = new Float64Array(posts);
  let candidates = 0;
  for (const { chunk, scores } of scoreGroups(loaded, ranker, categories, probes, chunkRows)) {
    candidates += chunk.length;
    for (let h = 0; h < chunk.groups; h++) {
      const from = chunk.offsets[h];
      const to = chunk.offsets[h + 1];
      let s = 0;
      let ss = 0;
      let n = 0;
      let min = Number.POSITIVE_INFINITY;
      for (let i = from; i < to; i++) {
        const v = scores[i];
        if (Number.isNaN(v)) continue;
        s += v;
        ss += v * v;
        n++;
        if (v < min) min = v;
      }
      if (n === 0) continue;
      const mean = s / n;
      const sd = Math.sqrt(Math.max(0, ss / n - mean * mean)) || 1;
      for (let i = from; i < to; i++) {
        const v = Number.isNaN(scores[i]) ? min : scores[i];
        sum[slot[chunk.post[i]]] += (v - mean) / sd;
      }
    }
  }
  for (let p = 0; p < posts; p++) sum[p] /= Math.max(1, probes.length);
  return { mean: sum, candidates };
}

/** The `n` posts (codes) with the highest value, ties by post rank (ascending). */
function topPosts(dayPosts: Int32Array, value: Float64Array, rank: Int32Array, n: number): Int32Array {
  const order = Int32Array.from(dayPosts.keys());
  order.sort((a, b) => value[b] - value[a] || rank[dayPosts[a]] - rank[dayPosts[b]]);
  const out = new Int32Array(Math.min(n, order.length));
  for (let i = 0; i < out.length; i++) out[i] = dayPosts[order[i]];
  return out;
}

/**
 * Builds the day's shortlists (see the file comment) and, with `recallSample` > 0, measures what they
 * cost against exhaustive ranking. `groups` are the day's serving groups (every post of d-1 a candidate).
 */
export function retrieveCandidates(
  loaded: LoadedLog,
  ranker: Pick<Ranker, 'score'>,
  categories: readonly string[],
  groups: TestGroups,
  topK: number,
  options: RetrievalOptions,
): RetrievalResult {
  const { catalog, log } = loaded;
  const dayPosts = postsCreatedOn(catalog, groups.day - 1);
  const slot = new Int32Array(catalog.postRank.length).fill(-1);
  dayPosts.forEach((p, i) => {
    slot[p] = i;
  });
  const slices = Math.max(1, Math.min(options.timeSlices, groups.length));
  const bounds = sliceBounds(groups.length, slices);
  const seen = seenPreviousDayPosts(log, catalog, groups.day);
  const result: TestGroups[] = [];
  const shortlists: Int32Array[] = [];
  let probeCandidates = 0;
  let candidates = 0;
  for (let s = 0; s < slices; s++) {
    const from = bounds[s];
    const to = bounds[s + 1];
    const chosen = sampleIndices(to - from, options.probeUsers, options.seed, 0x5eed + s);
    for (let i = 0; i < chosen.length; i++) chosen[i] += from;
    const { mean, candidates: scored } = meanZScores(
      loaded,
      ranker,
      categories,
      subsetGroups(groups, chosen),
      slot,
      dayPosts.length,
      options.chunkRows,
    );
    probeCandidates += scored;
    const shortlist = topPosts(dayPosts, mean, catalog.postRank, options.shortlist);
    shortlists.push(shortlist);
    const slice = restrictCandidates(groups, catalog, from, to, (g) => {
      const own = seen.before(groups.user[g], groups.time[g]);
      if (own.length === 0) return shortlist;
      const both = new Int32Array(shortlist.length + own.length);
      both.set(shortlist);
      both.set(own, shortlist.length);
      return both;
    });
    candidates += slice.offsets[slice.length];
    result.push(slice);
  }
  const recall =
    options.recallSample > 0
      ? measureRecall(loaded, ranker, categories, groups, result, bounds, topK, options)
      : null;
  return {
    slices: result,
    dayPosts: dayPosts.length,
    shortlist: Math.min(options.shortlist, dayPosts.length),
    candidates,
    probeCandidates,
    recall,
  };
}

/**
 * Ranks a seeded sample of users exhaustively and compares each one's exact top k with the top k of
 * her retrieval candidates, taken from the same scores (her features, hence scores, do not depend on
 * which other posts are candidates).
 */
function measureRecall(
  loaded: LoadedLog,
  ranker: Pick<Ranker, 'score'>,
  categories: readonly string[],
  groups: TestGroups,
  slices: readonly TestGroups[],
  bounds: Int32Array,
  k: number,
  options: RetrievalOptions,
): RetrievalRecall {
  const chosen = sampleIndices(groups.length, options.recallSample, options.seed, 0x2eca11);
  const sample = subsetGroups(groups, chosen);
  const isCandidate = new Uint8Array(loaded.catalog.postRank.length);
  let kept = 0;
  let identical = 0;
  let exactScore = 0;
  let retrievalScore = 0;
  let scored = 0;
  let slots = 0;
  let at = 0;
  for (const { chunk, scores, ranks } of scoreAndRankGroups(
    loaded,
    ranker,
    categories,
    sample,
    options.chunkRows,
  )) {
    scored += chunk.length;
    for (let h = 0; h < chunk.groups; h++, at++) {
      const g = chosen[at];
      let s = 0;
      while (g >= bounds[s + 1]) s++;
      const slice = slices[s];
      const local = g - bounds[s];
      for (let i = slice.offsets[local]; i < slice.offsets[local + 1]; i++) isCandidate[slice.post[i]] = 1;
      const from = chunk.offsets[h];
      const to = chunk.offsets[h + 1];
      const kk = Math.min(k, to - from);
      slots += kk;
      // Exact top k: ranks 1..k. Retrieval's: the k best candidates in the same (score, post id) order.
      const retrieved: number[] = [];
      for (let i = from; i < to; i++) if (isCandidate[chunk.post[i]] === 1) retrieved.push(i);
      retrieved.sort((a, b) => ranks[a] - ranks[b]);
      const top = retrieved.slice(0, kk);
      let same = top.length === kk;
      for (let r = 0; r < top.length; r++) {
        if (ranks[top[r]] <= kk) kept++;
        if (ranks[top[r]] !== r + 1) same = false;
        retrievalScore += scores[top[r]];
      }
      for (let i = from; i < to; i++) if (ranks[i] <= kk) exactScore += scores[i];
      if (same) identical++;
      for (let i = slice.offsets[local]; i < slice.offsets[local + 1]; i++) isCandidate[slice.post[i]] = 0;
    }
  }
  return {
    users: sample.length,
    k,
    recall: slots > 0 ? kept / slots : Number.NaN,
    identicalShare: sample.length > 0 ? identical / sample.length : Number.NaN,
    exactMeanScore: slots > 0 ? exactScore / slots : Number.NaN,
    retrievalMeanScore: slots > 0 ? retrievalScore / slots : Number.NaN,
    candidates: scored,
  };
}
