import { h } from '../dom.js';
import type { TopItem } from '../ranking.js';

/** One feature's additive share of a score (in the model's logit space). */
export interface Contribution {
  readonly feature: string;
  readonly value: number;
}

const SHOWN = 4;

function contributionBars(contributions: readonly Contribution[]): HTMLElement {
  const sorted = [...contributions].sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const scale = Math.max(1e-9, ...sorted.map((c) => Math.abs(c.value)));
  const bar = (c: Contribution) =>
    h(
      'div',
      { class: 'contrib', title: `${c.feature}: ${c.value.toFixed(5)}` },
      h('span', { class: 'contrib-name' }, c.feature),
      h('span', {
        class: `contrib-bar ${c.value >= 0 ? 'pos' : 'neg'}`,
        style: `width:${((Math.abs(c.value) / scale) * 60).toFixed(1)}px`,
      }),
      h('span', { class: 'contrib-value' }, (c.value >= 0 ? '+' : '') + c.value.toFixed(3)),
    );
  const rest = sorted.slice(SHOWN);
  return h(
    'div',
    { class: 'contribs' },
    ...sorted.slice(0, SHOWN).map(bar),
    rest.length > 0 && h('details', {}, h('summary', {}, `${rest.length} more`), ...rest.map(bar)),
  );
}

/** How the contributions explain a score, for the column header. */
const METHOD_NOTE = {
  exact: 'exact: weight x standardised value',
  occlusion: "by occlusion: the logit's drop when the feature is removed",
} as const;

/** The top 10 with rank, score, opened? and the per-feature contributions that explain each score. */
export function topTenView(
  top: readonly TopItem[],
  contributions: readonly (readonly Contribution[])[] | null,
  candidates: number,
  method: keyof typeof METHOD_NOTE = 'exact',
): HTMLElement {
  const table = h(
    'table',
    { class: 'top', 'data-testid': 'top10' },
    h(
      'tr',
      {},
      h('th', {}, 'rank'),
      h('th', {}, 'post'),
      h('th', {}, 'score'),
      h('th', {}, 'opened'),
      h(
        'th',
        { 'data-testid': 'contribution-method', 'data-method': method },
        `why (feature contributions to the logit, ${METHOD_NOTE[method]})`,
      ),
    ),
  );
  top.forEach((item, i) => {
    table.append(
      h(
        'tr',
        {
          class: item.opened ? 'opened' : '',
          'data-testid': 'top-row',
          'data-rank': item.rank,
          'data-trackable-id': item.trackableId,
          // Full float32 value for the browser test; the cell shows a rounded one.
          'data-score': String(item.score),
        },
        h('td', {}, item.rank),
        h('td', { class: 'mono', title: item.trackableId }, `${item.trackableId.slice(0, 8)}…`),
        h('td', {}, item.score.toFixed(4)),
        h('td', {}, item.opened ? '✓ opened' : ''),
        h('td', {}, contributions ? contributionBars(contributions[i]) : ''),
      ),
    );
  });
  const openedInTop = top.filter((t) => t.opened).length;
  return h(
    'section',
    { class: 'panel' },
    h('h2', {}, "Top 10 of yesterday's posts"),
    h(
      'p',
      { class: 'muted' },
      `${candidates} candidates (every post created the day before); ${openedInTop} of the top 10 were opened.`,
    ),
    table,
  );
}
