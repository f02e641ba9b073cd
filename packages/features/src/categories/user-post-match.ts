import { postAsOf, userAsOf } from '../as-of.js';
import { makeFrame } from '../frame.js';
import { DAYS_PER_MONTH } from '../profile-time.js';
import type { FeatureCategory, FeatureSpec } from '../types.js';
import {
  AUTHOR_STAGES,
  authorStageIndex,
  isFrance,
  STAGE_PAIR_DICTIONARY,
  USER_POST_MATCH_NUMERIC,
  USER_POST_MATCH_STAGE_PAIR,
} from '../user-post-match.js';

const OUTPUTS: FeatureSpec[] = [
  ...USER_POST_MATCH_NUMERIC.map((name): FeatureSpec => ({ name, type: 'numeric' })),
  { name: USER_POST_MATCH_STAGE_PAIR, type: 'categorical' },
];

/**
 * User x post match (same stage, same department and country, children of the same age and their gap,
 * pregnancy week distance, its sign and buckets, a pregnant viewer reading a mother of a baby...):
 * the viewer's as-of profile and the post's as-of author fields, both advanced to t, matched exactly as
 * the pure computeUserPostMatch that the browser demo runs (same arithmetic in the same order on typed
 * arrays; user-post-match.test.ts checks every row against it). No per-row objects or string compares.
 * The study's "extra (user x post)" category: the columns keep its `extra_` prefix, so trained models and
 * feature files stay valid.
 */
export const userPostMatchCategory: FeatureCategory = {
  name: 'userPostMatch',
  keys: ['user', 'post', 'time'],
  outputs: OUTPUTS,
  build(context, batch) {
    const { queries, alloc } = batch;
    const c = context.log.columns;
    const q = queries.length;
    const viewerAt = userAsOf(context, batch);
    const authorAt = postAsOf(context, batch);
    // Every element is written below (NaN / -1 where missing): no pre-fill, recycled arrays allowed.
    const numeric = USER_POST_MATCH_NUMERIC.map(() => alloc.float32(q));
    const [
      sameStageOut,
      sameDepartmentOut,
      sameYearsOut,
      sameMonthsOut,
      gapOut,
      olderOut,
      weekGapOut,
      weekDiffOut,
      aheadOut,
      weekLe2Out,
      weekLe6Out,
      childLe3Out,
      childLe12Out,
      babyOut,
      sameCountryOut,
    ] = numeric;
    const stagePair = alloc.int32(q);
    // computeUserPostMatch on typed arrays, bit for bit (user-post-match.test.ts and the golden hashes
    // pin it): strings are compared once per dictionary entry, not per row, and the viewer side is
    // recomputed only when the viewer row or elapsed time changes (a test group shares both).
    const stageKind = Int32Array.from(c.author_maternity_stage.dictionary, (stage) =>
      authorStageIndex(stage),
    );
    const userDepartmentCode = new Map<string, number>();
    c.user_department.dictionary.forEach((d, code) => {
      if (!userDepartmentCode.has(d)) userDepartmentCode.set(d, code);
    });
    const authorToUserDepartment = Int32Array.from(
      c.author_department.dictionary,
      (d) => userDepartmentCode.get(d) ?? -2,
    );
    // Per country code: 1 France, 0 elsewhere (see isFrance); the viewer's side of extra_same_country.
    const countryIsFrance = Int32Array.from(c.user_country_code.dictionary, (code) =>
      isFrance(code) ? 1 : 0,
    );
    const userCountry = c.user_country_code.codes;
    const userDepartment = c.user_department.codes;
    const authorDepartment = c.author_department.codes;
    const authorStage = c.author_maternity_stage.codes;
    const isMomIn = c.user_is_mom;
    const isPregnantIn = c.user_is_pregnant;
    const isTryingIn = c.user_is_trying;
    const weekIn = c.user_pregnancy_current_week;
    const amenorrheaIn = c.author_amenorrhea_week;
    const viewerOffsets = c.user_children_age_month.offsets;
    const viewerValues = c.user_children_age_month.values;
    const authorOffsets = c.author_children_age_month.offsets;
    const authorValues = c.author_children_age_month.values;
    const userRow = viewerAt.row;
    const userElapsed = viewerAt.elapsedDays;
    const postRow = authorAt.row;
    const postElapsed = authorAt.elapsedDays;
    let viewerAges = new Float64Array(16);
    let viewerYears = new Float64Array(16);
    let viewerMonths = new Float64Array(16);
    let viewerCount = 0;
    let viewerOldest = Number.NEGATIVE_INFINITY;
    let isMom = false;
    let isPregnant = false;
    let isTrying = false;
    let pregnancyWeek = Number.NaN;
    let viewerDepartment = -1;
    let viewerFrance = -1;
    let viewerStage = 3;
    let cachedRow = -1;
    let cachedDays = Number.NaN;
    for (let i = 0; i < q; i++) {
      const u = userRow[i];
      const p = postRow[i];
      // Without an observation of both sides there is nothing to match: all missing.
      if (u < 0 || p < 0) {
        for (const column of numeric) column[i] = Number.NaN;
        stagePair[i] = -1;
        continue;
      }
      const userDays = userElapsed[i];
      if (u !== cachedRow || userDays !== cachedDays) {
        cachedRow = u;
        cachedDays = userDays;
        isMom = isMomIn[u] === 1;
        isPregnant = isPregnantIn[u] === 1;
        isTrying = isTryingIn[u] === 1;
        pregnancyWeek = weekIn[u] + userDays / 7;
        const months = userDays / DAYS_PER_MONTH;
        const from = viewerOffsets[u];
        viewerCount = viewerOffsets[u + 1] - from;
        if (viewerCount > viewerAges.length) {
          viewerAges = new Float64Array(viewerCount);
          viewerYears = new Float64Array(viewerCount);
          viewerMonths = new Float64Array(viewerCount);
        }
        viewerOldest = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < viewerCount; j++) {
          const v = viewerValues[from + j] + months;
          viewerAges[j] = v;
          viewerYears[j] = Math.floor(v / 12);
          viewerMonths[j] = Math.floor(v);
          if (v > viewerOldest) viewerOldest = v;
        }
        viewerDepartment = userDepartment[u];
        viewerFrance = userCountry[u] >= 0 ? countryIsFrance[userCountry[u]] : -1;
        viewerStage = isPregnant ? 0 : isMom ? 1 : isTrying ? 2 : 3;
      }
      const postDays = postElapsed[i];
      const stageCode = authorStage[p];
      const kind = stageCode >= 0 ? stageKind[stageCode] : 4;
      sameStageOut[i] =
        kind === 4
          ? Number.NaN
          : (kind === 1 && isMom) || (kind === 0 && isPregnant) || (kind === 2 && isTrying)
            ? 1
            : 0;
      const ad = authorDepartment[p];
      sameDepartmentOut[i] =
        viewerDepartment < 0 || ad < 0 ? Number.NaN : authorToUserDepartment[ad] === viewerDepartment ? 1 : 0;
      const authorMonths = postDays / DAYS_PER_MONTH;
      const from = authorOffsets[p];
      const to = authorOffsets[p + 1];
      let sameYears = 0;
      let sameMonths = 0;
      let gap = Number.POSITIVE_INFINITY;
      let authorOldest = Number.NEGATIVE_INFINITY;
      let babyUnderOneYear = 0;
      for (let j = from; j < to; j++) {
        const a = authorValues[j] + authorMonths;
        if (a > authorOldest) authorOldest = a;
        if (isPregnant && a < 12) babyUnderOneYear = 1;
        const ay = Math.floor(a / 12);
        const am = Math.floor(a);
        for (let k = 0; k < viewerCount; k++) {
          if (viewerYears[k] === ay) sameYears = 1;
          if (viewerMonths[k] === am) sameMonths = 1;
          const d = Math.abs(viewerAges[k] - a);
          if (d < gap) gap = d;
        }
      }
      sameYearsOut[i] = sameYears;
      sameMonthsOut[i] = sameMonths;
      gapOut[i] = gap === Number.POSITIVE_INFINITY ? Number.NaN : gap;
      olderOut[i] = to > from && authorOldest > viewerOldest ? 1 : 0;
      // NaN propagates: unknown on either side gives NaN.
      const authorWeek = amenorrheaIn[p] + postDays / 7;
      weekGapOut[i] = Math.abs(pregnancyWeek - authorWeek);
      const diff = authorWeek - pregnancyWeek;
      weekDiffOut[i] = diff;
      aheadOut[i] = diff >= 1 && diff <= 8 ? 1 : 0;
      weekLe2Out[i] = diff >= -2 && diff <= 2 ? 1 : 0;
      weekLe6Out[i] = diff >= -6 && diff <= 6 ? 1 : 0;
      childLe3Out[i] = gap <= 3 ? 1 : 0;
      childLe12Out[i] = gap <= 12 ? 1 : 0;
      babyOut[i] = babyUnderOneYear;
      sameCountryOut[i] = viewerFrance < 0 || ad < 0 ? Number.NaN : viewerFrance;
      stagePair[i] = viewerStage * AUTHOR_STAGES.length + kind;
    }
    const columns: Record<string, Float32Array | { codes: Int32Array; dictionary: string[] }> = {};
    USER_POST_MATCH_NUMERIC.forEach((name, k) => {
      columns[name] = numeric[k];
    });
    columns[USER_POST_MATCH_STAGE_PAIR] = { codes: stagePair, dictionary: [...STAGE_PAIR_DICTIONARY] };
    return makeFrame(OUTPUTS, q, columns);
  },
};
