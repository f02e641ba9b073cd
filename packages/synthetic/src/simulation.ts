/**
 * The day-by-day simulation behind generateSyntheticLog, one step per method: create the day's posts,
 * draw the feed sessions, serve each session from the old feed (with an occasional re-shown post), draw
 * the opens, write the day in time order with its duplicate lines. Every random draw comes from one of
 * five seeded streams (posts, sessions, feed, opens, duplicates), always in the same order: the log is a
 * function of the options, byte for byte.
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
  EXTRA_QUOTA_MEAN,
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
import { type DayBudgets, dayBudgets, type LogWindow, logWindow } from './day-budgets.js';
import { sampleTimeOfDay } from './diurnal.js';
import { FeedPool, MAX_POST_AGE_HOURS } from './feed.js';
import type { SyntheticLogStats } from './generate.js';
import type { AtomicGzipLineWriter } from './gzip-lines.js';
import { MemberPopulation } from './members.js';
import type { ResolvedSyntheticOptions } from './options.js';
import { PostCounters, PostStore } from './posts.js';
import { formatRawLine } from './row-format.js';
import type { GroundTruthWriter } from './truth-writer.js';
import { ViewHistory } from './view-history.js';

/** The posts created on one day: global indices [first, first + count). */
interface PostDay {
  readonly first: number;
  readonly count: number;
}

/** The feed sessions of one day: who opens the feed, when, for how many posts; `order` by start time. */
interface Sessions {
  readonly user: number[];
  readonly time: number[];
  readonly size: number[];
  readonly order: Int32Array;
}

/** One day's impressions in serving order (columns), before they are written in time order. */
class DayRows {
  readonly user: Int32Array;
  readonly post: Int32Array;
  readonly time: Float64Array;
  readonly opened: Uint8Array;
  /** The true open probability each impression was drawn with (ground truth). */
  readonly p: Float32Array;
  length = 0;

  constructor(capacity: number) {
    this.user = new Int32Array(capacity);
    this.post = new Int32Array(capacity);
    this.time = new Float64Array(capacity);
    this.opened = new Uint8Array(capacity);
    this.p = new Float32Array(capacity);
  }

  push(user: number, post: number, micros: number, open: boolean, p: number): void {
    const n = this.length++;
    this.user[n] = user;
    this.post[n] = post;
    this.time[n] = micros;
    this.opened[n] = open ? 1 : 0;
    this.p[n] = p;
  }
}

/** Index sort of a Float64Array (ties by index: deterministic). */
function sortedOrder(keys: Float64Array, n: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => keys[a] - keys[b] || a - b);
  return order;
}

/** The simulated app: members, posts, the old feed and what each member saw, over the log's days. */
export class Simulation {
  private readonly seed: number;
  private readonly startDay: number;
  private readonly endDay: number;
  private readonly window: LogWindow;
  private readonly budgets: DayBudgets;
  private readonly members: MemberPopulation;
  private readonly postRng: Rng;
  private readonly sessionRng: Rng;
  private readonly feedRng: Rng;
  private readonly openRng: Rng;
  private readonly duplicateRng: Rng;
  private readonly posts: PostStore;
  private readonly history: ViewHistory;
  private readonly pool = new FeedPool();
  private readonly postDays = new Map<number, PostDay>();
  private readonly lastSessionDay: Int32Array;
  // Per-member state in the smallest types that hold it (members can number in the tens of millions).
  private readonly recallPost: Int32Array;
  /** Hours since the log window opened (float32: ~0.2 s resolution over a month is plenty). */
  private readonly recallHours: Float32Array;
  private readonly seenViewer: Uint8Array;
  private readonly viewer = new ViewerSnapshot();
  private readonly counters = new PostCounters();
  /** The first instant of the log (µs). */
  private readonly windowStart: number;
  /** The next created post not yet in the feed pool. */
  private nextToPool = 0;
  private users = 0;
  private distinctPosts = 0;
  private opened = 0;
  private linesWritten = 0;
  private firstImpression = Number.POSITIVE_INFINITY;
  private lastImpression = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly o: ResolvedSyntheticOptions,
    private readonly writer: AtomicGzipLineWriter,
    private readonly truth: GroundTruthWriter | null,
  ) {
    const seed = o.seed;
    this.seed = seed;
    this.startDay = o.startDay;
    this.endDay = o.startDay + o.days - 1;
    this.members = new MemberPopulation({ count: o.members, startDay: o.startDay, days: o.days, seed });
    this.postRng = new Rng(seed, 2);
    this.sessionRng = new Rng(seed, 3);
    this.feedRng = new Rng(seed, 4);
    this.openRng = new Rng(seed, 5);
    this.duplicateRng = new Rng(seed, 6);
    this.window = logWindow(o.startDay, o.days);
    this.budgets = dayBudgets(o.rows, o.startDay, o.days, this.window);
    this.posts = new PostStore(o.postsPerDay * (PREFILL_DAYS + 3), seed);
    this.history = new ViewHistory(this.budgets.max * (PREFILL_DAYS + 3), o.members);
    this.lastSessionDay = new Int32Array(o.members).fill(-1);
    this.recallPost = new Int32Array(o.members).fill(-1);
    this.recallHours = new Float32Array(o.members).fill(Number.NEGATIVE_INFINITY);
    this.seenViewer = new Uint8Array(o.members);
    this.windowStart = o.startDay * MICROS_PER_DAY + this.window.from(o.startDay);
  }

  /** Runs every day (the prefill days before the log only create posts) and returns what was written. */
  async run(): Promise<Omit<SyntheticLogStats, 'seconds'>> {
    for (let day = this.startDay - PREFILL_DAYS; day <= this.endDay; day++) {
      this.createPostsOf(day);
      if (day < this.startDay) continue;
      const rows = this.serveDay(day);
      await this.writeDay(day, rows);
      this.o.onDay?.({ day: formatDay(day), rowsWritten: this.linesWritten });
    }
    return this.stats();
  }

  /** A viewer or author who already has an account at `micros`. */
  private pickMember(author: boolean, rng: Rng, micros: number): number {
    const members = this.members;
    let m = author ? members.sampleAuthor(rng) : members.sampleViewer(rng);
    for (let tries = 0; members.traits(m).createdAt > micros && tries < 100; tries++) {
      m = author ? members.sampleAuthor(rng) : members.sampleViewer(rng);
    }
    return m;
  }

  /** The day's posts: creation times, authors, content, and how many impressions the old feed plans for each. */
  private createPostsOf(day: number): void {
    const { posts, postRng } = this;
    const n = this.o.postsPerDay;
    const times = new Float64Array(n);
    // Never in the last minute of a day: creation day = (impression - whole minutes of age) stays exact.
    for (let i = 0; i < n; i++)
      times[i] = sampleTimeOfDay(postRng, day, 0, MICROS_PER_DAY - 60 * MICROS_PER_SECOND);
    times.sort();
    const first = posts.created;
    for (let i = 0; i < n; i++) {
      const author = this.pickMember(true, postRng, times[i]);
      const post = posts.create(postRng, this.members, author, times[i], day);
      posts.quota[posts.slot(post)] = this.plannedImpressions(post, day, times[i]);
      this.truth?.addPost(posts, post);
    }
    this.postDays.set(day, { first, count: n });
    this.postDays.delete(day - PREFILL_DAYS - 2);
  }

  /**
   * The impressions the old feed plans for a new post: one, plus more for appealing posts, many for the
   * few viral ones; for a post created before the log, only those still ahead when the log starts.
   */
  private plannedImpressions(post: number, day: number, createdAt: number): number {
    const postRng = this.postRng;
    let quota =
      1 +
      postRng.poisson(
        EXTRA_QUOTA_MEAN * Math.exp(QUOTA_APPEAL_SLOPE * this.posts.appeal[this.posts.slot(post)]),
      );
    if (postRng.chance(VIRAL_SHARE)) quota += 2 + postRng.geometric(5);
    if (day < this.startDay) {
      // Planned impressions that fell before the log started are gone.
      const ageHours = (this.windowStart - createdAt) / MICROS_PER_HOUR;
      let kept = 0;
      for (let k = 0; k < quota; k++) if (postRng.chance(Math.exp(-ageHours / 20))) kept++;
      quota = kept;
    }
    return Math.min(quota, 30_000);
  }

  /** Every session of one log day, served: the day's impressions in serving order. */
  private serveDay(day: number): DayRows {
    const budget = this.budgets.unique[day - this.startDay];
    const candidates = this.postDays.get(day - 1)!;
    this.truth?.beginDay(day, candidates.first, candidates.count);
    const sessions = this.drawSessions(day, budget);
    const rows = new DayRows(budget);
    for (let si = 0; si < sessions.order.length; si++) {
      const s = sessions.order[si];
      this.serveSession(rows, day, sessions.user[s], sessions.time[s], sessions.size[s]);
    }
    return rows;
  }

  /** Sessions: who opens the feed when, and for how many posts, until the day's budget is spent. */
  private drawSessions(day: number, budget: number): Sessions {
    const sessionRng = this.sessionRng;
    const user: number[] = [];
    const time: number[] = [];
    const size: number[] = [];
    const from = this.window.from(day);
    const to = Math.max(from + 1, this.window.to(day) - SESSION_SPAN_MICROS);
    for (let left = budget; left > 0; ) {
      const micros = sampleTimeOfDay(sessionRng, day, from, to);
      const member = this.pickMember(false, sessionRng, micros);
      const n = Math.min(left, SESSION_MAX, 1 + sessionRng.geometric(SESSION_EXTRA_MEAN));
      user.push(member);
      time.push(micros);
      size.push(n);
      left -= n;
    }
    return { user, time, size, order: sortedOrder(Float64Array.from(time), time.length) };
  }

  /** Puts every post created up to `micros` into the feed pool. */
  private admitPostsUntil(micros: number): void {
    const posts = this.posts;
    while (this.nextToPool < posts.created && posts.creation[posts.slot(this.nextToPool)] <= micros) {
      this.pool.add(this.nextToPool, posts.quota[posts.slot(this.nextToPool)]);
      this.nextToPool++;
    }
  }

  /** The viewer's state at a session start, counted once as a user; her first session of a day opens a userDay group. Returns her ground-truth ref. */
  private beginSession(member: number, day: number, start: number): number {
    this.viewer.load(this.members, member, day, this.seed);
    if (this.seenViewer[member] === 0) {
      this.seenViewer[member] = 1;
      this.users++;
    }
    const viewerRef = this.truth ? this.truth.viewerRef(member) : -1;
    if (this.lastSessionDay[member] !== day) {
      this.lastSessionDay[member] = day;
      this.truth?.addGroup('userDay', viewerRef, start);
    }
    return viewerRef;
  }

  /**
   * The slot of the session where the old feed shows again a post the member saw in her previous session
   * (still in the store, recent enough, not too old), or -1.
   */
  private reshowSlot(member: number, start: number, size: number): number {
    const { posts, feedRng } = this;
    const recall = this.recallPost[member];
    if (
      recall >= 0 &&
      recall >= posts.created - posts.capacity &&
      start - (this.windowStart + this.recallHours[member] * MICROS_PER_HOUR) <= RESHOW_WINDOW_MICROS &&
      (start - posts.creation[posts.slot(recall)]) / MICROS_PER_HOUR <= MAX_POST_AGE_HOURS &&
      feedRng.chance(RESHOW_CHANCE)
    ) {
      return feedRng.int(size);
    }
    return -1;
  }

  /** One feed session of `size` impressions from `start`: posts picked by the old feed, opens drawn. */
  private serveSession(rows: DayRows, day: number, member: number, start: number, size: number): void {
    const { posts, feedRng, truth } = this;
    this.admitPostsUntil(start);
    const viewerRef = this.beginSession(member, day, start);
    const recall = this.recallPost[member];
    const reshowAt = this.reshowSlot(member, start, size);
    let micros = start;
    const sessionFirstRow = rows.length;
    for (let k = 0; k < size; k++) {
      if (k > 0)
        micros += Math.floor(
          2 * MICROS_PER_SECOND +
            Math.min(38 * MICROS_PER_SECOND, feedRng.exponential(12 * MICROS_PER_SECOND)),
        );
      const post =
        k === reshowAt
          ? recall
          : this.pool.pick(feedRng, posts, micros, this.viewer.state.stage, this.nextToPool - 1);
      const earlier = this.history.earlier(member, post, micros);
      const p = openProbability(
        this.viewer,
        posts,
        post,
        micros,
        earlier >> 1,
        (earlier & 1) === 1,
        this.seed,
      );
      const open = this.openRng.float() < p;
      const s = posts.slot(post);
      if (open && truth && utcDay(posts.creation[s]) === day - 1) {
        truth.addGroup('events', viewerRef, micros);
      }
      this.history.record(member, post, micros, open);
      if (posts.views[s]++ === 0) this.distinctPosts++;
      rows.push(member, post, micros, open, p);
      if (open) this.opened++;
    }
    // What the next session may show again: one post of this one.
    this.recallPost[member] = rows.post[sessionFirstRow + feedRng.int(size)];
    this.recallHours[member] = (start - this.windowStart) / MICROS_PER_HOUR;
  }

  /** Writes the day in time order, with its share of exact duplicate lines (and their ground truth). */
  private async writeDay(day: number, rows: DayRows): Promise<void> {
    const { members, posts, viewer, counters, truth } = this;
    const n = rows.length;
    const duplicates = new Uint8Array(n);
    for (let k = 0; k < this.budgets.duplicates[day - this.startDay] && n > 0; k++)
      duplicates[this.duplicateRng.int(n)]++;
    const order = sortedOrder(rows.time, n);
    for (let i = 0; i < n; i++) {
      const r = order[i];
      const member = rows.user[r];
      const post = rows.post[r];
      const micros = rows.time[r];
      members.stateAt(member, utcDay(micros), viewer.state);
      posts.countersAt(post, micros, counters);
      const line = formatRawLine(
        members,
        member,
        viewer.state,
        posts,
        post,
        micros,
        rows.opened[r] === 1,
        counters,
      );
      for (let c = 0; c <= duplicates[r]; c++) {
        await this.writer.writeLine(line);
        this.linesWritten++;
        truth?.addShown(micros, truth.viewerRef(member), post, rows.p[r], rows.opened[r] === 1);
      }
      if (micros < this.firstImpression) this.firstImpression = micros;
      if (micros > this.lastImpression) this.lastImpression = micros;
    }
  }

  /** What the generation produced (the caller adds the elapsed time). */
  private stats(): Omit<SyntheticLogStats, 'seconds'> {
    const { o, truth } = this;
    const unique = o.rows - this.budgets.duplicatesTotal;
    const iso = (micros: number) => (Number.isFinite(micros) ? new Date(micros / 1000).toISOString() : null);
    return {
      out: o.out,
      truth: o.truth,
      seed: this.seed,
      start: o.start,
      days: o.days,
      rows: this.linesWritten,
      duplicates: this.budgets.duplicatesTotal,
      opened: this.opened,
      openRate: unique > 0 ? this.opened / unique : 0,
      users: this.users,
      posts: this.distinctPosts,
      members: o.members,
      postsCreated: this.posts.created,
      feedFallbacks: this.pool.fallbacks,
      firstImpression: iso(this.firstImpression),
      lastImpression: iso(this.lastImpression),
      truthGroups: truth
        ? { userDay: truth.userDayGroups, events: truth.eventGroups, candidatePairs: truth.pairs }
        : null,
    };
  }
}
