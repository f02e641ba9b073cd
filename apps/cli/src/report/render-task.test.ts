import { barChart, type ChartSpec, type ReportSection, renderSvg } from '@wemoms/charts';
import { describe, expect, it } from 'vitest';
import { renderSectionsCharts } from './render-task.js';

const chart = (i: number): ChartSpec =>
  barChart(
    [
      { item: 'a', value: i },
      { item: 'b', value: 2 * i + 1 },
    ],
    {
      title: `chart ${i}`,
      category: { field: 'item', title: 'item' },
      value: { field: 'value', title: 'value' },
    },
  );

describe('renderSectionsCharts', () => {
  it('renders every chart as this thread would, in place, half of them in a worker thread', async () => {
    const sections: ReportSection[] = [
      { title: 'one', charts: [chart(0), chart(1), chart(2), { svg: '<svg>kept</svg>' }] },
      { title: 'no charts', text: 'text only' },
      { title: 'two', charts: [chart(3), chart(4), chart(5), chart(6), chart(7), chart(8)] },
    ];
    const rendered = await renderSectionsCharts(sections);
    expect(rendered[1]).toBe(sections[1]);
    const expected = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => renderSvg(chart(i))));
    const svg = (s: ReportSection) => (s.charts ?? []).map((c) => ('svg' in c ? c.svg : null));
    expect(svg(rendered[0])).toEqual([...expected.slice(0, 3), '<svg>kept</svg>']);
    expect(svg(rendered[2])).toEqual(expected.slice(3));
    expect(svg(rendered[2])[5]).toContain('chart 8');
  }, 180_000);
});
