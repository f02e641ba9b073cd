import { describe, expect, it } from 'vitest';
import type { DemoProfile } from '../../format.js';
import { editedProfile, formatAges, formatWeek, parseAges } from './profile.js';

const base: DemoProfile = {
  isMom: true,
  isPregnant: true,
  isTrying: false,
  pregnancyWeek: 21.714285714285715,
  childrenCount: 1,
  childrenAgeMonths: [26.493],
  department: '75',
  country: 'FR',
  platform: 'ios',
  accountAgeDays: 100.5,
};
const shown = {
  week: formatWeek(base.pregnancyWeek),
  ages: formatAges(base.childrenAgeMonths),
  department: '75',
};

describe('what-if controls', () => {
  it('keeps the exact exported values for controls left as shown', () => {
    const result = editedProfile(base, shown);
    expect(result).toEqual({ profile: base });
    const onlyDepartment = editedProfile(base, { ...shown, department: ' 69 ' });
    expect(onlyDepartment).toEqual({ profile: { ...base, department: '69' } });
  });

  it('applies edited values and the stage flags they imply', () => {
    const result = editedProfile(base, { week: '', ages: '3, 40', department: '' });
    expect(result).toEqual({
      profile: {
        ...base,
        pregnancyWeek: null,
        isPregnant: false,
        childrenAgeMonths: [3, 40],
        isMom: true,
        department: null,
      },
    });
    const pregnantAgain = editedProfile(
      { ...base, pregnancyWeek: null, isPregnant: false },
      { ...shown, week: '12' },
    );
    expect(pregnantAgain).toMatchObject({ profile: { pregnancyWeek: 12, isPregnant: true } });
  });

  it('reports invalid values instead of ranking with them', () => {
    expect(editedProfile(base, { ...shown, week: '60' })).toEqual({
      error: expect.stringMatching(/pregnancy week/),
    });
    expect(editedProfile(base, { ...shown, ages: '3, x' })).toEqual({ error: expect.stringMatching(/ages/) });
    expect(parseAges('3; 40  7')).toEqual([3, 40, 7]);
    expect(parseAges('-1')).toBeNull();
  });
});
