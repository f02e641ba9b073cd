/**
 * Every feature category described once, as data: its output columns in output order, each with the
 * expression that defines its value (expr.ts). The TypeScript kernels (categories/) compute the same
 * values with typed-array code and are checked against these descriptions (same names, order, types:
 * definitions.test.ts; same values: the SQL parity tests of @wemoms/feature-sql); the SQL compiler renders
 * them. Changing a feature means changing its definition here and its kernel, and the tests say when the
 * two disagree.
 */
import { MICROS_PER_DAY, MICROS_PER_HOUR, type RawColumnName } from '@wemoms/data-schema';
import { AGE_BUCKET_EDGES_HOURS, COHORT_COUNTERS, COHORT_WINDOW_MICROS } from '../age-cohorts.js';
import { USER_POST_MATCH_NUMERIC, USER_POST_MATCH_STAGE_PAIR } from '../user-post-match.js';
import {
  DAYS_PER_MONTH,
  DAYS_PER_YEAR,
  PRIOR_VIEWS,
  TASTE_WINDOWS,
  USER_COUNTERS,
  VELOCITY_AGE_OFFSET_HOURS,
  WINDOWS,
} from './constants.js';
import {
  type AsOfSource,
  add,
  and,
  type CategoryExpr,
  compare,
  div,
  type Expr,
  elapsedDaysOf,
  element,
  field,
  flag,
  hasRow,
  isMissing,
  type ListRef,
  MISSING,
  mod,
  mul,
  not,
  num,
  or,
  POST_CREATION,
  QUERY_TIME,
  ratio,
  type StreamKey,
  sub,
  type TextRef,
  textEquals,
  textIs,
  textMissing,
  unary,
  type WindowMatch,
  when,
  windowOf,
} from './expr.js';

/** One output column: numeric (NaN / NULL = missing) or categorical (a string, null = missing). */
export type FeatureDefinition =
  | { readonly name: string; readonly type: 'numeric'; readonly expr: Expr }
  | { readonly name: string; readonly type: 'categorical'; readonly expr: CategoryExpr };

/** One category: its registry name and its outputs in the kernel's column order. */
export interface CategoryDefinition {
  readonly name: string;
  readonly outputs: readonly FeatureDefinition[];
}

const numeric = (name: string, expr: Expr): FeatureDefinition => ({ name, type: 'numeric', expr });
const categorical = (name: string, expr: CategoryExpr): FeatureDefinition => ({
  name,
  type: 'categorical',
  expr,
});
const text = (source: AsOfSource, column: RawColumnName): TextRef => ({ source, column });
const list = (source: AsOfSource, column: RawColumnName): ListRef => ({
  source,
  column,
  // Ages in months advance by the elapsed months since the observation.
  shift: div(elapsedDaysOf(source), num(DAYS_PER_MONTH)),
});
const hours = (micros: Expr): Expr => div(micros, num(MICROS_PER_HOUR));
/** A field observed some days before t, advanced to t at `perDay` units per day. */
const advanced = (source: AsOfSource, column: RawColumnName, daysPerUnit: number): Expr =>
  add(
    field(source, column),
    daysPerUnit === 1 ? elapsedDaysOf(source) : div(elapsedDaysOf(source), num(daysPerUnit)),
  );
const listExtreme = (fn: 'min' | 'max', ref: ListRef): Expr => ({ kind: 'listExtreme', fn, list: ref });

/**
 * `opens / views` shrunk toward `prior` by PRIOR_VIEWS pseudo-views; the raw rate when the prior is
 * missing, missing without views then (smoothedRate in the kernels).
 */
export function smoothedRateExpr(opens: Expr, views: Expr, prior: Expr): Expr {
  return when(
    isMissing(prior),
    ratio(opens, views),
    div(add(opens, mul(num(PRIOR_VIEWS), prior)), add(views, num(PRIOR_VIEWS))),
  );
}

/** Open rate of every impression in [t - w, t), missing when there is none: the prior of the rates. */
export const globalOpenRateExpr = (windowMicros: number): Expr =>
  ratio(windowOf('all', 'opens', windowMicros), windowOf('all', 'views', windowMicros));

// --- user ---------------------------------------------------------------------------------------------

const userDefinition: CategoryDefinition = {
  name: 'user',
  outputs: [
    numeric('user_is_mom', field('user', 'user_is_mom')),
    numeric('user_is_pregnant', field('user', 'user_is_pregnant')),
    numeric('user_is_trying', field('user', 'user_is_trying')),
    categorical('user_country_code', { kind: 'categoryField', text: text('user', 'user_country_code') }),
    categorical('user_platform', { kind: 'categoryField', text: text('user', 'platform') }),
    categorical('user_department', { kind: 'categoryField', text: text('user', 'user_department') }),
    numeric('user_account_age_days', advanced('user', 'days_since_user_account_creation', 1)),
    numeric('user_pregnancy_day', advanced('user', 'user_pregnancy_current_day', 1)),
    numeric('user_pregnancy_week', advanced('user', 'user_pregnancy_current_week', 7)),
    numeric('user_pregnancy_month', advanced('user', 'user_pregnancy_current_month', DAYS_PER_MONTH)),
    // A discrete stage whose boundary conventions vary: kept as observed.
    numeric('user_pregnancy_trimester', field('user', 'user_pregnancy_current_trimester')),
    ...USER_COUNTERS.map((c) => numeric(c, field('user', c))),
    numeric('user_youngest_child_months', listExtreme('min', list('user', 'user_children_age_month'))),
    numeric('user_oldest_child_months', listExtreme('max', list('user', 'user_children_age_month'))),
    numeric('user_age', advanced('user', 'user_age', DAYS_PER_YEAR)),
    numeric('user_trying_since_days', advanced('user', 'user_is_trying_since_days', 1)),
  ],
};

// --- post ---------------------------------------------------------------------------------------------

const postAgeHours = hours(sub(QUERY_TIME, POST_CREATION));

const postDefinition: CategoryDefinition = {
  name: 'post',
  outputs: [
    numeric('post_age_hours', postAgeHours),
    numeric('post_has_picture', field('post', 'has_picture')),
    numeric('post_has_text', field('post', 'has_text')),
    numeric('post_has_video', field('post', 'has_video')),
    categorical('author_maternity_stage', {
      kind: 'categoryField',
      text: text('post', 'author_maternity_stage'),
    }),
    numeric('author_children_count', field('post', 'author_children_count')),
    numeric('author_youngest_child_months', listExtreme('min', list('post', 'author_children_age_month'))),
    numeric('author_oldest_child_months', listExtreme('max', list('post', 'author_children_age_month'))),
    numeric('author_amenorrhea_week', advanced('post', 'author_amenorrhea_week', 7)),
    categorical('author_department', { kind: 'categoryField', text: text('post', 'author_department') }),
    numeric('author_age', advanced('post', 'author_age', DAYS_PER_YEAR)),
    // Counters only from an observation strictly before t (issue 19).
    numeric('post_likes_count', field('postCounts', 'post_likes_count')),
    numeric('post_comments_count', field('postCounts', 'post_comments_count')),
    numeric('post_survey_answers_count', field('postCounts', 'survey_answers_count')),
    numeric(
      'post_hours_since_first_comment',
      when(
        compare('<', field('postCounts', 'first_comment_at'), QUERY_TIME),
        hours(sub(QUERY_TIME, field('postCounts', 'first_comment_at'))),
        MISSING,
      ),
    ),
    numeric('post_counts_age_hours', div(field('postCounts', 'post_age_in_minutes'), num(60))),
  ],
};

// --- userPostMatch (user x post; the study's "extra" category, columns still prefixed extra_) -------------

const viewerWeek = advanced('user', 'user_pregnancy_current_week', 7);
const authorWeek = advanced('post', 'author_amenorrhea_week', 7);
const weekDiff = sub(authorWeek, viewerWeek);
const viewerChildren = list('user', 'user_children_age_month');
const authorChildren = list('post', 'author_children_age_month');
const childGap: Expr = {
  kind: 'pairs',
  fn: 'min',
  outer: viewerChildren,
  inner: authorChildren,
  body: unary('abs', sub(element('x'), element('y'))),
};
const sameChildAge = (unitMonths: number): Expr => {
  const bucket = (e: Expr) => unary('floor', unitMonths === 1 ? e : div(e, num(unitMonths)));
  return {
    kind: 'pairs',
    fn: 'any',
    outer: viewerChildren,
    inner: authorChildren,
    body: flag(compare('=', bucket(element('x')), bucket(element('y')))),
  };
};
const isFlag = (column: RawColumnName) => compare('=', field('user', column), num(1));
const authorStage = text('post', 'author_maternity_stage');
const authorIs = (stage: string) => compare('=', textIs(authorStage, stage), num(1));
const between = (e: Expr, lo: number, hi: number) =>
  and(compare('>=', e, num(lo)), compare('<=', e, num(hi)));

/** The user x post match outputs by name (their order comes from USER_POST_MATCH_NUMERIC, the demo's pure function). */
const USER_POST_MATCH_EXPRS: Record<(typeof USER_POST_MATCH_NUMERIC)[number], Expr> = {
  extra_same_stage: when(
    compare('=', textMissing(authorStage), num(1)),
    MISSING,
    flag(
      or(
        and(authorIs('mom'), isFlag('user_is_mom')),
        and(authorIs('pregnant'), isFlag('user_is_pregnant')),
        and(authorIs('trying'), isFlag('user_is_trying')),
      ),
    ),
  ),
  extra_same_department: when(
    or(
      compare('=', textMissing(text('user', 'user_department')), num(1)),
      compare('=', textMissing(text('post', 'author_department')), num(1)),
    ),
    MISSING,
    textEquals(text('user', 'user_department'), text('post', 'author_department')),
  ),
  extra_child_same_age_years: sameChildAge(12),
  extra_child_same_age_months: sameChildAge(1),
  extra_child_age_gap_months: childGap,
  // An author with children is "older" than a viewer without any.
  extra_author_has_older_children: flag(
    or(
      and(
        not(isMissing({ kind: 'listExtreme', fn: 'max', list: authorChildren })),
        isMissing({ kind: 'listExtreme', fn: 'max', list: viewerChildren }),
      ),
      compare(
        '>',
        { kind: 'listExtreme', fn: 'max', list: authorChildren },
        { kind: 'listExtreme', fn: 'max', list: viewerChildren },
      ),
    ),
  ),
  extra_pregnancy_week_gap: unary('abs', sub(viewerWeek, authorWeek)),
  extra_pregnancy_week_diff: weekDiff,
  extra_author_weeks_ahead_1_to_8: flag(between(weekDiff, 1, 8)),
  extra_pregnancy_week_gap_le2: flag(between(weekDiff, -2, 2)),
  extra_pregnancy_week_gap_le6: flag(between(weekDiff, -6, 6)),
  extra_child_age_gap_le3_months: flag(compare('<=', childGap, num(3))),
  extra_child_age_gap_le12_months: flag(compare('<=', childGap, num(12))),
  extra_viewer_pregnant_author_baby_under_1y: flag(
    and(
      isFlag('user_is_pregnant'),
      compare(
        '=',
        { kind: 'listAny', list: authorChildren, body: flag(compare('<', element('x'), num(12))) },
        num(1),
      ),
    ),
  ),
  // The log has no author country: an author with a département lives in France.
  extra_same_country: when(
    or(
      compare('=', textMissing(text('user', 'user_country_code')), num(1)),
      compare('=', textMissing(text('post', 'author_department')), num(1)),
    ),
    MISSING,
    textIs(text('user', 'user_country_code'), 'FR', true),
  ),
};

/** Without an observation of both the viewer and the post there is nothing to match: all missing. */
const bothObserved = and(compare('=', hasRow('user'), num(1)), compare('=', hasRow('post'), num(1)));

const viewerStageLabel: CategoryExpr = {
  kind: 'labels',
  cases: [
    { when: isFlag('user_is_pregnant'), label: 'pregnant' },
    { when: isFlag('user_is_mom'), label: 'mom' },
    { when: isFlag('user_is_trying'), label: 'trying' },
  ],
  otherwise: 'none',
};
const authorStageLabel: CategoryExpr = {
  kind: 'labels',
  cases: [
    { when: compare('=', textMissing(authorStage), num(1)), label: 'unknown' },
    { when: authorIs('pregnant'), label: 'pregnant' },
    { when: authorIs('mom'), label: 'mom' },
    { when: authorIs('trying'), label: 'trying' },
  ],
  otherwise: 'other',
};

const userPostMatchDefinition: CategoryDefinition = {
  name: 'userPostMatch',
  outputs: [
    ...USER_POST_MATCH_NUMERIC.map((name) =>
      numeric(name, when(bothObserved, USER_POST_MATCH_EXPRS[name], MISSING)),
    ),
    categorical(USER_POST_MATCH_STAGE_PAIR, {
      kind: 'join',
      parts: [viewerStageLabel, authorStageLabel],
      separator: '|',
      when: bothObserved,
    }),
  ],
};

// --- window categories -------------------------------------------------------------------------------

/** The columns of a window category (windowSpecs in the kernels), in their order. */
function windowOutputs(
  prefix: string,
  stream: StreamKey,
  rate: boolean,
  lastOpen: boolean,
): FeatureDefinition[] {
  const out: FeatureDefinition[] = [];
  for (const w of WINDOWS) {
    const views = windowOf(stream, 'views', w.micros);
    const opens = windowOf(stream, 'opens', w.micros);
    out.push(numeric(`${prefix}_views_${w.label}`, views), numeric(`${prefix}_opens_${w.label}`, opens));
    if (rate) {
      out.push(
        numeric(
          `${prefix}_open_rate_${w.label}`,
          smoothedRateExpr(opens, views, globalOpenRateExpr(w.micros)),
        ),
      );
    }
  }
  out.push(
    numeric(`${prefix}_views_before`, windowOf(stream, 'views', null)),
    numeric(
      `${prefix}_hours_since_last_view`,
      hours(sub(QUERY_TIME, windowOf(stream, 'lastViewTime', null))),
    ),
  );
  if (lastOpen) {
    out.push(
      numeric(
        `${prefix}_hours_since_last_open`,
        hours(sub(QUERY_TIME, windowOf(stream, 'lastOpenTime', null))),
      ),
    );
  }
  return out;
}

const postPopularityDefinition: CategoryDefinition = {
  name: 'postPopularity',
  outputs: windowOutputs('post_pop', 'post', true, true),
};
const userPostPopularityDefinition: CategoryDefinition = {
  name: 'userPostPopularity',
  // A per-pair open rate over one or two views is noise: counts and recency only.
  outputs: windowOutputs('user_post', 'pair', false, true),
};
const userActivityDefinition: CategoryDefinition = {
  name: 'userActivity',
  outputs: windowOutputs('user_act', 'user', true, true),
};

// --- post quality -------------------------------------------------------------------------------------

/** The age bucket (age-cohorts.ts) of a post age in hours: 0 below the first edge (or missing), then one per edge. */
export function ageBucketExpr(ageHours: Expr): Expr {
  let e: Expr = num(AGE_BUCKET_EDGES_HOURS.length);
  for (let b = AGE_BUCKET_EDGES_HOURS.length - 1; b >= 0; b--) {
    e = when(compare('<', ageHours, num(AGE_BUCKET_EDGES_HOURS[b])), num(b), e);
  }
  return when(isMissing(ageHours), num(0), e);
}

const countsAgeHours = div(field('postCounts', 'post_age_in_minutes'), num(60));
const sameAgeCohort: WindowMatch = { source: 'postCounts', key: ageBucketExpr(countsAgeHours) };
const QUALITY_STEMS = ['likes', 'comments', 'survey_answers'] as const;

const postQualityDefinition: CategoryDefinition = {
  name: 'postQuality',
  outputs: [
    ...QUALITY_STEMS.map((stem, k) =>
      numeric(
        `quality_${stem}_per_hour`,
        div(field('postCounts', COHORT_COUNTERS[k]), add(countsAgeHours, num(VELOCITY_AGE_OFFSET_HOURS))),
      ),
    ),
    ...QUALITY_STEMS.map((stem, k) => {
      const cohortMean = ratio(
        windowOf('all', { sum: COHORT_COUNTERS[k] }, COHORT_WINDOW_MICROS, sameAgeCohort),
        windowOf('all', 'views', COHORT_WINDOW_MICROS, sameAgeCohort),
      );
      return numeric(
        `quality_${stem}_vs_same_age`,
        sub(unary('log1p', field('postCounts', COHORT_COUNTERS[k])), unary('log1p', cohortMean)),
      );
    }),
  ],
};

// --- freshness ----------------------------------------------------------------------------------------

const dayAngle = mul(num(2 * Math.PI), div(mod(QUERY_TIME, num(MICROS_PER_DAY)), num(MICROS_PER_DAY)));

const freshnessDefinition: CategoryDefinition = {
  name: 'freshness',
  outputs: [
    // A creation time a few seconds after t (rounded post ages) counts as age 0; missing stays missing.
    numeric(
      'fresh_log_age_hours',
      unary('log1p', when(compare('<', postAgeHours, num(0)), num(0), postAgeHours)),
    ),
    numeric('fresh_hour_of_day_sin', unary('sin', dayAngle)),
    numeric('fresh_hour_of_day_cos', unary('cos', dayAngle)),
  ],
};

// --- taste --------------------------------------------------------------------------------------------

/** The author-stage class of taste: pregnant 0, mom 1, trying 2, anything else or unknown 3. */
const authorStageClass = (source: AsOfSource): Expr => {
  const stage = text(source, 'author_maternity_stage');
  const is = (s: string) => compare('=', textIs(stage, s), num(1));
  return when(is('pregnant'), num(0), when(is('mom'), num(1), when(is('trying'), num(2), num(3))));
};

/** The candidate's class of each taste kind, and the as-of row it is read from. */
const TASTE_KINDS: readonly { readonly kind: string; readonly match: WindowMatch }[] = [
  { kind: 'author_stage', match: { source: 'post', key: authorStageClass('post') } },
  { kind: 'picture', match: { source: 'post', key: field('post', 'has_picture') } },
  { kind: 'video', match: { source: 'post', key: field('post', 'has_video') } },
  // The log has no survey flag: survey answers > 0, from the counters' row (strictly before t).
  {
    kind: 'survey',
    match: {
      source: 'postCounts',
      key: flag(compare('>', field('postCounts', 'survey_answers_count'), num(0))),
    },
  },
];

const tasteDefinition: CategoryDefinition = {
  name: 'taste',
  outputs: TASTE_KINDS.flatMap(({ kind, match }) =>
    TASTE_WINDOWS.map((w) => {
      // Her own rate in the window, shrunk toward everyone's; her rate on the class, shrunk toward hers.
      const own = smoothedRateExpr(
        windowOf('user', 'opens', w.micros),
        windowOf('user', 'views', w.micros),
        globalOpenRateExpr(w.micros),
      );
      const rate = smoothedRateExpr(
        windowOf('user', 'opens', w.micros, match),
        windowOf('user', 'views', w.micros, match),
        own,
      );
      return numeric(
        `taste_${kind}_open_rate_${w.label}`,
        when(compare('=', hasRow(match.source), num(1)), rate, MISSING),
      );
    }),
  ),
};

/** Every category's definition, in registry order (registry.ts). */
export const FEATURE_DEFINITIONS: readonly CategoryDefinition[] = [
  userDefinition,
  postDefinition,
  userPostMatchDefinition,
  postPopularityDefinition,
  userPostPopularityDefinition,
  userActivityDefinition,
  postQualityDefinition,
  freshnessDefinition,
  tasteDefinition,
];

/** The definition of category `name`; throws listing the known names otherwise. */
export function getCategoryDefinition(name: string): CategoryDefinition {
  const found = FEATURE_DEFINITIONS.find((d) => d.name === name);
  if (found === undefined) {
    throw new Error(
      `no definition for feature category ${JSON.stringify(name)}; known: ${FEATURE_DEFINITIONS.map((d) => d.name).join(', ')}`,
    );
  }
  return found;
}
