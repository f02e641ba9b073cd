/**
 * Posts of the app, kept in a ring of the last few days (older posts are never shown again, so memory
 * stays bounded however long the log). Each post has an author snapshot taken when it was written,
 * media flags, a latent appeal, and counters (likes, comments, survey answers) that grow with its age
 * towards totals driven by that appeal: appeal is visible, noisily, through the counters.
 */

import type { Rng } from '@wemoms/data-schema';
import { MICROS_PER_HOUR } from '@wemoms/data-schema';
import { MAX_CHILDREN, type MemberPopulation, MemberState, STAGE_PREGNANT, uuidFromKey } from './members.js';

export const FLAG_PICTURE = 1;
export const FLAG_TEXT = 2;
export const FLAG_VIDEO = 4;
export const FLAG_SURVEY = 8;

/** Counters of a post at one instant, filled in place by `PostStore.countersAt`. */
export class PostCounters {
  likes = 0;
  comments = 0;
  surveyAnswers = 0;
  /** Time of the first comment if it happened at or before the instant, else NaN. */
  firstCommentAt = Number.NaN;
}

/** Saturating growth 1 - exp(-age / tau) of a counter towards its total. */
const growth = (ageHours: number, tauHours: number) =>
  ageHours <= 0 ? 0 : 1 - Math.exp(-ageHours / tauHours);

export class PostStore {
  /** Ring capacity (posts); a post lives `capacity` creations long. */
  readonly capacity: number;
  private readonly seed: number;
  /** Number of posts ever created (global indices 0..created-1). */
  created = 0;
  readonly creation: Float64Array;
  readonly author: Int32Array;
  readonly flags: Uint8Array;
  readonly appeal: Float32Array;
  readonly likesTotal: Float32Array;
  readonly likesTau: Float32Array;
  readonly commentsTotal: Float32Array;
  readonly commentsTau: Float32Array;
  /** Age (hours) at the first comment, Infinity when the post never gets one. */
  readonly firstCommentAge: Float64Array;
  readonly surveyTotal: Float32Array;
  /** Impressions the old feed still plans for this post. */
  readonly quota: Int16Array;
  /** Impressions logged so far. */
  readonly views: Int32Array;
  readonly authorStage: Uint8Array;
  /** Author's amenorrhea week when she posted, NaN unless pregnant. */
  readonly authorWeek: Float32Array;
  readonly authorChildCount: Uint8Array;
  /** Author's children ages in months when she posted, MAX_CHILDREN per post. */
  readonly authorChildMonths: Int16Array;
  readonly authorDepartment: Int16Array;
  readonly authorAge: Float32Array;
  private readonly scratch = new MemberState();

  constructor(capacity: number, seed: number) {
    this.capacity = capacity;
    this.seed = seed;
    this.creation = new Float64Array(capacity);
    this.author = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.appeal = new Float32Array(capacity);
    this.likesTotal = new Float32Array(capacity);
    this.likesTau = new Float32Array(capacity);
    this.commentsTotal = new Float32Array(capacity);
    this.commentsTau = new Float32Array(capacity);
    this.firstCommentAge = new Float64Array(capacity);
    this.surveyTotal = new Float32Array(capacity);
    this.quota = new Int16Array(capacity);
    this.views = new Int32Array(capacity);
    this.authorStage = new Uint8Array(capacity);
    this.authorWeek = new Float32Array(capacity);
    this.authorChildCount = new Uint8Array(capacity);
    this.authorChildMonths = new Int16Array(capacity * MAX_CHILDREN);
    this.authorDepartment = new Int16Array(capacity);
    this.authorAge = new Float32Array(capacity);
  }

  /** Ring slot of a global post index. */
  slot(post: number): number {
    return post % this.capacity;
  }

  /** Whether `post` still owns its ring slot (not overwritten by a post created `capacity` later). */
  isLive(post: number): boolean {
    return post >= this.created - this.capacity;
  }

  /** Stable uuid of a post (pure function of seed and index). */
  id(post: number): string {
    return uuidFromKey(this.seed, 2, post);
  }

  /**
   * Creates the next post at `micros` by `author` and returns its global index. The oldest post in the
   * ring is overwritten: callers must never refer to posts older than `capacity` creations.
   */
  create(rng: Rng, members: MemberPopulation, author: number, micros: number, day: number): number {
    const post = this.created++;
    const s = this.slot(post);
    this.creation[s] = micros;
    this.author[s] = author;
    this.views[s] = 0;
    const a = members.stateAt(author, day, this.scratch);
    this.authorStage[s] = a.stage;
    this.authorWeek[s] = a.stage === STAGE_PREGNANT ? Math.floor(a.pregnancyDay / 7) : Number.NaN;
    this.authorChildCount[s] = a.childCount;
    for (let k = 0; k < MAX_CHILDREN; k++)
      this.authorChildMonths[s * MAX_CHILDREN + k] = k < a.childCount ? a.childMonths[k] : 0;
    const traits = members.traits(author);
    this.authorDepartment[s] = traits.department;
    this.authorAge[s] = traits.ageYears;

    let flags = 0;
    if (rng.chance(traits.pictureShare)) flags |= FLAG_PICTURE;
    if (rng.chance(0.9)) flags |= FLAG_TEXT;
    if (rng.chance(0.05)) flags |= FLAG_VIDEO;
    if (flags === 0) flags = FLAG_TEXT;
    const survey = rng.chance(0.06);
    if (survey) flags |= FLAG_SURVEY;
    this.flags[s] = flags;

    const appeal = rng.normal();
    this.appeal[s] = appeal;
    // Prolific authors have an audience: their posts collect more reactions at equal appeal.
    const audience = 0.25 * Math.log(traits.authorWeight + 0.1);
    const media = (flags & FLAG_PICTURE ? 0.3 : 0) + (flags & FLAG_VIDEO ? 0.3 : 0);
    this.likesTotal[s] = rng.poisson(Math.exp(1.1 + 0.8 * appeal + audience + media));
    this.likesTau[s] = 5 * Math.exp(0.4 * rng.normal());
    const comments = rng.poisson(Math.exp(0.5 + 0.75 * appeal + 0.6 * audience + (survey ? 0.3 : 0)));
    this.commentsTotal[s] = comments;
    const tau = 3 * Math.exp(0.5 * rng.normal());
    this.commentsTau[s] = tau;
    // Counter rule: floor(C * growth + 0.5) reaches 1 at growth = 0.5 / C.
    this.firstCommentAge[s] = comments >= 1 ? -tau * Math.log(1 - 0.5 / comments) : Number.POSITIVE_INFINITY;
    this.surveyTotal[s] = survey ? rng.poisson(Math.exp(2.2 + 0.6 * appeal)) : 0;
    return post;
  }

  /** Counters of `post` at `micros` (monotone in time, first comment consistent with the count). */
  countersAt(post: number, micros: number, out: PostCounters): PostCounters {
    const s = this.slot(post);
    const ageHours = (micros - this.creation[s]) / MICROS_PER_HOUR;
    out.likes = Math.floor(this.likesTotal[s] * growth(ageHours, this.likesTau[s]) + 0.5);
    const firstCommentMicros = Math.floor(this.firstCommentAge[s] * MICROS_PER_HOUR);
    if (micros - this.creation[s] >= firstCommentMicros) {
      out.comments = Math.max(
        1,
        Math.floor(this.commentsTotal[s] * growth(ageHours, this.commentsTau[s]) + 0.5),
      );
      out.firstCommentAt = this.creation[s] + firstCommentMicros;
    } else {
      out.comments = 0;
      out.firstCommentAt = Number.NaN;
    }
    out.surveyAnswers = Math.floor(this.surveyTotal[s] * growth(ageHours, 4));
    return out;
  }
}
