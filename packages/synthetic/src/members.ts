/**
 * The app's members: every viewer and every author is one. Static traits are drawn once (typed arrays,
 * no per-member objects); everything that moves with time (pregnancy day, birth of the baby, children's
 * ages, account age, activity counters) is a function of the day, so a member's profile on any day is
 * exact and cheap to recompute.
 */
import { MICROS_PER_DAY } from '@wemoms/data-schema';
import { COUNTRIES, DEPARTMENT_WEIGHTS, DEPARTMENTS } from './geography.js';
import { cumulativeOf, hash32, type Rng } from './random.js';

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

/** Population size and the window it lives through. */
export interface MemberPopulationOptions {
  readonly count: number;
  /** First day of the log (days since epoch). */
  readonly startDay: number;
  /** Number of days of the log. */
  readonly days: number;
  readonly seed: number;
}

export class MemberPopulation {
  readonly count: number;
  private readonly seed: number;
  readonly country: Uint8Array;
  /** Index into DEPARTMENTS, -1 = none. */
  readonly department: Int16Array;
  /** 0 = ios, 1 = android. */
  readonly platform: Uint8Array;
  readonly createdAt: Float64Array;
  /** Relative rate of feed sessions (heavy-tailed). */
  readonly activity: Float32Array;
  /** Latent shift of the open logit: some women open much more than others. */
  readonly propensity: Float32Array;
  /** Relative rate of posting. */
  readonly authorWeight: Float32Array;
  /** Age in whole years, NaN when unknown. */
  readonly ageYears: Float32Array;
  /** Day of the last menstrual period of the current or coming pregnancy, NaN when none. */
  readonly lmpDay: Float64Array;
  readonly gestationDays: Int16Array;
  /** Trying to conceive (until a pregnancy is declared). */
  readonly trying: Uint8Array;
  /** Birth days of children born before the simulation, oldest first, MAX_CHILDREN per member. */
  readonly births: Float64Array;
  readonly bornCount: Uint8Array;
  readonly followRate: Float32Array;
  readonly postRate: Float32Array;
  readonly likeRate: Float32Array;
  readonly commentsPerPost: Float32Array;
  readonly pictureShare: Float32Array;

  constructor(rng: Rng, options: MemberPopulationOptions) {
    const n = options.count;
    this.count = n;
    this.seed = options.seed;
    this.country = new Uint8Array(n);
    this.department = new Int16Array(n);
    this.platform = new Uint8Array(n);
    this.createdAt = new Float64Array(n);
    this.activity = new Float32Array(n);
    this.propensity = new Float32Array(n);
    this.authorWeight = new Float32Array(n);
    this.ageYears = new Float32Array(n);
    this.lmpDay = new Float64Array(n);
    this.gestationDays = new Int16Array(n);
    this.trying = new Uint8Array(n);
    this.births = new Float64Array(n * MAX_CHILDREN);
    this.bornCount = new Uint8Array(n);
    this.followRate = new Float32Array(n);
    this.postRate = new Float32Array(n);
    this.likeRate = new Float32Array(n);
    this.commentsPerPost = new Float32Array(n);
    this.pictureShare = new Float32Array(n);

    const countryCum = cumulativeOf(COUNTRIES.map(([, w]) => w));
    const deptCum = cumulativeOf(DEPARTMENT_WEIGHTS);
    const start = options.startDay;
    for (let u = 0; u < n; u++) {
      const c = rng.pickCumulative(countryCum);
      this.country[u] = c;
      this.department[u] = COUNTRIES[c][0] === 'FR' && !rng.chance(0.07) ? rng.pickCumulative(deptCum) : -1;
      this.platform[u] = rng.chance(0.57) ? 0 : 1;
      this.ageYears[u] = rng.chance(0.2)
        ? Number.NaN
        : Math.round(Math.min(45, Math.max(18, 30.5 + 4.5 * rng.normal())));

      const stageDraw = rng.float();
      this.lmpDay[u] = Number.NaN;
      this.gestationDays[u] = Math.round(Math.min(294, Math.max(252, 280 + 7 * rng.normal())));
      let youngestMeanMonths = 10;
      let children = 0;
      let accountAgeDays: number;
      if (stageDraw < INITIAL_STAGE_MIX.pregnant) {
        const pregDay = 30 + rng.int(Math.max(1, this.gestationDays[u] - 31));
        this.lmpDay[u] = start - pregDay;
        children = rng.chance(0.35) ? (rng.chance(0.2) ? 2 : 1) : 0;
        youngestMeanMonths = 30;
        accountAgeDays = rng.chance(0.25) ? 1 + rng.exponential(400) : rng.float() * (pregDay - 20) + 1;
      } else if (stageDraw < INITIAL_STAGE_MIX.pregnant + INITIAL_STAGE_MIX.mom) {
        const d = rng.float();
        children = d < 0.6 ? 1 : d < 0.9 ? 2 : 3;
        accountAgeDays = 30 + rng.exponential(380);
      } else {
        this.trying[u] = 1;
        children = rng.chance(0.45) ? 1 : 0;
        youngestMeanMonths = 30;
        // Some women trying conceive during the month and declare the pregnancy on the app.
        if (rng.chance(0.12)) this.lmpDay[u] = start + rng.int(options.days) - DECLARE_AFTER_DAYS;
        accountAgeDays = 1 + rng.exponential(250);
      }
      // A share of members join during the log itself: the pipeline must handle cold starts.
      const joinsDuringLog = rng.chance(0.15);
      const createdDay = joinsDuringLog
        ? start + rng.float() * options.days
        : start - Math.min(2400, Math.max(1, accountAgeDays));
      this.createdAt[u] = Math.floor(createdDay * MICROS_PER_DAY + rng.float() * 1e6);

      let ageMonths = Math.min(60, rng.exponential(youngestMeanMonths));
      const births: number[] = [];
      for (let k = 0; k < children; k++) {
        births.push(start - ageMonths * DAYS_PER_MONTH - rng.int(30));
        ageMonths += 15 + rng.int(40);
      }
      births.reverse(); // oldest first
      this.bornCount[u] = births.length;
      for (let k = 0; k < births.length; k++) this.births[u * MAX_CHILDREN + k] = Math.floor(births[k]);

      // Engagement: heavy-tailed activity; the propensity to open is partly the same trait.
      const engagement = rng.normal();
      const stageBoost = Number.isNaN(this.lmpDay[u]) ? 1 : 1.25;
      this.activity[u] = Math.exp(2 * engagement) * stageBoost;
      this.propensity[u] = 0.45 * engagement + 0.55 * rng.normal();
      this.authorWeight[u] = Math.exp(1.3 * rng.normal() + 0.3 * engagement);
      this.followRate[u] = 0.06 * Math.exp(0.5 * engagement + 0.6 * rng.normal());
      this.postRate[u] = 0.01 * this.authorWeight[u] * Math.exp(0.4 * rng.normal());
      this.likeRate[u] = 0.25 * Math.exp(0.5 * engagement + 0.4 * this.propensity[u] + 0.5 * rng.normal());
      this.commentsPerPost[u] = 2.5 * Math.exp(0.6 * rng.normal());
      this.pictureShare[u] = 0.2 + 0.5 * rng.float();
    }
  }

  /** Stable uuid of a member, derived from the seed (no string kept per member). */
  id(u: number): string {
    return uuidFromKey(this.seed, 1, u);
  }

  /** Fills `out` with member u's profile on `day`. */
  stateAt(u: number, day: number, out: MemberState): MemberState {
    const lmp = this.lmpDay[u];
    const gestation = this.gestationDays[u];
    let count = this.bornCount[u];
    for (let k = 0; k < count; k++) {
      out.childMonths[k] = Math.max(
        0,
        Math.floor((day - this.births[u * MAX_CHILDREN + k]) / DAYS_PER_MONTH),
      );
    }
    out.pregnant = false;
    out.pregnancyDay = Number.NaN;
    let declaredPregnancy = false;
    if (!Number.isNaN(lmp) && day >= lmp + DECLARE_AFTER_DAYS) {
      declaredPregnancy = true;
      if (day < lmp + gestation) {
        out.pregnant = true;
        out.pregnancyDay = day - lmp;
      } else if (count < MAX_CHILDREN) {
        // The baby is born: she becomes a mom of a newborn, the youngest child.
        out.childMonths[count] = Math.floor((day - (lmp + gestation)) / DAYS_PER_MONTH);
        count++;
      }
    }
    out.childCount = count;
    out.mom = count > 0;
    out.trying = this.trying[u] === 1 && !declaredPregnancy;
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
    return Math.max(0, Math.floor((micros - this.createdAt[u]) / MICROS_PER_DAY));
  }

  countryCode(u: number): string {
    return COUNTRIES[this.country[u]][0];
  }

  departmentCode(u: number): string | null {
    const d = this.department[u];
    return d < 0 ? null : DEPARTMENTS[d];
  }
}

const HEX = '0123456789abcdef';

/** A version-4-shaped uuid that is a pure function of (seed, kind, index): ids cost no memory. */
export function uuidFromKey(seed: number, kind: number, index: number): string {
  let s = '';
  const lo = index % 4294967296;
  const hi = Math.floor(index / 4294967296);
  for (let w = 0; w < 4; w++) {
    let v = hash32(seed ^ hi, lo, kind * 8 + w);
    if (w === 1) v = (v & 0xffff0fff) | 0x00004000;
    if (w === 2) v = ((v & 0x3fffffff) | 0x80000000) >>> 0;
    for (let k = 7; k >= 0; k--) {
      s += HEX[(v >>> (k * 4)) & 15];
      const pos = w * 8 + (7 - k);
      if (pos === 7 || pos === 11 || pos === 15 || pos === 19) s += '-';
    }
  }
  return s;
}
