import type { RawTable } from '@wemoms/data-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { postAsOf, userAsOf } from '../as-of.js';
import { createFeatureContext } from '../context.js';
import { featurize } from '../featurize.js';
import { advancedAgesInto, DAYS_PER_MONTH } from '../profile-time.js';
import { CATEGORY_NAMES, getCategory, RENAMED_CATEGORIES } from '../registry.js';
import { mixedQueries } from '../testing/queries.js';
import { randomLog } from '../testing/random-log.js';
import {
  type AuthorMatchFields,
  computeUserPostMatch,
  STAGE_PAIR_DICTIONARY,
  stagePairCode,
  USER_POST_MATCH_NUMERIC,
  type ViewerMatchFields,
} from '../user-post-match.js';

/** The log with the author_department dictionary reversed (same strings, other codes). */
function reversedAuthorDepartments(log: RawTable): RawTable {
  const { codes, dictionary } = log.columns.author_department;
  const last = dictionary.length - 1;
  const remapped = codes.map((c) => (c < 0 ? c : last - c));
  return {
    length: log.length,
    columns: {
      ...log.columns,
      author_department: { codes: remapped, dictionary: [...dictionary].reverse() },
    },
  };
}

describe('userPostMatch category', () => {
  it('equals computeUserPostMatch on the as-of viewer and author, row by row, bit for bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), (seed, reverse) => {
        const base = randomLog(seed, { rows: 120, users: 5, posts: 8 });
        const log = reverse ? reversedAuthorDepartments(base) : base;
        const q = mixedQueries(log, seed + 3, 40);
        const context = createFeatureContext(log);
        const frame = featurize(context, q, ['userPostMatch']);
        const viewerAt = userAsOf(context, q);
        const authorAt = postAsOf(context, q);
        const c = log.columns;
        const values = new Float64Array(USER_POST_MATCH_NUMERIC.length);
        for (let i = 0; i < q.length; i++) {
          const u = viewerAt.row[i];
          const p = authorAt.row[i];
          const expected = new Float32Array(USER_POST_MATCH_NUMERIC.length).fill(Number.NaN);
          let pair = -1;
          if (u >= 0 && p >= 0) {
            const userDays = viewerAt.elapsedDays[i];
            const postDays = authorAt.elapsedDays[i];
            const ud = c.user_department.codes[u];
            const cc = c.user_country_code.codes[u];
            const ad = c.author_department.codes[p];
            const stage = c.author_maternity_stage.codes[p];
            const viewer: ViewerMatchFields = {
              isMom: c.user_is_mom[u] === 1,
              isPregnant: c.user_is_pregnant[u] === 1,
              isTrying: c.user_is_trying[u] === 1,
              pregnancyWeek: c.user_pregnancy_current_week[u] + userDays / 7,
              childrenAgeMonths: advancedAgesInto(
                c.user_children_age_month,
                u,
                userDays / DAYS_PER_MONTH,
                [],
              ),
              department: ud >= 0 ? c.user_department.dictionary[ud] : null,
              country: cc >= 0 ? c.user_country_code.dictionary[cc] : null,
            };
            const author: AuthorMatchFields = {
              maternityStage: stage >= 0 ? c.author_maternity_stage.dictionary[stage] : null,
              amenorrheaWeek: c.author_amenorrhea_week[p] + postDays / 7,
              childrenAgeMonths: advancedAgesInto(
                c.author_children_age_month,
                p,
                postDays / DAYS_PER_MONTH,
                [],
              ),
              department: ad >= 0 ? c.author_department.dictionary[ad] : null,
            };
            computeUserPostMatch(viewer, author, values);
            expected.set(values);
            pair = stagePairCode(viewer, author);
          }
          USER_POST_MATCH_NUMERIC.forEach((name, k) => {
            expect(Object.is((frame.columns[name] as Float32Array)[i], expected[k]), `${name} row ${i}`).toBe(
              true,
            );
          });
          const stagePair = frame.columns.extra_stage_pair as { codes: Int32Array; dictionary: string[] };
          expect(stagePair.codes[i]).toBe(pair);
          expect(stagePair.dictionary).toEqual(STAGE_PAIR_DICTIONARY);
        }
      }),
      { numRuns: 30, seed: 5 },
    );
  });

  it("keeps the study's column names, and names itself when asked for by its former name 'extra'", () => {
    expect(getCategory('userPostMatch').outputs.every((o) => o.name.startsWith('extra_'))).toBe(true);
    expect(RENAMED_CATEGORIES.extra).toBe('userPostMatch');
    for (const [former, current] of Object.entries(RENAMED_CATEGORIES)) {
      expect(CATEGORY_NAMES).not.toContain(former);
      expect(CATEGORY_NAMES).toContain(current);
    }
    expect(() => getCategory('extra')).toThrow('feature category "extra" is now called "userPostMatch"');
    expect(() => getCategory('nope')).toThrow(
      /unknown feature category "nope"; known: user, post, userPostMatch,/,
    );
  });
});
