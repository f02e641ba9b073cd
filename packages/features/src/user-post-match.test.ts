import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type AuthorMatchFields,
  STAGE_PAIR_DICTIONARY,
  USER_POST_MATCH_NUMERIC,
  userPostMatch,
  type ViewerMatchFields,
} from './user-post-match.js';

const viewer = (o: Partial<ViewerMatchFields> = {}): ViewerMatchFields => ({
  isMom: false,
  isPregnant: false,
  isTrying: false,
  pregnancyWeek: Number.NaN,
  childrenAgeMonths: [],
  department: null,
  ...o,
});
const author = (o: Partial<AuthorMatchFields> = {}): AuthorMatchFields => ({
  maternityStage: null,
  amenorrheaWeek: Number.NaN,
  childrenAgeMonths: [],
  department: null,
  ...o,
});

describe('userPostMatch (browser-safe user x post match features)', () => {
  it('matches stage, department and pregnancy week', () => {
    const m = userPostMatch(
      viewer({ isPregnant: true, pregnancyWeek: 20, department: '75' }),
      author({ maternityStage: 'pregnant', amenorrheaWeek: 22.5, department: '75' }),
    );
    expect(m.extra_same_stage).toBe(1);
    expect(m.extra_same_department).toBe(1);
    expect(m.extra_pregnancy_week_gap).toBe(2.5);
    expect(m.extra_stage_pair).toBe('pregnant|pregnant');
    const other = userPostMatch(
      viewer({ isMom: true, department: '13' }),
      author({ maternityStage: 'pregnant', department: '75' }),
    );
    expect(other.extra_same_stage).toBe(0);
    expect(other.extra_same_department).toBe(0);
    expect(other.extra_pregnancy_week_gap).toBeNaN();
    expect(other.extra_stage_pair).toBe('mom|pregnant');
  });

  it('unknown sides give NaN or the unknown stage, never a guess', () => {
    const m = userPostMatch(viewer(), author());
    expect(m.extra_same_stage).toBeNaN();
    expect(m.extra_same_department).toBeNaN();
    expect(m.extra_child_age_gap_months).toBeNaN();
    expect(m.extra_child_same_age_years).toBe(0);
    expect(m.extra_author_has_older_children).toBe(0);
    expect(m.extra_stage_pair).toBe('none|unknown');
  });

  it('compares children ages in years and months', () => {
    const m = userPostMatch(
      viewer({ isMom: true, childrenAgeMonths: [14.2, 40] }),
      author({ maternityStage: 'mom', childrenAgeMonths: [22, 60.5] }),
    );
    expect(m.extra_child_same_age_years).toBe(1); // 14.2 and 22 months are both 1 year old
    expect(m.extra_child_same_age_months).toBe(0);
    expect(m.extra_child_age_gap_months).toBeCloseTo(7.8, 10);
    expect(m.extra_author_has_older_children).toBe(1); // 60.5 > 40
    const same = userPostMatch(
      viewer({ isMom: true, childrenAgeMonths: [7.9] }),
      author({ maternityStage: 'mom', childrenAgeMonths: [7.1] }),
    );
    expect(same.extra_child_same_age_months).toBe(1);
    expect(same.extra_author_has_older_children).toBe(0);
    const pregnantViewer = userPostMatch(viewer({ isPregnant: true }), author({ childrenAgeMonths: [3] }));
    expect(pregnantViewer.extra_author_has_older_children).toBe(1);
  });

  it('signs and buckets the pregnancy week gap: the author a few weeks ahead, the same fortnight', () => {
    const at = (viewerWeek: number, authorWeek: number) =>
      userPostMatch(
        viewer({ isPregnant: true, pregnancyWeek: viewerWeek }),
        author({ maternityStage: 'pregnant', amenorrheaWeek: authorWeek }),
      );
    const ahead = at(20, 25.5);
    expect(ahead.extra_pregnancy_week_diff).toBe(5.5);
    expect(ahead.extra_author_weeks_ahead_1_to_8).toBe(1);
    expect(ahead.extra_pregnancy_week_gap_le2).toBe(0);
    expect(ahead.extra_pregnancy_week_gap_le6).toBe(1);
    const behind = at(20, 18.5);
    expect(behind.extra_pregnancy_week_diff).toBe(-1.5);
    expect(behind.extra_author_weeks_ahead_1_to_8).toBe(0);
    expect(behind.extra_pregnancy_week_gap_le2).toBe(1);
    // Bounds are inclusive; far apart is no bucket.
    expect(at(10, 18).extra_author_weeks_ahead_1_to_8).toBe(1);
    expect(at(10, 18.01).extra_author_weeks_ahead_1_to_8).toBe(0);
    expect(at(10, 30).extra_pregnancy_week_gap_le6).toBe(0);
    // Unknown weeks: the signed gap is missing, the flags are 0 (not both pregnant).
    const unknown = userPostMatch(
      viewer({ isMom: true }),
      author({ maternityStage: 'pregnant', amenorrheaWeek: 12 }),
    );
    expect(unknown.extra_pregnancy_week_diff).toBeNaN();
    expect(unknown.extra_author_weeks_ahead_1_to_8).toBe(0);
    expect(unknown.extra_pregnancy_week_gap_le2).toBe(0);
  });

  it("buckets the children's smallest age gap and flags a pregnant viewer reading a baby's mother", () => {
    const close = userPostMatch(
      viewer({ isMom: true, childrenAgeMonths: [30, 5] }),
      author({ maternityStage: 'mom', childrenAgeMonths: [7.5] }),
    );
    expect(close.extra_child_age_gap_months).toBe(2.5);
    expect(close.extra_child_age_gap_le3_months).toBe(1);
    expect(close.extra_child_age_gap_le12_months).toBe(1);
    expect(close.extra_viewer_pregnant_author_baby_under_1y).toBe(0); // the viewer is not pregnant
    const apart = userPostMatch(
      viewer({ isMom: true, childrenAgeMonths: [40] }),
      author({ maternityStage: 'mom', childrenAgeMonths: [20] }),
    );
    expect(apart.extra_child_age_gap_le3_months).toBe(0);
    expect(apart.extra_child_age_gap_le12_months).toBe(0);
    expect(userPostMatch(viewer(), author({ childrenAgeMonths: [3] })).extra_child_age_gap_le12_months).toBe(
      0,
    );
    const pregnant = (ages: number[]) =>
      userPostMatch(
        viewer({ isPregnant: true, pregnancyWeek: 30 }),
        author({ maternityStage: 'mom', childrenAgeMonths: ages }),
      ).extra_viewer_pregnant_author_baby_under_1y;
    expect(pregnant([36, 11.9])).toBe(1);
    expect(pregnant([12, 36])).toBe(0);
    expect(pregnant([])).toBe(0);
  });

  it('same country: an author with a département lives in France; unknown otherwise', () => {
    const fr = (country: string | null | undefined, department: string | null) =>
      userPostMatch(viewer({ country, department: '75' }), author({ department })).extra_same_country;
    expect(fr('FR', '13')).toBe(1);
    expect(fr(' fr ', '13')).toBe(1);
    expect(fr('BE', '13')).toBe(0);
    expect(fr('FR', null)).toBeNaN();
    expect(fr(null, '13')).toBeNaN();
    expect(fr(undefined, '13')).toBeNaN();
  });

  it('covers every stage pair and numeric name once', () => {
    expect(new Set(STAGE_PAIR_DICTIONARY).size).toBe(STAGE_PAIR_DICTIONARY.length);
    expect(new Set(USER_POST_MATCH_NUMERIC).size).toBe(USER_POST_MATCH_NUMERIC.length);
  });

  it('imports nothing, so the browser demo can load it alone', () => {
    const source = readFileSync(new URL('./user-post-match.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(|import\(/);
  });
});
