import { userAsOf } from '../as-of.js';
import { USER_COUNTERS } from '../definitions/constants.js';
import { gatherCodes, gatherNumbersInto, makeFrame } from '../frame.js';
import { DAYS_PER_MONTH, listMinMaxInto } from '../profile-time.js';
import type { FeatureCategory, FeatureSpec } from '../types.js';

const num = (name: string): FeatureSpec => ({ name, type: 'numeric' });
const cat = (name: string): FeatureSpec => ({ name, type: 'categorical' });

const OUTPUTS: FeatureSpec[] = [
  num('user_is_mom'),
  num('user_is_pregnant'),
  num('user_is_trying'),
  cat('user_country_code'),
  cat('user_platform'),
  cat('user_department'),
  num('user_account_age_days'),
  num('user_pregnancy_day'),
  num('user_pregnancy_week'),
  num('user_pregnancy_month'),
  num('user_pregnancy_trimester'),
  ...USER_COUNTERS.map(num),
  num('user_youngest_child_months'),
  num('user_oldest_child_months'),
  num('user_age'),
  num('user_trying_since_days'),
];

/**
 * The viewer's profile as of t: her latest observation strictly before t (else her earliest), with the
 * fields that are a function of time advanced to t: account age, pregnancy day/week/month and trying
 * duration by the elapsed days, children ages by the elapsed months, age by the elapsed years. The
 * trimester is kept as observed (a discrete stage whose boundary conventions vary).
 */
export const userCategory: FeatureCategory = {
  name: 'user',
  keys: ['user', 'time'],
  outputs: OUTPUTS,
  build(context, batch) {
    const { queries, alloc } = batch;
    const c = context.log.columns;
    const q = queries.length;
    const { row, elapsedDays } = userAsOf(context, batch);
    // Every element is written below (NaN where missing): no NaN pre-fill, recycled arrays allowed.
    const columns: Record<string, Float32Array> = {};
    for (const spec of OUTPUTS) if (spec.type === 'numeric') columns[spec.name] = alloc.float32(q);
    const isMom = columns.user_is_mom;
    const isPregnant = columns.user_is_pregnant;
    const isTrying = columns.user_is_trying;
    const accountAge = columns.user_account_age_days;
    const pDay = columns.user_pregnancy_day;
    const pWeek = columns.user_pregnancy_week;
    const pMonth = columns.user_pregnancy_month;
    const pTrimester = columns.user_pregnancy_trimester;
    const youngest = columns.user_youngest_child_months;
    const oldest = columns.user_oldest_child_months;
    const age = columns.user_age;
    const tryingSince = columns.user_trying_since_days;
    // Column by column, as in post.ts: the fields copied as observed, then those advanced to t.
    gatherNumbersInto(isMom, c.user_is_mom, row);
    gatherNumbersInto(isPregnant, c.user_is_pregnant, row);
    gatherNumbersInto(isTrying, c.user_is_trying, row);
    gatherNumbersInto(pTrimester, c.user_pregnancy_current_trimester, row);
    for (const name of USER_COUNTERS) gatherNumbersInto(columns[name], c[name], row);
    const accountAgeIn = c.days_since_user_account_creation;
    const dayIn = c.user_pregnancy_current_day;
    const weekIn = c.user_pregnancy_current_week;
    const monthIn = c.user_pregnancy_current_month;
    const ageIn = c.user_age;
    const tryingIn = c.user_is_trying_since_days;
    const ageOffsets = c.user_children_age_month.offsets;
    const ageValues = c.user_children_age_month.values;
    for (let i = 0; i < q; i++) {
      const r = row[i];
      if (r < 0) {
        accountAge[i] = Number.NaN;
        pDay[i] = Number.NaN;
        pWeek[i] = Number.NaN;
        pMonth[i] = Number.NaN;
        youngest[i] = Number.NaN;
        oldest[i] = Number.NaN;
        age[i] = Number.NaN;
        tryingSince[i] = Number.NaN;
        continue;
      }
      const days = elapsedDays[i];
      accountAge[i] = accountAgeIn[r] + days;
      // NaN (not pregnant) stays NaN.
      pDay[i] = dayIn[r] + days;
      pWeek[i] = weekIn[r] + days / 7;
      pMonth[i] = monthIn[r] + days / DAYS_PER_MONTH;
      listMinMaxInto(ageOffsets, ageValues, r, days / DAYS_PER_MONTH, youngest, oldest, i);
      age[i] = ageIn[r] + days / 365.2425;
      tryingSince[i] = tryingIn[r] + days;
    }
    return makeFrame(OUTPUTS, q, {
      ...columns,
      user_country_code: gatherCodes(c.user_country_code, row, alloc),
      user_platform: gatherCodes(c.platform, row, alloc),
      user_department: gatherCodes(c.user_department, row, alloc),
    });
  },
};
