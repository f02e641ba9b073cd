import { postAsOf, userAsOf } from '../asOf.js';
import {
  type AuthorMatchFields,
  computeUserPostMatch,
  STAGE_PAIR_DICTIONARY,
  stagePairCode,
  USER_POST_MATCH_NUMERIC,
  USER_POST_MATCH_STAGE_PAIR,
  type ViewerMatchFields,
} from '../extra/userPostMatch.js';
import { makeFrame, missingColumn } from '../frame.js';
import { advancedAgesInto, DAYS_PER_MONTH } from '../profileTime.js';
import type { FeatureCategory, FeatureSpec } from '../types.js';

const OUTPUTS: FeatureSpec[] = [
  ...USER_POST_MATCH_NUMERIC.map((name): FeatureSpec => ({ name, type: 'numeric' })),
  { name: USER_POST_MATCH_STAGE_PAIR, type: 'categorical' },
];

/**
 * User x post match (same stage, same department, children of the same age, pregnancy week distance...):
 * the viewer's as-of profile and the post's as-of author fields, both advanced to t, fed to the pure
 * computeUserPostMatch that the browser demo also runs. Two reused scratch objects, no per-row objects.
 */
export const extraCategory: FeatureCategory = {
  name: 'extra',
  keys: ['user', 'post', 'time'],
  outputs: OUTPUTS,
  build(context, queries) {
    const c = context.log.columns;
    const q = queries.length;
    const viewerAt = userAsOf(context, queries);
    const authorAt = postAsOf(context, queries);
    const numeric = USER_POST_MATCH_NUMERIC.map(() => missingColumn(q));
    const stagePair = new Int32Array(q).fill(-1);
    const values = new Float64Array(USER_POST_MATCH_NUMERIC.length);
    const viewer: ViewerMatchFields = {
      isMom: false,
      isPregnant: false,
      isTrying: false,
      pregnancyWeek: Number.NaN,
      childrenAgeMonths: [],
      department: null,
    };
    const author: AuthorMatchFields = {
      maternityStage: null,
      amenorrheaWeek: Number.NaN,
      childrenAgeMonths: [],
      department: null,
    };
    const viewerAges: number[] = [];
    const authorAges: number[] = [];
    const userDepartments = c.user_department.dictionary;
    const authorDepartments = c.author_department.dictionary;
    const stages = c.author_maternity_stage.dictionary;
    for (let i = 0; i < q; i++) {
      const u = viewerAt.row[i];
      const p = authorAt.row[i];
      // Without an observation of both sides there is nothing to match: all missing.
      if (u < 0 || p < 0) continue;
      const userDays = viewerAt.elapsedDays[i];
      const postDays = authorAt.elapsedDays[i];
      viewer.isMom = c.user_is_mom[u] === 1;
      viewer.isPregnant = c.user_is_pregnant[u] === 1;
      viewer.isTrying = c.user_is_trying[u] === 1;
      viewer.pregnancyWeek = c.user_pregnancy_current_week[u] + userDays / 7;
      viewer.childrenAgeMonths = advancedAgesInto(
        c.user_children_age_month,
        u,
        userDays / DAYS_PER_MONTH,
        viewerAges,
      );
      const ud = c.user_department.codes[u];
      viewer.department = ud >= 0 ? userDepartments[ud] : null;
      const stage = c.author_maternity_stage.codes[p];
      author.maternityStage = stage >= 0 ? stages[stage] : null;
      author.amenorrheaWeek = c.author_amenorrhea_week[p] + postDays / 7;
      author.childrenAgeMonths = advancedAgesInto(
        c.author_children_age_month,
        p,
        postDays / DAYS_PER_MONTH,
        authorAges,
      );
      const ad = c.author_department.codes[p];
      author.department = ad >= 0 ? authorDepartments[ad] : null;
      computeUserPostMatch(viewer, author, values);
      for (let k = 0; k < numeric.length; k++) numeric[k][i] = values[k];
      stagePair[i] = stagePairCode(viewer, author);
    }
    const columns: Record<string, Float32Array | { codes: Int32Array; dictionary: string[] }> = {};
    USER_POST_MATCH_NUMERIC.forEach((name, k) => {
      columns[name] = numeric[k];
    });
    columns[USER_POST_MATCH_STAGE_PAIR] = { codes: stagePair, dictionary: [...STAGE_PAIR_DICTIONARY] };
    return makeFrame(OUTPUTS, q, columns);
  },
};
