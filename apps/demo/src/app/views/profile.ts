import type { DemoProfile, DemoUser } from '../../format.js';
import { h } from '../dom.js';

const stageOf = (p: DemoProfile) =>
  [p.isPregnant && 'pregnant', p.isMom && 'mom', p.isTrying && 'trying'].filter(Boolean).join(' + ') ||
  'unknown';

/** Parses "3, 40" into month ages; null when a value is not a non-negative integer. */
export function parseAges(text: string): number[] | null {
  const parts = text.split(/[,\s]+/).filter((s) => s !== '');
  const ages = parts.map(Number);
  return ages.every((a) => Number.isInteger(a) && a >= 0 && a < 12 * 40) ? ages : null;
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
    value: base.pregnancyWeek ?? '',
    'data-testid': 'whatif-week',
    placeholder: 'not pregnant',
  });
  const ages = h('input', {
    type: 'text',
    value: base.childrenAgeMonths.join(', '),
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
  const note = h('span', { class: 'muted', 'data-testid': 'whatif-note' });
  const changed = () => {
    const parsedAges = parseAges(ages.value);
    ages.classList.toggle('invalid', parsedAges === null);
    if (parsedAges === null) {
      note.textContent = 'ages: whole months, comma separated';
      return;
    }
    const w = week.value.trim() === '' ? null : Number(week.value);
    const profile: DemoProfile = {
      ...base,
      pregnancyWeek: w,
      isPregnant: w !== null,
      childrenAgeMonths: parsedAges,
      childrenCount: parsedAges.length,
      isMom: base.isMom || parsedAges.length > 0,
      department: dept.value.trim() === '' ? null : dept.value.trim(),
    };
    const edited =
      profile.pregnancyWeek !== base.pregnancyWeek ||
      profile.department !== base.department ||
      profile.childrenAgeMonths.join(',') !== base.childrenAgeMonths.join(',');
    note.textContent = edited ? 'what-if: ranking with the edited profile' : '';
    onChange(profile);
  };
  for (const input of [week, ages, dept]) input.addEventListener('input', changed);
  const reset = h(
    'button',
    {
      type: 'button',
      'data-testid': 'whatif-reset',
      onclick: (() => {
        week.value = base.pregnancyWeek === null ? '' : String(base.pregnancyWeek);
        ages.value = base.childrenAgeMonths.join(', ');
        dept.value = base.department ?? '';
        changed();
      }) as EventListener,
    },
    'Reset',
  );
  return h(
    'section',
    { class: 'panel', 'data-testid': 'profile' },
    h('h2', {}, 'Profile'),
    h(
      'dl',
      {},
      h('dt', {}, 'user'),
      h('dd', { class: 'mono' }, user.userId),
      h('dt', {}, 'stage'),
      h('dd', {}, stageOf(base)),
      h('dt', {}, 'pregnancy week'),
      h('dd', {}, base.pregnancyWeek ?? '–'),
      h('dt', {}, 'children'),
      h(
        'dd',
        {},
        base.childrenCount === 0
          ? 'none'
          : `${base.childrenCount} (${base.childrenAgeMonths.map((m) => `${m} mo`).join(', ')})`,
      ),
      h('dt', {}, 'department'),
      h('dd', {}, base.department ?? '–'),
      h('dt', {}, 'country / platform'),
      h('dd', {}, `${base.country ?? '–'} / ${base.platform ?? '–'}`),
      h('dt', {}, 'ranked as of'),
      h('dd', {}, user.candidateTime),
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
      reset,
    ),
    note,
  );
}
