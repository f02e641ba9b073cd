/**
 * The ground-truth open model: the probability that a viewer opens a post shown to her at an instant.
 * HIDDEN from the rankers (only the CLI's oracle / simulatedCtr@10 reads its outputs, through the saved
 * truth files). Every term is something a real feed plausibly has and that the features of DESIGN
 * section 5 can partly see; the latent terms (appeal, propensity, pair affinity, daily mood) are seen
 * only through noisy proxies, and the open itself is a Bernoulli draw: learnable, not trivially.
 * README.md documents the formula; the weights live here only.
 */
import { hashNormal, MICROS_PER_HOUR } from '@wemoms/data-schema';
import { MAX_CHILDREN, type MemberPopulation, MemberState, STAGE_MOM, STAGE_PREGNANT } from './members.js';
import { FLAG_PICTURE, FLAG_VIDEO, type PostStore } from './posts.js';

/** Weights of the open logit (see README "Ground-truth click model"). */
export const CLICK_MODEL = {
  intercept: -2.85,
  /** Per unit of the post's latent appeal (standard normal), which also drives likes and comments. */
  appeal: 0.55,
  /** Times log(1 + age in hours / 6): fresh posts are opened more. */
  freshness: -0.4,
  picture: 0.2,
  video: 0.35,
  /** Viewer and author at the same maternity stage. */
  sameStage: 0.4,
  /** Both pregnant: times exp(-|viewer week - author amenorrhea week| / 3). */
  pregnancyWeekCloseness: 0.9,
  /** Both have children: times exp(-(closest children age gap in months) / 6). */
  childAgeCloseness: 0.7,
  /** A pregnant viewer reading a mom of a baby under a year: what is coming next. */
  pregnantReadsNewMom: 0.25,
  sameDepartment: 0.35,
  /** Per earlier view of the same post (up to 3). */
  perEarlierView: -0.35,
  /** She already opened this post before. */
  openedBefore: -1.2,
  /** Standard deviation of the viewer's mood of the day. */
  dailyMoodSd: 0.3,
  /** Standard deviation of the (viewer, post) affinity nobody can observe. */
  pairAffinitySd: 0.55,
} as const;

const HASH_MOOD = 0x6d6f6f64;
const HASH_PAIR = 0x70616972;
/** How many post terms `postTerms` writes. */
const POST_TERMS = 11;

/** The weights' shape (CLICK_MODEL's); tests pass variants, e.g. without the unobservable terms. */
export type ClickModelWeights = { readonly [K in keyof typeof CLICK_MODEL]: number };

/** Everything about the viewer that the model needs at one instant (reused, filled in place). */
export class ViewerSnapshot {
  member = -1;
  day = 0;
  readonly state = new MemberState();
  /** Propensity + mood: the viewer's share of the logit that does not depend on the post. */
  base = 0;
  /** Her lasting propensity to open (base without the mood of the day). */
  propensity = 0;
  /** Her departement (index), -1 = none. */
  department = -1;
  /** Scratch of the two logits (with and without the mood) a post's terms are summed into. */
  readonly logits = new Float64Array(2);
  /** Scratch of one post's logit terms (see postTerms). */
  readonly terms = new Float64Array(POST_TERMS);

  /** Fills the snapshot for `member` on `day`. */
  load(
    members: MemberPopulation,
    member: number,
    day: number,
    seed: number,
    model: ClickModelWeights = CLICK_MODEL,
  ): this {
    this.member = member;
    this.day = day;
    members.stateAt(member, day, this.state);
    const traits = members.traits(member);
    this.department = traits.department;
    this.propensity = traits.propensity;
    this.base = traits.propensity + model.dailyMoodSd * hashNormal(seed ^ HASH_MOOD, member, day);
    return this;
  }
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The logit's terms that depend on the post and her history with it, in the order the logit adds them; a term
 * that does not apply is 0 (adding it leaves a sum unchanged, bit for bit).
 */
function postTerms(
  m: ClickModelWeights,
  viewer: ViewerSnapshot,
  posts: PostStore,
  post: number,
  micros: number,
  earlierViews: number,
  openedBefore: boolean,
  terms: Float64Array,
): void {
  const s = posts.slot(post);
  const v = viewer.state;
  terms[0] = m.appeal * posts.appeal[s];
  const ageHours = Math.max(0, (micros - posts.creation[s]) / MICROS_PER_HOUR);
  terms[1] = m.freshness * Math.log1p(ageHours / 6);
  const flags = posts.flags[s];
  terms[2] = flags & FLAG_PICTURE ? m.picture : 0;
  terms[3] = flags & FLAG_VIDEO ? m.video : 0;
  const authorStage = posts.authorStage[s];
  terms[4] = authorStage === v.stage ? m.sameStage : 0;
  terms[5] = 0;
  if (v.pregnant && authorStage === STAGE_PREGNANT) {
    const gap = Math.abs(Math.floor(v.pregnancyDay / 7) - posts.authorWeek[s]);
    terms[5] = m.pregnancyWeekCloseness * Math.exp(-gap / 3);
  }
  const authorChildren = posts.authorChildCount[s];
  terms[6] = 0;
  if (v.childCount > 0 && authorChildren > 0) {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < v.childCount; i++) {
      for (let k = 0; k < authorChildren; k++) {
        const gap = Math.abs(v.childMonths[i] - posts.authorChildMonths[s * MAX_CHILDREN + k]);
        if (gap < best) best = gap;
      }
    }
    terms[6] = m.childAgeCloseness * Math.exp(-best / 6);
  }
  const youngest = authorChildren > 0 ? posts.authorChildMonths[s * MAX_CHILDREN + authorChildren - 1] : 0;
  terms[7] =
    v.pregnant && authorStage === STAGE_MOM && authorChildren > 0 && youngest < 12
      ? m.pregnantReadsNewMom
      : 0;
  terms[8] = viewer.department >= 0 && viewer.department === posts.authorDepartment[s] ? m.sameDepartment : 0;
  terms[9] = m.perEarlierView * Math.min(3, earlierViews);
  terms[10] = openedBefore ? m.openedBefore : 0;
}

/**
 * The open logit without the (viewer, post) affinity, twice at once: `out[0]` from the viewer's `base`
 * (propensity + mood of the day), `out[1]` from her `propensity` alone (the observable ceiling). The post
 * terms are computed once and added to both sums in the same order, so both equal what one pass per base
 * gives, bit for bit; the ground truth scores a candidate for the oracle and the ceiling for the price of one.
 */
function logitsWithoutAffinity(
  m: ClickModelWeights,
  viewer: ViewerSnapshot,
  posts: PostStore,
  post: number,
  micros: number,
  earlierViews: number,
  openedBefore: boolean,
  out: Float64Array,
): void {
  const terms = viewer.terms;
  postTerms(m, viewer, posts, post, micros, earlierViews, openedBefore, terms);
  let x = m.intercept + viewer.base + terms[0];
  let y = m.intercept + viewer.propensity + terms[0];
  for (let i = 1; i < POST_TERMS; i++) {
    x += terms[i];
    y += terms[i];
  }
  out[0] = x;
  out[1] = y;
}

/**
 * The open logit of `post` for the viewer at `micros`, given how many times she saw the post strictly
 * before `micros` and whether she opened it then.
 */
export function openLogit(
  viewer: ViewerSnapshot,
  posts: PostStore,
  post: number,
  micros: number,
  earlierViews: number,
  openedBefore: boolean,
  seed: number,
  model: ClickModelWeights = CLICK_MODEL,
): number {
  logitsWithoutAffinity(model, viewer, posts, post, micros, earlierViews, openedBefore, viewer.logits);
  return viewer.logits[0] + pairAffinity(model, viewer, post, seed);
}

const pairAffinity = (model: ClickModelWeights, viewer: ViewerSnapshot, post: number, seed: number) =>
  model.pairAffinitySd * hashNormal(seed ^ HASH_PAIR, viewer.member, post);

/** The true open probability (see openLogit). */
export function openProbability(
  viewer: ViewerSnapshot,
  posts: PostStore,
  post: number,
  micros: number,
  earlierViews: number,
  openedBefore: boolean,
  seed: number,
  model: ClickModelWeights = CLICK_MODEL,
): number {
  return sigmoid(openLogit(viewer, posts, post, micros, earlierViews, openedBefore, seed, model));
}

/**
 * The observable ceiling: the true open probability without the two terms no log column can reveal,
 * the viewer's mood of the day and her (viewer, post) affinity. Everything else (the post's appeal, seen
 * through its likes and comments; her propensity, seen through her opens; freshness, media, matches,
 * history) stays. Ranking by it is the best any ranker of the log's columns could do; with both terms
 * at zero it equals openProbability exactly.
 */
export function observableOpenProbability(
  viewer: ViewerSnapshot,
  posts: PostStore,
  post: number,
  micros: number,
  earlierViews: number,
  openedBefore: boolean,
  model: ClickModelWeights = CLICK_MODEL,
): number {
  logitsWithoutAffinity(model, viewer, posts, post, micros, earlierViews, openedBefore, viewer.logits);
  return sigmoid(viewer.logits[1]);
}

/**
 * openProbability into `out[0]` and observableOpenProbability into `out[1]`, equal to theirs bit for bit,
 * at about the cost of one of them: what the ground truth computes for every evaluation candidate.
 */
export function openProbabilities(
  viewer: ViewerSnapshot,
  posts: PostStore,
  post: number,
  micros: number,
  earlierViews: number,
  openedBefore: boolean,
  seed: number,
  out: Float64Array,
  model: ClickModelWeights = CLICK_MODEL,
): void {
  const logits = viewer.logits;
  logitsWithoutAffinity(model, viewer, posts, post, micros, earlierViews, openedBefore, logits);
  out[0] = sigmoid(logits[0] + pairAffinity(model, viewer, post, seed));
  out[1] = sigmoid(logits[1]);
}
