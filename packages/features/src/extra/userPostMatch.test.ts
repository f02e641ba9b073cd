import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type AuthorMatchFields,
  STAGE_PAIR_DICTIONARY,
  USER_POST_MATCH_NUMERIC,
  userPostMatch,
  type ViewerMatchFields,
} from './userPostMatch.js';

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

describe('userPostMatch (browser-safe extra features)', () => {
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

  it('covers every stage pair and numeric name once', () => {
    expect(new Set(STAGE_PAIR_DICTIONARY).size).toBe(STAGE_PAIR_DICTIONARY.length);
    expect(new Set(USER_POST_MATCH_NUMERIC).size).toBe(USER_POST_MATCH_NUMERIC.length);
  });

  it('imports nothing, so the browser demo can load it alone', () => {
    const source = readFileSync(new URL('./userPostMatch.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(|import\(/);
  });
});
