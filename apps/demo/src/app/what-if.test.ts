import { parseDay, type RawTable } from '@wemoms/data-schema';
import { buildPostCatalog, buildServingGroups, subsetGroups } from '@wemoms/dataset';
import {
  createFeatureContext,
  type FeatureColumn,
  USER_POST_MATCH_NUMERIC,
  USER_POST_MATCH_STAGE_PAIR,
} from '@wemoms/features';
import { describe, expect, it } from 'vitest';
import { AuthorTableBuilder } from '../export/authors.js';
import { profilesAt } from '../export/profiles.js';
import { featurizeUsers } from '../export/user-candidates.js';
import type { DemoProfile } from '../format.js';
import { TINY_DAY, tinyLog, tinyUserId } from '../testing/tiny-log.js';
import type { Columns } from './demo-ranker.js';
import { applyWhatIf, sameProfile, userPostMatchColumns } from './what-if.js';

/** What the export writes for user `u` of a log: her featurised candidates, profile and author table. */
function exported(log: RawTable, u: number) {
  const catalog = buildPostCatalog(log);
  const context = createFeatureContext(log, { postCreationMicros: catalog.creationMicros });
  const serving = buildServingGroups(log, catalog, parseDay(TINY_DAY));
  const g = Array.from(serving.user).findIndex(
    (code) => log.columns.user_id.dictionary[code] === tinyUserId(u),
  );
  if (g < 0) throw new Error(`user ${u} is not active on ${TINY_DAY}`);
  const groups = subsetGroups(serving, Int32Array.of(g));
  const authors = new AuthorTableBuilder(log);
  const [one] = [...featurizeUsers(context, catalog, groups, ['user', 'userPostMatch'], authors)];
  const [profile] = profilesAt(context, log, groups.user, groups.time);
  return {
    columns: one.features.columns as Columns,
    profile,
    authors: authors.table,
    candidateAuthors: { row: one.authorRow, elapsedDays: one.authorDays },
    posts: Array.from(one.chunk.post, (p) => log.columns.trackable_id.dictionary[p]),
  };
}

/** Row values of a column, categories decoded, for exact comparison (NaN equals NaN). */
function values(column: Columns[string] | FeatureColumn): unknown[] {
  if ('codes' in column) return Array.from(column.codes, (c) => (c < 0 ? null : column.dictionary[c]));
  return Array.from(column as Float32Array);
}

const MATCH = [...USER_POST_MATCH_NUMERIC, USER_POST_MATCH_STAGE_PAIR];

describe('what-if recomputation', () => {
  const log = tinyLog();

  it("reproduces the featuriser's user x post columns bit for bit for the exported profile", () => {
    for (let u = 0; u < 6; u++) {
      const e = exported(log, u);
      const recomputed = userPostMatchColumns(e.profile, e.authors, e.candidateAuthors);
      for (const name of MATCH)
        expect(values(recomputed[name]), `user ${u}, ${name}`).toEqual(values(e.columns[name]));
    }
  });

  it('leaves the exported columns untouched when nothing is edited', () => {
    const e = exported(log, 1);
    expect(applyWhatIf(e.columns, e.profile, { ...e.profile }, e.authors, e.candidateAuthors)).toBe(
      e.columns,
    );
    expect(
      sameProfile(e.profile, { ...e.profile, childrenAgeMonths: [...e.profile.childrenAgeMonths] }),
    ).toBe(true);
  });

  it('equals featurising a log in which she changed department and children (user 1, a mom)', () => {
    const base = exported(log, 1);
    const edited = exported(
      tinyLog({
        user: 1,
        edit: (event) => ({
          ...event,
          user_department: '13',
          user_children_age_month: [3, 50],
          user_children_count: 2,
        }),
      }),
      1,
    );
    // The profile the controls produce: department and ages (at her time) edited, the rest as exported.
    const profile: DemoProfile = {
      ...base.profile,
      department: '13',
      childrenAgeMonths: edited.profile.childrenAgeMonths,
    };
    expect(edited.posts).toEqual(base.posts);
    const whatIf = applyWhatIf(base.columns, base.profile, profile, base.authors, base.candidateAuthors);
    for (const name of [
      ...MATCH,
      'user_department',
      'user_children_count',
      'user_youngest_child_months',
      'user_oldest_child_months',
    ])
      expect(values(whatIf[name]), name).toEqual(values(edited.columns[name]));
    // Something did change, or the comparison above proves nothing.
    expect(values(whatIf.extra_same_department)).not.toEqual(values(base.columns.extra_same_department));
  });

  it('equals featurising a log in which her pregnancy is further along (user 3, pregnant)', () => {
    const base = exported(log, 3);
    const shift = 6;
    const edited = exported(
      tinyLog({
        user: 3,
        edit: (event) => ({
          ...event,
          user_pregnancy_current_week: (event.user_pregnancy_current_week ?? 0) + shift,
          user_pregnancy_current_day: (event.user_pregnancy_current_day ?? 0) + shift * 7,
        }),
      }),
      3,
    );
    const profile: DemoProfile = { ...base.profile, pregnancyWeek: edited.profile.pregnancyWeek };
    const whatIf = applyWhatIf(base.columns, base.profile, profile, base.authors, base.candidateAuthors);
    for (const name of [...MATCH, 'user_pregnancy_week'])
      expect(values(whatIf[name]), name).toEqual(values(edited.columns[name]));
    // Day follows the week by the same shift (float32 rounding apart).
    const day = whatIf.user_pregnancy_day as Float32Array;
    const expected = edited.columns.user_pregnancy_day as Float32Array;
    for (let i = 0; i < day.length; i++) expect(day[i]).toBeCloseTo(expected[i], 3);
    expect(values(whatIf.extra_pregnancy_week_gap)).not.toEqual(
      values(base.columns.extra_pregnancy_week_gap),
    );
  });

  it('clears pregnancy features when the week is emptied', () => {
    const base = exported(log, 3);
    const whatIf = applyWhatIf(
      base.columns,
      base.profile,
      { ...base.profile, pregnancyWeek: null, isPregnant: false },
      base.authors,
      base.candidateAuthors,
    );
    for (const name of [
      'user_pregnancy_week',
      'user_pregnancy_day',
      'user_pregnancy_month',
      'user_pregnancy_trimester',
      'extra_pregnancy_week_gap',
    ])
      expect((values(whatIf[name]) as number[]).every(Number.isNaN), name).toBe(true);
    expect(values(whatIf.user_is_pregnant).every((v) => v === 0)).toBe(true);
  });
});
