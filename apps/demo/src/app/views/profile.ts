import type { DemoProfile, DemoUser } from '../../format.js';
import { h } from '../dom.js';
import { sameProfile } from '../what-if.js';

const stageOf = (p: DemoProfile) =>
  [p.isPregnant && 'pregnant', p.isMom && 'mom', p.isTrying && 'trying'].filter(Boolean).join(' + ') ||
  'unknown';

/** Parses "3, 40" into ages in months; null unless every value is a non-negative number below 40 years. */
export function parseAges(text: string): number[] | null {
  const parts = text.split(/[,;\s]+/).filter((s) => s !== '');
  const ages = parts.map(Number);
  return ages.every((a) => Number.isFinite(a) && a >= 0 && a < 12 * 40) ? ages : null;
}

/** Ages as the controls show them (the exported ones are fractional: advanced to the candidate time). */
export const formatAges = (ages: readonly number[]) => ages.map((a) => String(Math.round(a))).join(', ');
export const formatWeek = (week: number | null) => (week === null ? '' : String(Math.round(week)));

/**
 * Applies the what-if controls' text to the exported profile. A control whose text is still the one shown
 * at first keeps the exact exported value (so an untouched control changes nothing, not even by rounding).
 * Returns null with a message when a control holds an invalid value.
 */
export function editedProfile(
  base: DemoProfile,
  text: { week: string; ages: string; department: string },
): { profile: DemoProfile } | { error: string } {
  let pregnancyWeek = base.pregnancyWeek;
  if (text.week.trim() !== formatWeek(base.pregnancyWeek)) {
    const w = text.week.trim() === '' ? null : Number(text.week);
    if (w !== null && !(Number.isFinite(w) && w >= 0 && w <= 45))
      return { error: 'pregnancy week: 0 to 45, or empty' };
    pregnancyWeek = w;
  }
  let childrenAgeMonths = base.childrenAgeMonths;
  if (text.ages.trim() !== formatAges(base.childrenAgeMonths)) {
    const ages = parseAges(text.ages);
    if (ages === null) return { error: "children's ages: months, comma separated" };
    childrenAgeMonths = ages;
  }
  const department = text.department.trim() === '' ? null : text.department.trim();
  return {
    profile: {
      ...base,
      pregnancyWeek,
      isPregnant: pregnancyWeek !== null,
      childrenAgeMonths,
      // Stage flags follow the edit: children make her a mom; removing them keeps what the profile said.
      isMom: base.isMom || childrenAgeMonths.length > 0,
      department,
    },
  };
}

/**
 * The user's profile and the what-if controls: editing pregnancy week, children's ages or department calls
 * `onChange` with the edited profile on every keystroke (the ranking follows instantly).
 */
export function profileView(
  user: DemoUser,
  departments: readonly string[],
  onChange: (profile: DemoProfile) => void,
): HTMLElement {
  const base = user.profile;
  const week = h('input', {
    type: 'number',
    min: 0,
    max: 45,
    step: 1,
    value: formatWeek(base.pregnancyWeek),
    'data-testid': 'whatif-week',
    placeholder: 'not pregnant',
  });
  const ages = h('input', {
    type: 'text',
    value: formatAges(base.childrenAgeMonths),
    'data-testid': 'whatif-ages',
    placeholder: 'e.g. 3, 40',
  });
  const dept = h('input', {
    type: 'text',
    list: 'departments',
    value: base.department ?? '',
    'data-testid': 'whatif-department',
    size: 6,
  });
  const note = h('p', { class: 'muted', 'data-testid': 'whatif-note' });
  const changed = () => {
    const result = editedProfile(base, { week: week.value, ages: ages.value, department: dept.value });
    for (const input of [week, ages]) input.classList.remove('invalid');
    if ('error' in result) {
      (result.error.startsWith('pregnancy') ? week : ages).classList.add('invalid');
      note.textContent = result.error;
      return;
    }
    note.textContent = sameProfile(base, result.profile) ? '' : 'What-if: ranked with the edited profile.';
    onChange(result.profile);
  };
  for (const input of [week, ages, dept]) input.addEventListener('input', changed);
  const reset = () => {
    week.value = formatWeek(base.pregnancyWeek);
    ages.value = formatAges(base.childrenAgeMonths);
    dept.value = base.department ?? '';
    note.textContent = '';
    onChange(base);
  };
  const weekText = base.pregnancyWeek === null ? '–' : base.pregnancyWeek.toFixed(1);
  const childrenText =
    base.childrenCount === 0 && base.childrenAgeMonths.length === 0
      ? 'none'
      : `${base.childrenCount} (${base.childrenAgeMonths.map((m) => `${Math.round(m)} mo`).join(', ') || 'ages unknown'})`;
  return h(
    'section',
    { class: 'panel', 'data-testid': 'profile' },
    h('h2', {}, 'Profile'),
    h(
      'dl',
      {},
      h('dt', {}, 'user'),
      h('dd', { class: 'mono', 'data-testid': 'profile-user' }, user.userId),
      h('dt', {}, 'stage'),
      h('dd', {}, stageOf(base)),
      h('dt', {}, 'pregnancy week'),
      h('dd', {}, weekText),
      h('dt', {}, 'children'),
      h('dd', {}, childrenText),
      h('dt', {}, 'department'),
      h('dd', {}, base.department ?? '–'),
      h('dt', {}, 'country / platform'),
      h('dd', {}, `${base.country ?? '–'} / ${base.platform ?? '–'}`),
      h('dt', {}, 'account age'),
      h('dd', {}, `${Math.round(base.accountAgeDays)} days`),
      h('dt', {}, 'ranked as of'),
      // Seconds are enough to read; the full timestamp is in the tooltip.
      h('dd', { title: user.candidateTime }, `${user.candidateTime.slice(0, 19)} UTC`),
      h('dt', {}, 'opened that day'),
      h('dd', {}, `${user.opened.length} of yesterday's posts`),
    ),
    h('h3', {}, 'What if…'),
    h(
      'div',
      { class: 'whatif' },
      h('label', {}, 'pregnancy week ', week),
      h('label', {}, "children's ages (months) ", ages),
      h('label', {}, 'department ', dept),
      h('datalist', { id: 'departments' }, ...departments.map((d) => h('option', { value: d }))),
      h(
        'button',
        { type: 'button', 'data-testid': 'whatif-reset', onclick: reset as EventListener },
        'Reset',
      ),
    ),
    note,
  );
}
