/**
 * User x post match features: how close the viewer's situation is to the post author's. A pure,
 * browser-safe function of plain profile fields, and the subpath '@wemoms/features/user-post-match' as it
 * is (this module imports nothing). Used by the `userPostMatch` category for every query point and by the browser
 * demo to recompute the features live when a user edits her profile. Callers pass fields already advanced
 * to the query time (see profile-time.ts).
 */

/** The viewer's side: her maternity stage flags, pregnancy week, children and department. */
export interface ViewerMatchFields {
  isMom: boolean;
  isPregnant: boolean;
  isTrying: boolean;
  /** Current pregnancy week (NaN when not pregnant or unknown). */
  pregnancyWeek: number;
  /** Ages of her children in months (fractional allowed). */
  childrenAgeMonths: ArrayLike<number>;
  /** French département, null when unknown. */
  department: string | null;
  /** Country code (`FR`...), null or absent when unknown. */
  country?: string | null;
}

/** The post author's side, as the log describes authors. */
export interface AuthorMatchFields {
  /** 'mom' | 'pregnant' | 'trying' (any other string is kept as is), null when unknown. */
  maternityStage: string | null;
  /** Author's amenorrhea week (NaN when not pregnant or unknown). */
  amenorrheaWeek: number;
  childrenAgeMonths: ArrayLike<number>;
  department: string | null;
}

/** Numeric outputs, in the order computeUserPostMatch writes them. */
export const USER_POST_MATCH_NUMERIC = [
  /** 1 when the viewer has the author's stage flag (mom/pregnant/trying), 0 otherwise, NaN if stage unknown. */
  'extra_same_stage',
  /** 1 / 0, NaN when either department is unknown. */
  'extra_same_department',
  /** 1 when some child of the viewer and some child of the author have the same age in whole years. */
  'extra_child_same_age_years',
  /** 1 when some child of each has the same age in whole months. */
  'extra_child_same_age_months',
  /** Smallest |age difference| in months between a viewer child and an author child, NaN if either has none. */
  'extra_child_age_gap_months',
  /** 1 when the author's oldest child is older than the viewer's oldest (any author child if she has none). */
  'extra_author_has_older_children',
  /** |viewer pregnancy week - author amenorrhea week|, NaN unless both are known. */
  'extra_pregnancy_week_gap',
  /** Author amenorrhea week - viewer pregnancy week (> 0: the author is further along), NaN unless both. */
  'extra_pregnancy_week_diff',
  /** 1 when the author is 1 to 8 weeks further along in her pregnancy (what comes next for the viewer). */
  'extra_author_weeks_ahead_1_to_8',
  /** 1 when both are pregnant within 2 weeks of each other (same fortnight), 0 otherwise. */
  'extra_pregnancy_week_gap_le2',
  /** 1 when both are pregnant within 6 weeks of each other, 0 otherwise. */
  'extra_pregnancy_week_gap_le6',
  /** 1 when some child of the viewer and some child of the author are at most 3 months apart. */
  'extra_child_age_gap_le3_months',
  /** 1 when some child of each is at most 12 months apart. */
  'extra_child_age_gap_le12_months',
  /** 1 when the viewer is pregnant and the author has a baby under a year. */
  'extra_viewer_pregnant_author_baby_under_1y',
  /**
   * 1 when both live in the same country, 0 when not, NaN when unknown. The log has no author country: an
   * author with a (French) département lives in France; without one her country is unknown.
   */
  'extra_same_country',
] as const;

/** Categorical output: "<viewer stage>|<author stage>", a cross a linear model cannot build itself. */
export const USER_POST_MATCH_STAGE_PAIR = 'extra_stage_pair';

/** Viewer stage by precedence pregnant > mom > trying (a mother expecting again reads as pregnant). */
export const VIEWER_STAGES = ['pregnant', 'mom', 'trying', 'none'] as const;
/** Author stages as the log spells them, plus 'unknown' for null and 'other' for anything else. */
export const AUTHOR_STAGES = ['pregnant', 'mom', 'trying', 'other', 'unknown'] as const;
/** Dictionary of extra_stage_pair: code = viewerStageIndex * AUTHOR_STAGES.length + authorStageIndex. */
export const STAGE_PAIR_DICTIONARY: readonly string[] = VIEWER_STAGES.flatMap((v) =>
  AUTHOR_STAGES.map((a) => `${v}|${a}`),
);

function viewerStageIndex(v: ViewerMatchFields): number {
  return v.isPregnant ? 0 : v.isMom ? 1 : v.isTrying ? 2 : 3;
}

/** Index of an author stage in AUTHOR_STAGES (null -> 'unknown', unlisted strings -> 'other'). */
export function authorStageIndex(stage: string | null): number {
  if (stage === null) return 4;
  if (stage === 'pregnant') return 0;
  if (stage === 'mom') return 1;
  if (stage === 'trying') return 2;
  return 3;
}

/** Code of extra_stage_pair in STAGE_PAIR_DICTIONARY. */
export function stagePairCode(viewer: ViewerMatchFields, author: AuthorMatchFields): number {
  return viewerStageIndex(viewer) * AUTHOR_STAGES.length + authorStageIndex(author.maternityStage);
}

/**
 * Writes the USER_POST_MATCH_NUMERIC values of (viewer, author) into `out` starting at `offset`
 * (float64 or float32 array, or a plain array). Allocation-free, so it can run once per query point.
 */
export function computeUserPostMatch(
  viewer: ViewerMatchFields,
  author: AuthorMatchFields,
  out: { [i: number]: number },
  offset = 0,
): void {
  const stage = author.maternityStage;
  out[offset] =
    stage === null
      ? Number.NaN
      : (stage === 'mom' && viewer.isMom) ||
          (stage === 'pregnant' && viewer.isPregnant) ||
          (stage === 'trying' && viewer.isTrying)
        ? 1
        : 0;
  out[offset + 1] =
    viewer.department === null || author.department === null
      ? Number.NaN
      : viewer.department === author.department
        ? 1
        : 0;
  const va = viewer.childrenAgeMonths;
  const aa = author.childrenAgeMonths;
  let sameYears = 0;
  let sameMonths = 0;
  let gap = Number.POSITIVE_INFINITY;
  let viewerOldest = Number.NEGATIVE_INFINITY;
  let authorOldest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < va.length; i++) if (va[i] > viewerOldest) viewerOldest = va[i];
  for (let j = 0; j < aa.length; j++) {
    const a = aa[j];
    if (a > authorOldest) authorOldest = a;
    for (let i = 0; i < va.length; i++) {
      const v = va[i];
      if (Math.floor(v / 12) === Math.floor(a / 12)) sameYears = 1;
      if (Math.floor(v) === Math.floor(a)) sameMonths = 1;
      const d = Math.abs(v - a);
      if (d < gap) gap = d;
    }
  }
  out[offset + 2] = sameYears;
  out[offset + 3] = sameMonths;
  out[offset + 4] = gap === Number.POSITIVE_INFINITY ? Number.NaN : gap;
  out[offset + 5] = aa.length > 0 && authorOldest > viewerOldest ? 1 : 0;
  // NaN propagates: unknown on either side gives NaN.
  out[offset + 6] = Math.abs(viewer.pregnancyWeek - author.amenorrheaWeek);
  const diff = author.amenorrheaWeek - viewer.pregnancyWeek;
  out[offset + 7] = diff;
  // Comparisons with NaN are false: a flag is 0 unless both weeks are known.
  out[offset + 8] = diff >= 1 && diff <= 8 ? 1 : 0;
  out[offset + 9] = diff >= -2 && diff <= 2 ? 1 : 0;
  out[offset + 10] = diff >= -6 && diff <= 6 ? 1 : 0;
  out[offset + 11] = gap <= 3 ? 1 : 0;
  out[offset + 12] = gap <= 12 ? 1 : 0;
  let babyUnderOneYear = 0;
  if (viewer.isPregnant) for (let j = 0; j < aa.length; j++) if (aa[j] < 12) babyUnderOneYear = 1;
  out[offset + 13] = babyUnderOneYear;
  const country = viewer.country ?? null;
  out[offset + 14] = country === null || author.department === null ? Number.NaN : isFrance(country) ? 1 : 0;
}

/** The log's départements are French: a country code is France's when it reads FR (any case). */
export function isFrance(country: string): boolean {
  return country.trim().toUpperCase() === 'FR';
}

/** Convenience form for the demo: every user x post match feature of one (viewer, author) by name. */
export function userPostMatch(
  viewer: ViewerMatchFields,
  author: AuthorMatchFields,
): Record<(typeof USER_POST_MATCH_NUMERIC)[number], number> & { extra_stage_pair: string } {
  const values = new Float64Array(USER_POST_MATCH_NUMERIC.length);
  computeUserPostMatch(viewer, author, values);
  const result: Record<string, number | string> = {};
  USER_POST_MATCH_NUMERIC.forEach((name, i) => {
    result[name] = values[i];
  });
  result[USER_POST_MATCH_STAGE_PAIR] = STAGE_PAIR_DICTIONARY[stagePairCode(viewer, author)];
  return result as Record<(typeof USER_POST_MATCH_NUMERIC)[number], number> & { extra_stage_pair: string };
}
