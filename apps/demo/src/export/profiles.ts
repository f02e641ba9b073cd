import type { RawTable } from '@wemoms/data-schema';
import { advancedAgesInto, DAYS_PER_MONTH, type FeatureContext, userAsOf } from '@wemoms/features';
import type { DemoProfile } from '../format.js';

const nullIfNaN = (v: number) => (Number.isNaN(v) ? null : v);
const category = (column: { codes: Int32Array; dictionary: readonly string[] }, row: number) =>
  column.codes[row] >= 0 ? column.dictionary[column.codes[row]] : null;

/**
 * Each user's profile at her candidate time, as the featuriser sees it: her as-of observation (features'
 * userAsOf) with pregnancy week and children's ages advanced to that time, the same arithmetic as the
 * user and userPostMatch categories, so an untouched what-if recomputes the exported features exactly.
 */
export function profilesAt(
  context: FeatureContext,
  log: RawTable,
  users: Int32Array,
  times: Float64Array,
): DemoProfile[] {
  const n = users.length;
  const { row, elapsedDays } = userAsOf(context, {
    length: n,
    user: users,
    post: new Int32Array(n).fill(-1),
    time: times,
  });
  const c = log.columns;
  const profiles: DemoProfile[] = [];
  for (let i = 0; i < n; i++) {
    const r = row[i];
    if (r < 0) throw new Error(`user code ${users[i]} has no observation in the log`);
    const days = elapsedDays[i];
    profiles.push({
      isMom: c.user_is_mom[r] === 1,
      isPregnant: c.user_is_pregnant[r] === 1,
      isTrying: c.user_is_trying[r] === 1,
      pregnancyWeek: nullIfNaN(c.user_pregnancy_current_week[r] + days / 7),
      childrenCount: c.user_children_count[r],
      childrenAgeMonths: advancedAgesInto(c.user_children_age_month, r, days / DAYS_PER_MONTH, []),
      department: category(c.user_department, r),
      country: category(c.user_country_code, r),
      platform: category(c.platform, r),
      accountAgeDays: c.days_since_user_account_creation[r] + days,
    });
  }
  return profiles;
}
