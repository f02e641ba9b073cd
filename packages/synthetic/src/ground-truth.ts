/**
 * loadGroundTruth: reads a truth directory (truth-format.ts) and evaluates the generator's click model
 * on demand, for shown rows and for candidates never shown alike. For the CLI's oracle and
 * simulatedCtr@10 only: rankers must never see this.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDay, utcDay } from '@wemoms/data-schema';
import {
  observableOpenProbability,
  openProbabilities,
  openProbability,
  ViewerSnapshot,
} from './click-model.js';
import { MAX_CHILDREN, MemberPopulation } from './members.js';
import { PostStore } from './posts.js';
import {
  TRUTH_FORMAT,
  TRUTH_INDEX_FILE,
  TRUTH_VERSION,
  type TruthDayEntry,
  type TruthIndex,
  type TruthIndexFile,
} from './truth-format.js';

/** True open probabilities of one group's candidates. */
export interface TruthCandidates {
  /** The candidate posts (all posts created on d-1), ids ascending. */
  readonly postIds: readonly string[];
  /** probabilities[i] is the true open probability of postIds[i] at the group's time. */
  readonly probabilities: Float64Array;
  /**
   * observable[i]: the same without the viewer's mood of the day and her (viewer, post) affinity, the
   * terms no log column reveals (clickModel's observableOpenProbability): the observable ceiling's score.
   */
  readonly observable: Float64Array;
  /** Column of each candidate post id. */
  readonly column: ReadonlyMap<string, number>;
}

/** A saved ground truth with on-demand evaluation. */
export class GroundTruth {
  readonly index: TruthIndex;
  private readonly members: MemberPopulation;
  private readonly posts: PostStore;
  private readonly viewerByUserId = new Map<string, number>();
  private readonly postById = new Map<string, number>();
  private readonly dayByName = new Map<string, TruthDayEntry>();
  private readonly userDayGroup = new Map<string, number>();
  private readonly eventGroup = new Map<string, number>();
  /** Impressions per viewer (CSR by viewer ref, exact duplicate lines removed). */
  private readonly historyOffsets: Int32Array;
  private readonly historyPost: Int32Array;
  private readonly historyTime: Float64Array;
  private readonly historyOpened: Uint8Array;
  private readonly shownRecords: DataView;
  private shownByKey: Map<string, number> | null = null;
  private readonly candidatesOfDay = new Map<
    string,
    { ids: string[]; posts: Int32Array; column: Map<string, number> }
  >();
  private readonly viewer = new ViewerSnapshot();

  constructor(file: TruthIndexFile, postsBytes: Uint8Array, shownBytes: Uint8Array) {
    const g = file.generator;
    this.members = new MemberPopulation({
      count: g.members,
      startDay: parseDay(g.start),
      days: g.days,
      seed: g.seed,
    });
    const n = file.posts.records;
    this.posts = new PostStore(Math.max(1, n), g.seed);
    // Ids are pure functions of (seed, index): the file does not store them.
    const index: TruthIndex = {
      ...file,
      viewers: file.viewerMembers.map((m) => this.members.id(m)),
      postIds: Array.from({ length: n }, (_, p) => this.posts.id(p)),
    };
    this.index = index;
    if (postsBytes.length !== n * index.posts.recordBytes) {
      throw new Error(
        `ground truth: ${index.posts.file} has ${postsBytes.length} bytes, expected ${n} records`,
      );
    }
    if (shownBytes.length !== index.shown.records * index.shown.recordBytes) {
      throw new Error(
        `ground truth: ${index.shown.file} has ${shownBytes.length} bytes, expected ${index.shown.records} records`,
      );
    }
    const pv = new DataView(postsBytes.buffer, postsBytes.byteOffset, postsBytes.byteLength);
    const rb = index.posts.recordBytes;
    for (let p = 0; p < n; p++) {
      const o = p * rb;
      this.posts.creation[p] = pv.getFloat64(o, true);
      this.posts.appeal[p] = pv.getFloat32(o + 8, true);
      this.posts.authorWeek[p] = pv.getFloat32(o + 12, true);
      this.posts.authorDepartment[p] = pv.getInt16(o + 16, true);
      this.posts.flags[p] = pv.getUint8(o + 18);
      this.posts.authorStage[p] = pv.getUint8(o + 19);
      this.posts.authorChildCount[p] = pv.getUint8(o + 20);
      for (let k = 0; k < MAX_CHILDREN; k++)
        this.posts.authorChildMonths[p * MAX_CHILDREN + k] = pv.getInt16(o + 22 + 2 * k, true);
    }
    this.posts.created = n;
    index.viewers.forEach((id, ref) => {
      this.viewerByUserId.set(id, ref);
    });
    index.postIds.forEach((id, p) => {
      this.postById.set(id, p);
    });
    for (const d of index.days) {
      this.dayByName.set(d.day, d);
      d.userDay.users.forEach((ref, i) => {
        this.userDayGroup.set(`${d.day}|${ref}`, i);
      });
      d.events.users.forEach((ref, i) => {
        this.eventGroup.set(`${ref}|${d.events.times[i]}`, i);
      });
    }

    // Per-viewer history, from the shown lines (an exact duplicate line is one impression).
    this.shownRecords = new DataView(shownBytes.buffer, shownBytes.byteOffset, shownBytes.byteLength);
    const sv = this.shownRecords;
    const sb = index.shown.recordBytes;
    const records = index.shown.records;
    const keep = new Uint8Array(records);
    const counts = new Int32Array(index.viewers.length + 1);
    for (let r = 0; r < records; r++) {
      const o = r * sb;
      const duplicate =
        r > 0 &&
        sv.getFloat64(o, true) === sv.getFloat64(o - sb, true) &&
        sv.getUint32(o + 8, true) === sv.getUint32(o - sb + 8, true) &&
        sv.getUint32(o + 12, true) === sv.getUint32(o - sb + 12, true);
      if (duplicate) continue;
      keep[r] = 1;
      counts[sv.getUint32(o + 8, true) + 1]++;
    }
    for (let v = 0; v < index.viewers.length; v++) counts[v + 1] += counts[v];
    this.historyOffsets = counts;
    const total = counts[index.viewers.length];
    this.historyPost = new Int32Array(total);
    this.historyTime = new Float64Array(total);
    this.historyOpened = new Uint8Array(total);
    const fill = counts.slice(0, index.viewers.length);
    for (let r = 0; r < records; r++) {
      if (keep[r] === 0) continue;
      const o = r * sb;
      const at = fill[sv.getUint32(o + 8, true)]++;
      this.historyTime[at] = sv.getFloat64(o, true);
      this.historyPost[at] = sv.getUint32(o + 12, true);
      this.historyOpened[at] = sv.getUint8(o + 20);
    }
  }

  /** Days (d, YYYY-MM-DD) that have groups. */
  get days(): string[] {
    return this.index.days.map((d) => d.day);
  }

  /** The `userDay` group of a viewer on day d (at her first impression of d), or null if she was not active. */
  userDay(day: string, userId: string): TruthCandidates | null {
    const entry = this.dayByName.get(day);
    const ref = this.viewerByUserId.get(userId);
    if (!entry || ref === undefined) return null;
    const i = this.userDayGroup.get(`${day}|${ref}`);
    return i === undefined ? null : this.evaluate(entry, ref, entry.userDay.times[i]);
  }

  /** The first impression time of a viewer on day d (the `userDay` group time), or null. */
  userDayTime(day: string, userId: string): number | null {
    const entry = this.dayByName.get(day);
    const ref = this.viewerByUserId.get(userId);
    if (!entry || ref === undefined) return null;
    const i = this.userDayGroup.get(`${day}|${ref}`);
    return i === undefined ? null : entry.userDay.times[i];
  }

  /** The `event` group of an opened impression of a d-1 post at `timeMicros` on day d, or null. */
  event(day: string, userId: string, timeMicros: number): TruthCandidates | null {
    const entry = this.dayByName.get(day);
    const ref = this.viewerByUserId.get(userId);
    if (!entry || ref === undefined || !this.eventGroup.has(`${ref}|${timeMicros}`)) return null;
    return this.evaluate(entry, ref, timeMicros);
  }

  /**
   * The true open probability of any saved post for a viewer of the log at any instant in the log's
   * range (the history before the instant counts), or NaN when the viewer or post is unknown.
   */
  openProbability(userId: string, postId: string, timeMicros: number): number {
    return this.probabilityOf(userId, postId, timeMicros, false);
  }

  /**
   * The observable ceiling's probability of a saved post for a viewer at an instant (openProbability
   * without her mood of the day and the (viewer, post) affinity), or NaN when the viewer or post is unknown.
   */
  observableOpenProbability(userId: string, postId: string, timeMicros: number): number {
    return this.probabilityOf(userId, postId, timeMicros, true);
  }

  private probabilityOf(userId: string, postId: string, timeMicros: number, observable: boolean): number {
    const ref = this.viewerByUserId.get(userId);
    const post = this.postById.get(postId);
    if (ref === undefined || post === undefined || this.posts.creation[post] > timeMicros) return Number.NaN;
    const member = this.index.viewerMembers[ref];
    const seed = this.index.generator.seed;
    this.viewer.load(this.members, member, utcDay(timeMicros), seed);
    let views = 0;
    let opened = false;
    for (let h = this.historyOffsets[ref]; h < this.historyOffsets[ref + 1]; h++) {
      if (this.historyPost[h] === post && this.historyTime[h] < timeMicros) {
        views++;
        opened ||= this.historyOpened[h] === 1;
      }
    }
    return observable
      ? observableOpenProbability(this.viewer, this.posts, post, timeMicros, views, opened)
      : openProbability(this.viewer, this.posts, post, timeMicros, views, opened, seed);
  }

  /** The true p the generator used for a line of the log, or undefined if no such line. */
  shown(userId: string, postId: string, timeMicros: number): number | undefined {
    if (!this.shownByKey) {
      const map = new Map<string, number>();
      const sv = this.shownRecords;
      const sb = this.index.shown.recordBytes;
      for (let r = 0; r < this.index.shown.records; r++) {
        const o = r * sb;
        map.set(
          `${sv.getUint32(o + 8, true)}|${sv.getUint32(o + 12, true)}|${sv.getFloat64(o, true)}`,
          sv.getFloat32(o + 16, true),
        );
      }
      this.shownByKey = map;
    }
    const ref = this.viewerByUserId.get(userId);
    const post = this.postById.get(postId);
    if (ref === undefined || post === undefined) return undefined;
    return this.shownByKey.get(`${ref}|${post}|${timeMicros}`);
  }

  private candidates(entry: TruthDayEntry) {
    let c = this.candidatesOfDay.get(entry.day);
    if (!c) {
      const ids = this.index.postIds.slice(entry.firstPost, entry.firstPost + entry.posts);
      const order = Array.from(ids.keys()).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
      const sorted = order.map((k) => ids[k]);
      c = {
        ids: sorted,
        posts: Int32Array.from(order, (k) => entry.firstPost + k),
        column: new Map(sorted.map((id, i) => [id, i])),
      };
      this.candidatesOfDay.set(entry.day, c);
    }
    return c;
  }

  private evaluate(entry: TruthDayEntry, ref: number, micros: number): TruthCandidates {
    const c = this.candidates(entry);
    const seed = this.index.generator.seed;
    this.viewer.load(this.members, this.index.viewerMembers[ref], utcDay(micros), seed);
    const views = new Uint16Array(entry.posts);
    const opened = new Uint8Array(entry.posts);
    for (let h = this.historyOffsets[ref]; h < this.historyOffsets[ref + 1]; h++) {
      const k = this.historyPost[h] - entry.firstPost;
      if (k >= 0 && k < entry.posts && this.historyTime[h] < micros) {
        views[k]++;
        opened[k] |= this.historyOpened[h];
      }
    }
    const probabilities = new Float64Array(entry.posts);
    const observable = new Float64Array(entry.posts);
    const both = new Float64Array(2);
    for (let i = 0; i < c.posts.length; i++) {
      const post = c.posts[i];
      const k = post - entry.firstPost;
      openProbabilities(this.viewer, this.posts, post, micros, views[k], opened[k] === 1, seed, both);
      probabilities[i] = both[0];
      observable[i] = both[1];
    }
    return { postIds: c.ids, probabilities, observable, column: c.column };
  }
}

/** Loads a ground-truth directory written by generateSyntheticLog({truth}). */
export function loadGroundTruth(dir: string): GroundTruth {
  const indexPath = join(dir, TRUTH_INDEX_FILE);
  let index: TruthIndexFile;
  try {
    index = JSON.parse(readFileSync(indexPath, 'utf8')) as TruthIndexFile;
  } catch (error) {
    throw new Error(`ground truth: cannot read ${indexPath}: ${(error as Error).message}`);
  }
  if (index.format !== TRUTH_FORMAT || index.version !== TRUTH_VERSION) {
    throw new Error(`ground truth: ${indexPath} is not a ${TRUTH_FORMAT} v${TRUTH_VERSION} index`);
  }
  return new GroundTruth(
    index,
    readFileSync(join(dir, index.posts.file)),
    readFileSync(join(dir, index.shown.file)),
  );
}
