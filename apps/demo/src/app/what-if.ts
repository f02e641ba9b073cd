import {
  type AuthorMatchFields,
  computeUserPostMatch,
  DAYS_PER_MONTH,
  STAGE_PAIR_DICTIONARY,
  stagePairCode,
  USER_POST_MATCH_NUMERIC,
  USER_POST_MATCH_STAGE_PAIR,
  type ViewerMatchFields,
} from '@wemoms/features';
import type { AuthorTable, DemoProfile } from '../format.js';
import type { Columns } from './demo-ranker.js';

/** Per candidate: which authors.json entry describes its author as of the user's time, and how long before. */
export interface CandidateAuthors {
  /** Index into the AuthorTable, -1 when the post was never observed. */
  readonly row: Int32Array;
  /** Days from that observation to the candidate time (its ages and amenorrhea week advance by them). */
  readonly elapsedDays: Float64Array;
}

const sameList = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** True when the what-if controls leave the profile as exported (then the exported columns are used as is). */
export function sameProfile(a: DemoProfile, b: DemoProfile): boolean {
  return (
    a.isMom === b.isMom &&
    a.isPregnant === b.isPregnant &&
    a.isTrying === b.isTrying &&
    a.pregnancyWeek === b.pregnancyWeek &&
    a.department === b.department &&
    sameList(a.childrenAgeMonths, b.childrenAgeMonths)
  );
}

const constant = (n: number, v: number) => new Float32Array(n).fill(v);

/**
 * The candidate columns for an edited profile: the user x post match features recomputed with
 * @wemoms/features' own `computeUserPostMatch` (the function the featuriser runs), and the viewer's profile
 * columns (stage flags, pregnancy progress, children, department) set from the edit. Columns the model
 * does not use are left out of the work; everything else is the exported columns, untouched.
 *
 * Pregnancy day and month follow the edited week by the same shift (day = week x 7 when she was not
 * pregnant before); the trimester follows the week (1 to week 13, 2 to week 27, then 3), an approximation
 * of the app's own convention.
 */
export function applyWhatIf(
  base: Columns,
  baseProfile: DemoProfile,
  profile: DemoProfile,
  authors: AuthorTable,
  candidateAuthors: CandidateAuthors,
): Columns {
  if (sameProfile(baseProfile, profile)) return base;
  const n = candidateAuthors.row.length;
  const out: Record<string, Columns[string]> = { ...base };
  const has = (name: string) => name in base;

  const match = userPostMatchColumns(profile, authors, candidateAuthors);
  for (const [name, column] of Object.entries(match)) if (has(name)) out[name] = column;

  // The viewer's own profile columns (the user category).
  const set = (name: string, value: number) => {
    if (has(name)) out[name] = constant(n, value);
  };
  set('user_is_mom', profile.isMom ? 1 : 0);
  set('user_is_pregnant', profile.isPregnant ? 1 : 0);
  set('user_is_trying', profile.isTrying ? 1 : 0);
  const w0 = baseProfile.pregnancyWeek;
  const w1 = profile.pregnancyWeek;
  if (w1 !== w0) {
    const first = (name: string) => {
      const c = base[name];
      return c instanceof Float32Array || c instanceof Float64Array ? c[0] : Number.NaN;
    };
    const shiftDays = w1 === null || w0 === null ? Number.NaN : (w1 - w0) * 7;
    const day = w1 === null ? Number.NaN : w0 === null ? w1 * 7 : first('user_pregnancy_day') + shiftDays;
    set('user_pregnancy_week', w1 ?? Number.NaN);
    set('user_pregnancy_day', day);
    set(
      'user_pregnancy_month',
      w1 === null
        ? Number.NaN
        : w0 === null
          ? day / DAYS_PER_MONTH
          : first('user_pregnancy_month') + shiftDays / DAYS_PER_MONTH,
    );
    set('user_pregnancy_trimester', w1 === null ? Number.NaN : w1 <= 13 ? 1 : w1 <= 27 ? 2 : 3);
  }
  if (!sameList(baseProfile.childrenAgeMonths, profile.childrenAgeMonths)) {
    const list = profile.childrenAgeMonths;
    set('user_children_count', list.length);
    set('user_youngest_child_months', list.length ? Math.min(...list) : Number.NaN);
    set('user_oldest_child_months', list.length ? Math.max(...list) : Number.NaN);
  }
  if (profile.department !== baseProfile.department && has('user_department'))
    out.user_department =
      profile.department === null
        ? { codes: new Int32Array(n).fill(-1), dictionary: [] }
        : { codes: new Int32Array(n), dictionary: [profile.department] };
  return out;
}

/**
 * The user x post match columns of one viewer against every candidate's author, as the featuriser's
 * userPostMatch category computes them: the author fields advanced by the elapsed days, then @wemoms/features'
 * computeUserPostMatch and stagePairCode. For the exported profile this reproduces the exported columns
 * bit for bit (tested), so an edit changes exactly what the edit changes.
 */
export function userPostMatchColumns(
  profile: DemoProfile,
  authors: AuthorTable,
  candidateAuthors: CandidateAuthors,
): Record<string, Float32Array | { codes: Int32Array; dictionary: readonly string[] }> {
  const n = candidateAuthors.row.length;
  const numeric = USER_POST_MATCH_NUMERIC.map(() => new Float32Array(n).fill(Number.NaN));
  const stagePair = new Int32Array(n).fill(-1);
  const values = new Float64Array(USER_POST_MATCH_NUMERIC.length);
  const viewer: ViewerMatchFields = {
    isMom: profile.isMom,
    isPregnant: profile.isPregnant,
    isTrying: profile.isTrying,
    pregnancyWeek: profile.pregnancyWeek ?? Number.NaN,
    childrenAgeMonths: profile.childrenAgeMonths,
    department: profile.department,
    country: profile.country,
  };
  const ages: number[] = [];
  const author: AuthorMatchFields = {
    maternityStage: null,
    amenorrheaWeek: Number.NaN,
    childrenAgeMonths: ages,
    department: null,
  };
  for (let i = 0; i < n; i++) {
    const a = candidateAuthors.row[i];
    // Without an observation of the post there is nothing to match: all missing, as in the featuriser.
    if (a < 0) continue;
    const days = candidateAuthors.elapsedDays[i];
    author.maternityStage = authors.stage[a];
    author.amenorrheaWeek = (authors.amenorrheaWeek[a] ?? Number.NaN) + days / 7;
    ages.length = 0;
    for (const months of authors.childrenAgeMonths[a]) ages.push(months + days / DAYS_PER_MONTH);
    author.department = authors.department[a];
    computeUserPostMatch(viewer, author, values);
    for (let k = 0; k < numeric.length; k++) numeric[k][i] = values[k];
    stagePair[i] = stagePairCode(viewer, author);
  }
  const out: Record<string, Float32Array | { codes: Int32Array; dictionary: readonly string[] }> = {};
  USER_POST_MATCH_NUMERIC.forEach((name, k) => {
    out[name] = numeric[k];
  });
  out[USER_POST_MATCH_STAGE_PAIR] = { codes: stagePair, dictionary: STAGE_PAIR_DICTIONARY };
  return out;
}
