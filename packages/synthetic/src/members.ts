/**
 * The app's members: every viewer and every author is one. A member's static traits are a pure function
 * of (seed, member index), drawn from keyed hashes when needed, so millions of members cost no memory;
 * everything that moves with time (pregnancy day, birth of the baby, children's ages, account age,
 * activity counters) is a function of the day. Member u's engagement is the normal quantile at
 * 1 - (u + 0.5) / count (index 0 is the most engaged), which lets feed sessions pick members in
 * proportion to a lognormal activity without any table (normal-distribution.ts); authorship uses the
 * same trick through a fixed permutation of the indices.
 */
import {
  cumulativeOf,
  hash32,
  hashNormal,
  hashUniform,
  MICROS_PER_DAY,
  pickCumulativeAt,
  type Rng,
} from '@wemoms/data-schema';
import { COUNTRIES, DEPARTMENT_WEIGHTS, DEPARTMENTS } from './geography.js';
import { mulMod, normalCdf, normalQuantile } from './normal-distribution.js';

/** Maternity stages, as codes (also the order of `STAGE_NAMES`). */
export const STAGE_PREGNANT = 0;
export const STAGE_MOM = 1;
export const STAGE_TRYING = 2;
export const STAGE_NAMES = ['pregnant', 'mom', 'trying'] as const;

/** Most children a member can have (older ones beyond this are not tracked). */
export const MAX_CHILDREN = 4;
/** Average month length in days, for ages in months. */
export const DAYS_PER_MONTH = 30.4375;
/** Members declare a pregnancy four weeks after the last menstrual period. */
const DECLARE_AFTER_DAYS = 28;

/** Share of members per stage at the start of the simulation (most are pregnant, as on WeMoms). */
export const INITIAL_STAGE_MIX = { pregnant: 0.6, mom: 0.3, trying: 0.1 } as const;

/** A member's profile on one day, filled in place by `MemberPopulation.stateAt`. */
export class MemberState {
  stage = STAGE_MOM;
  pregnant = false;
  mom = false;
  trying = false;
  /** Days since the last menstrual period (amenorrhea days), NaN unless pregnant. */
  pregnancyDay = Number.NaN;
  childCount = 0;
  /** Children's ages in months, oldest first; only the first `childCount` entries are meaningful. */
  readonly childMonths = new Int32Array(MAX_CHILDREN);
}

/** Pregnancy week (amenorrhea weeks) of a pregnancy day. */
export const pregnancyWeek = (day: number) => Math.floor(day / 7);
/** Pregnancy month (1-based) of a pregnancy day. */
export const pregnancyMonth = (day: number) => Math.min(10, Math.floor(day / DAYS_PER_MONTH) + 1);
/** Trimester of a pregnancy day (French convention: 1st until 14 weeks, 2nd until 28). */
export const pregnancyTrimester = (day: number) => {
  const w = pregnancyWeek(day);
  return w < 15 ? 1 : w < 28 ? 2 : 3;
};

/** Lognormal scale of session activity (log activity = ACTIVITY_SIGMA * engagement). */
export const ACTIVITY_SIGMA = 1.3;
/** Lognormal scale of posting activity. */
export const AUTHORSHIP_SIGMA = 1.3;

/** Population size and the window it lives through. */
export interface MemberPopulationOptions {
  readonly count: number;
  /** First day of the log (days since epoch). */
  readonly startDay: number;
  /** Number of days of the log. */
  readonly days: number;
  readonly seed: number;
}

/** The static traits of one member (filled in place by `MemberPopulation.traits`). */
export class MemberTraits {
  member = -1;
  /** Standard normal: drives activity, propensity and the activity counters. */
  engagement = 0;
  /** Index into COUNTRIES. */
  country = 0;
  /** Index into DEPARTMENTS, -1 = none. */
  department = -1;
  /** 0 = ios, 1 = android. */
  platform = 0;
  createdAt = 0;
  /** Latent shift of the open logit: some women open much more than others. */
  propensity = 0;
  /** Relative rate of posting. */
  authorWeight = 1;
  /** Age in whole years, NaN when unknown. */
  ageYears = Number.NaN;
  /** Day of the last menstrual period of the current or coming pregnancy, NaN when none. */
  lmpDay = Number.NaN;
  gestationDays = 280;
  /** Trying to conceive (until a pregnancy is declared). */
  trying = false;
  /** Birth days of children born before the simulation, oldest first. */
  readonly births = new Float64Array(MAX_CHILDREN);
  bornCount = 0;
  followRate = 0;
  postRate = 0;
  likeRate = 0;
  commentsPerPost = 0;
  pictureShare = 0;
}

const HASH_MEMBER = 0x6d656d62;
const CACHE_SIZE = 4096;
const countryCum = cumulativeOf(COUNTRIES.map(([, w]) => w));
const deptCum = cumulativeOf(DEPARTMENT_WEIGHTS);

export class MemberPopulation {
  readonly count: number;
  private readonly seed: number;
  private readonly startDay: number;
  private readonly days: number;
  /** Authorship permutation: rank r (0 = most prolific) is member (r * mult + shift) mod count. */
  private readonly authorMult: number;
  private readonly authorShift: number;
  private readonly authorMultInverse: number;
  private readonly cache: MemberTraits[] = Array.from({ length: CACHE_SIZE }, () => new MemberTraits());
  // Keyed draws of the member being built.
  private drawMember = 0;
  private drawKey = 0;

  constructor(options: MemberPopulationOptions) {
    if (!Number.isInteger(options.count) || options.count < 1 || options.count > 2 ** 31 - 1) {
      throw new RangeError(`member count: expected an integer from 1 to 2^31-1, got ${options.count}`);
    }
    this.count = options.count;
    this.seed = options.seed;
    this.startDay = options.startDay;
    this.days = options.days;
    let mult = 40_503 % this.count || 1;
    while (gcd(mult, this.count) !== 1) mult++;
    this.authorMult = mult;
    this.authorShift = hash32(options.seed, 0x61757468) % this.count;
    this.authorMultInverse = modInverse(mult, this.count);
  }

  private uniform(): number {
    return hashUniform(this.seed ^ HASH_MEMBER, this.drawMember, this.drawKey++);
  }
  private normal(): number {
    return hashNormal(this.seed ^ HASH_MEMBER, this.drawMember, this.drawKey++);
  }
  private exponential(mean: number): number {
    return -mean * Math.log(this.uniform());
  }

  /** Engagement of member u: the normal quantile of its index (0 = most engaged). */
  engagement(u: number): number {
    return normalQuantile(1 - (u + 0.5) / this.count);
  }

  /** A member drawn in proportion to exp(sigma * engagement) (exponential tilting, no table). */
  private sampleTilted(rng: Rng, sigma: number): number {
    const q = 1 - normalCdf(sigma + rng.normal());
    return Math.min(this.count - 1, Math.max(0, Math.floor(q * this.count)));
  }

  /** A member opening a feed session, in proportion to her activity. */
  sampleViewer(rng: Rng): number {
    return this.sampleTilted(rng, ACTIVITY_SIGMA);
  }

  /** A member writing a post, in proportion to her posting activity. */
  sampleAuthor(rng: Rng): number {
    const rank = this.sampleTilted(rng, AUTHORSHIP_SIGMA);
    return (mulMod(rank, this.authorMult, this.count) + this.authorShift) % this.count;
  }

  /** Posting activity of member u (consistent with sampleAuthor). */
  authorWeight(u: number): number {
    const rank = mulMod((u - this.authorShift + this.count) % this.count, this.authorMultInverse, this.count);
    return Math.exp(AUTHORSHIP_SIGMA * normalQuantile(1 - (rank + 0.5) / this.count));
  }

  /** Static traits of member u (cached; the returned object is reused: copy what you keep). */
  traits(u: number): MemberTraits {
    const slot = this.cache[u % CACHE_SIZE];
    if (slot.member === u) return slot;
    this.build(u, slot);
    return slot;
  }

  private build(u: number, t: MemberTraits): void {
    this.drawMember = u;
    this.drawKey = 0;
    const start = this.startDay;
    t.member = u;
    const engagement = this.engagement(u);
    t.engagement = engagement;
    const c = pickCumulativeAt(countryCum, this.uniform());
    t.country = c;
    const deptDraw = this.uniform();
    t.department =
      COUNTRIES[c][0] === 'FR' && this.uniform() >= 0.07 ? pickCumulativeAt(deptCum, deptDraw) : -1;
    t.platform = this.uniform() < 0.57 ? 0 : 1;
    const ageDraw = this.normal();
    t.ageYears =
      this.uniform() < 0.2 ? Number.NaN : Math.round(Math.min(45, Math.max(18, 30.5 + 4.5 * ageDraw)));

    const stageDraw = this.uniform();
    t.lmpDay = Number.NaN;
    t.trying = false;
    t.gestationDays = Math.round(Math.min(294, Math.max(252, 280 + 7 * this.normal())));
    let youngestMeanMonths = 10;
    let children = 0;
    let accountAgeDays: number;
    if (stageDraw < INITIAL_STAGE_MIX.pregnant) {
      const pregDay = 30 + Math.floor(this.uniform() * Math.max(1, t.gestationDays - 31));
      t.lmpDay = start - pregDay;
      children = this.uniform() < 0.35 ? (this.uniform() < 0.2 ? 2 : 1) : 0;
      youngestMeanMonths = 30;
      accountAgeDays =
        this.uniform() < 0.25 ? 1 + this.exponential(400) : this.uniform() * (pregDay - 20) + 1;
    } else if (stageDraw < INITIAL_STAGE_MIX.pregnant + INITIAL_STAGE_MIX.mom) {
      const d = this.uniform();
      children = d < 0.6 ? 1 : d < 0.9 ? 2 : 3;
      accountAgeDays = 30 + this.exponential(380);
    } else {
      t.trying = true;
      children = this.uniform() < 0.45 ? 1 : 0;
      youngestMeanMonths = 30;
      // Some women trying conceive during the log and declare the pregnancy on the app.
      if (this.uniform() < 0.12)
        t.lmpDay = start + Math.floor(this.uniform() * this.days) - DECLARE_AFTER_DAYS;
      accountAgeDays = 1 + this.exponential(250);
    }
    // A share of members join during the log itself: the pipeline must handle cold starts.
    const joinDraw = this.uniform();
    const createdDay =
      this.uniform() < 0.15
        ? start + joinDraw * this.days
        : start - Math.min(2400, Math.max(1, accountAgeDays));
    t.createdAt = Math.floor(createdDay * MICROS_PER_DAY + this.uniform() * 1e6);

    let ageMonths = Math.min(60, this.exponential(youngestMeanMonths));
    t.bornCount = children;
    t.births.fill(0);
    for (let k = children - 1; k >= 0; k--) {
      // Youngest drawn first, stored oldest first.
      t.births[k] = Math.floor(start - ageMonths * DAYS_PER_MONTH - Math.floor(this.uniform() * 30));
      ageMonths += 15 + Math.floor(this.uniform() * 40);
    }

    // Engagement drives activity (the index), part of the propensity to open and the counters.
    t.propensity = 0.3 * engagement + 0.7 * this.normal();
    t.authorWeight = this.authorWeight(u);
    t.followRate = 0.06 * Math.exp(0.5 * engagement + 0.6 * this.normal());
    t.postRate = 0.01 * t.authorWeight * Math.exp(0.4 * this.normal());
    t.likeRate = 0.25 * Math.exp(0.5 * engagement + 0.4 * t.propensity + 0.5 * this.normal());
    t.commentsPerPost = 2.5 * Math.exp(0.6 * this.normal());
    t.pictureShare = 0.2 + 0.5 * this.uniform();
  }

  /** Stable uuid of a member, derived from the seed (no string kept per member). */
  id(u: number): string {
    return uuidFromKey(this.seed, 1, u);
  }

  /** Fills `out` with member u's profile on `day`. */
  stateAt(u: number, day: number, out: MemberState): MemberState {
    const t = this.traits(u);
    const lmp = t.lmpDay;
    let count = t.bornCount;
    for (let k = 0; k < count; k++) {
      out.childMonths[k] = Math.max(0, Math.floor((day - t.births[k]) / DAYS_PER_MONTH));
    }
    out.pregnant = false;
    out.pregnancyDay = Number.NaN;
    let declaredPregnancy = false;
    if (!Number.isNaN(lmp) && day >= lmp + DECLARE_AFTER_DAYS) {
      declaredPregnancy = true;
      if (day < lmp + t.gestationDays) {
        out.pregnant = true;
        out.pregnancyDay = day - lmp;
      } else if (count < MAX_CHILDREN) {
        // The baby is born: she becomes the mom of a newborn, her youngest child.
        out.childMonths[count] = Math.floor((day - (lmp + t.gestationDays)) / DAYS_PER_MONTH);
        count++;
      }
    }
    out.childCount = count;
    out.mom = count > 0;
    out.trying = t.trying && !declaredPregnancy;
    out.stage = out.pregnant
      ? STAGE_PREGNANT
      : out.trying
        ? STAGE_TRYING
        : out.mom
          ? STAGE_MOM
          : STAGE_TRYING;
    return out;
  }

  /** Whole days since account creation at `micros`. */
  accountAgeDays(u: number, micros: number): number {
    return Math.max(0, Math.floor((micros - this.traits(u).createdAt) / MICROS_PER_DAY));
  }

  countryCode(u: number): string {
    return COUNTRIES[this.traits(u).country][0];
  }

  departmentCode(u: number): string | null {
    const d = this.traits(u).department;
    return d < 0 ? null : DEPARTMENTS[d];
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Inverse of a modulo m (a coprime to m), by the extended Euclidean algorithm. */
function modInverse(a: number, m: number): number {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1, 0];
  while (r !== 0) {
    const q = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = 45;
/** Scratch for one uuid's char codes, rewritten in full by every call (not state). */
const uuidCodes = new Uint16Array(36);

/**
 * A version-4-shaped uuid that is a pure function of (seed, kind, index): ids cost no memory. Built from its
 * 36 char codes in one flat string: appending char by char made a rope of ~24 cons strings per id, ~800 bytes
 * of heap instead of ~64, which put the 10M-row ground truth's 14M ids past 11 GB of heap.
 */
export function uuidFromKey(seed: number, kind: number, index: number): string {
  const lo = index % 4294967296;
  const hi = Math.floor(index / 4294967296);
  let c = 0;
  for (let w = 0; w < 4; w++) {
    let v = hash32(seed ^ hi, lo, kind * 8 + w);
    if (w === 1) v = (v & 0xffff0fff) | 0x00004000;
    if (w === 2) v = ((v & 0x3fffffff) | 0x80000000) >>> 0;
    for (let k = 7; k >= 0; k--) {
      uuidCodes[c++] = HEX_CODES[(v >>> (k * 4)) & 15];
      const pos = w * 8 + (7 - k);
      if (pos === 7 || pos === 11 || pos === 15 || pos === 19) uuidCodes[c++] = DASH;
    }
  }
  return String.fromCharCode.apply(null, uuidCodes as unknown as number[]);
}
