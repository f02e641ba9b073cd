/**
 * generateSyntheticLog: simulates the app day by day and streams the impression log (and, optionally,
 * its ground truth) to disk. Memory holds the members, the posts of the last days, the recent view
 * history and one day of impressions: never the whole log.
 *
 * Each day: posts are created (authors, media, appeal, planned exposure); members open feed sessions
 * at diurnal times; the old feed fills each session from recent posts (fresh first, sometimes a post
 * she saw before); each impression is opened with the ground-truth probability (click-model.ts). The
 * day's impressions are then written in time order, a few exact duplicate lines included.
 */
import {
  formatDay,
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_SECOND,
  Rng,
  utcDay,
} from '@wemoms/data-schema';
import {
  DUPLICATE_SHARE,
  EXTRA_QUOTA_MEAN,
  LOG_FIRST_DAY_OFFSET_MICROS,
  LOG_LAST_DAY_END_MICROS,
  PREFILL_DAYS,
  QUOTA_APPEAL_SLOPE,
  RESHOW_CHANCE,
  RESHOW_WINDOW_MICROS,
  SESSION_EXTRA_MEAN,
  SESSION_MAX,
  SESSION_SPAN_MICROS,
  VIRAL_SHARE,
} from './calibration.js';
import { openProbability, ViewerSnapshot } from './click-model.js';
import { activityBefore, sampleTimeOfDay } from './diurnal.js';
import { FeedPool, MAX_POST_AGE_HOURS } from './feed.js';
import { AtomicGzipLineWriter } from './gzip-lines.js';
import { MemberPopulation } from './members.js';
import {
  type ResolvedSyntheticOptions,
  resolveSyntheticOptions,
  type SyntheticLogOptions,
} from './options.js';
import { PostCounters, PostStore } from './posts.js';
import { formatRawLine } from './row-format.js';
import { GroundTruthWriter } from './truth-writer.js';
import { ViewHistory } from './view-history.js';

/** What a generation produced. */
export interface SyntheticLogStats {
  readonly out: string;
  readonly truth: string | null;
  readonly seed: number;
  readonly start: string;
  readonly days: number;
  /** Lines written (exact duplicates included). */
  readonly rows: number;
  readonly duplicates: number;
  readonly opened: number;
  /** Opened share of the unique impressions. */
  readonly openRate: number;
  /** Distinct viewers and distinct posts in the log. */
  readonly users: number;
  readonly posts: number;
  /** Size of the simulated app. */
  readonly members: number;
  readonly postsCreated: number;
  /** Feed slots no planned post could fill (shown the freshest post instead). */
  readonly feedFallbacks: number;
  readonly firstImpression: string | null;
  readonly lastImpression: string | null;
  /** Ground-truth groups saved, and the (viewer, post) pairs they make evaluable. */
  readonly truthGroups: {
    readonly userDay: number;
    readonly events: number;
    readonly candidatePairs: number;
  } | null;
  readonly seconds: number;
}

/** The posts created on one day: global indices [first, first + count). */
interface PostDay {
  readonly first: number;
  readonly count: number;
}

/** Largest-remainder split of `total` into integers proportional to `weights`. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, v) => s + v, 0);
  const byRemainder = exact
    .map((v, i) => [v - Math.floor(v), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) out[byRemainder[k][1]]++;
  return out;
}

/** Weekend days are a little busier. */
const weekdayFactor = (day: number) => {
  const dow = (day + 4) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
  return dow === 0 ? 1.1 : dow === 6 ? 1.06 : 1;
};

/** Index sort of a Float64Array (ties by index: deterministic). */
function sortedOrder(keys: Float64Array, n: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => keys[a] - keys[b] || a - b);
  return order;
}

/** Generates the synthetic log described by `options` and returns what it wrote. */
export async function generateSyntheticLog(options: SyntheticLogOptions): Promise<SyntheticLogStats> {
  const o = resolveSyntheticOptions(options);
  const started = performance.now();
  const writer = new AtomicGzipLineWriter(o.out);
  const truth = o.truth
    ? new GroundTruthWriter(o.truth, {
        rows: o.rows,
        seed: o.seed,
        start: o.start,
        days: o.days,
        members: o.members,
      })
    : null;
  try {
    const stats = await simulate(o, writer, truth);
    await writer.close();
    truth?.close();
    return { ...stats, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await writer.abort();
    truth?.abort();
    throw error;
  }
}

async function simulate(
  o: ResolvedSyntheticOptions,
  writer: AtomicGzipLineWriter,
  truth: GroundTruthWriter | null,
): Promise<Omit<SyntheticLogStats, 'seconds'>> {
  const seed = o.seed;
  const startDay = o.startDay;
  const endDay = startDay + o.days - 1;
  const members = new MemberPopulation({
    count: o.members,
    startDay,
    days: o.days,
    seed,
  });
  const postRng = new Rng(seed, 2);
  const sessionRng = new Rng(seed, 3);
  const feedRng = new Rng(seed, 4);
  const openRng = new Rng(seed, 5);
  const duplicateRng = new Rng(seed, 6);

  // Day budgets: lines per day follow the diurnal activity inside the log window.
  const windowFrom = (d: number) => (d === startDay && o.days > 1 ? LOG_FIRST_DAY_OFFSET_MICROS : 0);
  const windowTo = (d: number) => (d === endDay && o.days > 1 ? LOG_LAST_DAY_END_MICROS : MICROS_PER_DAY);
  const dayWeights: number[] = [];
  for (let d = startDay; d <= endDay; d++) {
    dayWeights.push((activityBefore(windowTo(d)) - activityBefore(windowFrom(d))) * weekdayFactor(d));
  }
  const duplicatesTotal = o.rows > 1 ? Math.round(o.rows * DUPLICATE_SHARE) : 0;
  const uniqueBudgets = apportion(o.rows - duplicatesTotal, dayWeights);
  const duplicateBudgets = apportion(duplicatesTotal, uniqueBudgets);
  const maxBudget = Math.max(1, ...uniqueBudgets);

  const posts = new PostStore(o.postsPerDay * (PREFILL_DAYS + 3), seed);
  const history = new ViewHistory(maxBudget * (PREFILL_DAYS + 3), o.members);
  const pool = new FeedPool();
  const postDays = new Map<number, PostDay>();
  const lastSessionDay = new Int32Array(o.members).fill(-1);
  // Per-member state in the smallest types that hold it (members can number in the tens of millions).
  const recallPost = new Int32Array(o.members).fill(-1);
  /** Hours since the log window opened (float32: ~0.2 s resolution over a month is plenty). */
  const recallHours = new Float32Array(o.members).fill(Number.NEGATIVE_INFINITY);
  const seenViewer = new Uint8Array(o.members);
  const viewer = new ViewerSnapshot();
  const counters = new PostCounters();
  const windowStart = startDay * MICROS_PER_DAY + windowFrom(startDay);
  let nextToPool = 0;
  let users = 0;
  let distinctPosts = 0;
  let opened = 0;
  let linesWritten = 0;
  let firstImpression = Number.POSITIVE_INFINITY;
  let lastImpression = Number.NEGATIVE_INFINITY;

  /** A viewer or author who already has an account at `micros`. */
  const pickMember = (author: boolean, rng: Rng, micros: number) => {
    let m = author ? members.sampleAuthor(rng) : members.sampleViewer(rng);
    for (let tries = 0; members.traits(m).createdAt > micros && tries < 100; tries++) {
      m = author ? members.sampleAuthor(rng) : members.sampleViewer(rng);
    }
    return m;
  };

  const createPostsOf = (day: number) => {
    const n = o.postsPerDay;
    const times = new Float64Array(n);
    // Never in the last minute of a day: creation day = (impression - whole minutes of age) stays exact.
    for (let i = 0; i < n; i++)
      times[i] = sampleTimeOfDay(postRng, day, 0, MICROS_PER_DAY - 60 * MICROS_PER_SECOND);
    times.sort();
    const first = posts.created;
    for (let i = 0; i < n; i++) {
      const author = pickMember(true, postRng, times[i]);
      const post = posts.create(postRng, members, author, times[i], day);
      const s = posts.slot(post);
      let quota = 1 + postRng.poisson(EXTRA_QUOTA_MEAN * Math.exp(QUOTA_APPEAL_SLOPE * posts.appeal[s]));
      if (postRng.chance(VIRAL_SHARE)) quota += 2 + postRng.geometric(5);
      if (day < startDay) {
        // Planned impressions that fell before the log started are gone.
        const ageHours = (windowStart - times[i]) / MICROS_PER_HOUR;
        let kept = 0;
        for (let k = 0; k < quota; k++) if (postRng.chance(Math.exp(-ageHours / 20))) kept++;
        quota = kept;
      }
      posts.quota[s] = Math.min(quota, 30_000);
      truth?.addPost(posts, post);
    }
    postDays.set(day, { first, count: n });
    postDays.delete(day - PREFILL_DAYS - 2);
  };

  for (let day = startDay - PREFILL_DAYS; day <= endDay; day++) {
    createPostsOf(day);
    if (day < startDay) continue;
    const budget = uniqueBudgets[day - startDay];
    const candidates = postDays.get(day - 1)!;
    truth?.beginDay(day, candidates.first, candidates.count);

    // Sessions: who opens the feed when, and for how many posts.
    const sessionUser: number[] = [];
    const sessionTimes: number[] = [];
    const sessionSize: number[] = [];
    const from = windowFrom(day);
    const to = Math.max(from + 1, windowTo(day) - SESSION_SPAN_MICROS);
    for (let left = budget; left > 0; ) {
      const micros = sampleTimeOfDay(sessionRng, day, from, to);
      const member = pickMember(false, sessionRng, micros);
      const size = Math.min(left, SESSION_MAX, 1 + sessionRng.geometric(SESSION_EXTRA_MEAN));
      sessionUser.push(member);
      sessionTimes.push(micros);
      sessionSize.push(size);
      left -= size;
    }
    const sessionOrder = sortedOrder(Float64Array.from(sessionTimes), sessionTimes.length);

    const rowUser = new Int32Array(budget);
    const rowPost = new Int32Array(budget);
    const rowTime = new Float64Array(budget);
    const rowOpened = new Uint8Array(budget);
    const rowP = new Float32Array(budget);
    let n = 0;
    for (let si = 0; si < sessionOrder.length; si++) {
      const sIdx = sessionOrder[si];
      const member = sessionUser[sIdx];
      const start = sessionTimes[sIdx];
      const size = sessionSize[sIdx];
      while (nextToPool < posts.created && posts.creation[posts.slot(nextToPool)] <= start) {
        pool.add(nextToPool, posts.quota[posts.slot(nextToPool)]);
        nextToPool++;
      }
      viewer.load(members, member, day, seed);
      if (seenViewer[member] === 0) {
        seenViewer[member] = 1;
        users++;
      }
      const viewerRef = truth ? truth.viewerRef(member) : -1;
      if (lastSessionDay[member] !== day) {
        lastSessionDay[member] = day;
        truth?.addGroup('userDay', viewerRef, start);
      }
      let reshowAt = -1;
      const recall = recallPost[member];
      if (
        recall >= 0 &&
        recall >= posts.created - posts.capacity &&
        start - (windowStart + recallHours[member] * MICROS_PER_HOUR) <= RESHOW_WINDOW_MICROS &&
        (start - posts.creation[posts.slot(recall)]) / MICROS_PER_HOUR <= MAX_POST_AGE_HOURS &&
        feedRng.chance(RESHOW_CHANCE)
      ) {
        reshowAt = feedRng.int(size);
      }
      let micros = start;
      const sessionFirstRow = n;
      for (let k = 0; k < size; k++) {
        if (k > 0)
          micros += Math.floor(
            2 * MICROS_PER_SECOND +
              Math.min(38 * MICROS_PER_SECOND, feedRng.exponential(12 * MICROS_PER_SECOND)),
          );
        const post =
          k === reshowAt ? recall : pool.pick(feedRng, posts, micros, viewer.state.stage, nextToPool - 1);
        const earlier = history.earlier(member, post, micros);
        const p = openProbability(viewer, posts, post, micros, earlier >> 1, (earlier & 1) === 1, seed);
        const open = openRng.float() < p;
        const s = posts.slot(post);
        if (open && truth && utcDay(posts.creation[s]) === day - 1) {
          truth.addGroup('events', viewerRef, micros);
        }
        history.record(member, post, micros, open);
        if (posts.views[s]++ === 0) distinctPosts++;
        rowUser[n] = member;
        rowPost[n] = post;
        rowTime[n] = micros;
        rowOpened[n] = open ? 1 : 0;
        rowP[n] = p;
        if (open) opened++;
        n++;
      }
      recallPost[member] = rowPost[sessionFirstRow + feedRng.int(size)];
      recallHours[member] = (start - windowStart) / MICROS_PER_HOUR;
    }

    // Write the day in time order, with its share of exact duplicate lines.
    const duplicates = new Uint8Array(n);
    for (let k = 0; k < duplicateBudgets[day - startDay] && n > 0; k++) duplicates[duplicateRng.int(n)]++;
    const order = sortedOrder(rowTime, n);
    for (let i = 0; i < n; i++) {
      const r = order[i];
      const member = rowUser[r];
      const post = rowPost[r];
      const micros = rowTime[r];
      members.stateAt(member, utcDay(micros), viewer.state);
      posts.countersAt(post, micros, counters);
      const line = formatRawLine(
        members,
        member,
        viewer.state,
        posts,
        post,
        micros,
        rowOpened[r] === 1,
        counters,
      );
      for (let c = 0; c <= duplicates[r]; c++) {
        await writer.writeLine(line);
        linesWritten++;
        truth?.addShown(micros, truth.viewerRef(member), post, rowP[r], rowOpened[r] === 1);
      }
      if (micros < firstImpression) firstImpression = micros;
      if (micros > lastImpression) lastImpression = micros;
    }
    o.onDay?.({ day: formatDay(day), rowsWritten: linesWritten });
  }

  const unique = o.rows - duplicatesTotal;
  return {
    out: o.out,
    truth: o.truth,
    seed,
    start: o.start,
    days: o.days,
    rows: linesWritten,
    duplicates: duplicatesTotal,
    opened,
    openRate: unique > 0 ? opened / unique : 0,
    users,
    posts: distinctPosts,
    members: o.members,
    postsCreated: posts.created,
    feedFallbacks: pool.fallbacks,
    firstImpression: Number.isFinite(firstImpression) ? new Date(firstImpression / 1000).toISOString() : null,
    lastImpression: Number.isFinite(lastImpression) ? new Date(lastImpression / 1000).toISOString() : null,
    truthGroups: truth
      ? { userDay: truth.userDayGroups, events: truth.eventGroups, candidatePairs: truth.pairs }
      : null,
  };
}
