import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extent, lineChartSvg, linePath } from './chart.js';

describe('chart', () => {
  it('breaks the line at missing values instead of bridging them', () => {
    const d = linePath(
      [1, Number.NaN, 3, 4],
      [0, 1, 2, 3],
      (x) => x * 10,
      (y) => y,
    );
    expect(d).toBe('M0.0 1.0M20.0 3.0L30.0 4.0');
  });

  it('extent ignores non-finite values and never returns an empty range', () => {
    expect(extent([{ name: 'a', values: [2, Number.NaN, 5] }])).toEqual([2, 5]);
    expect(extent([{ name: 'a', values: [3, 3] }])).toEqual([2.5, 3.5]);
    expect(extent([{ name: 'a', values: [] }])).toEqual([0, 1]);
  });

  it('keeps every point inside the plot area', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 50 }),
        (values) => {
          const xs = values.map((_, i) => i + 1);
          const svg = lineChartSvg([{ name: 'loss', values }], { width: 300, height: 100, xs });
          const path = svg.match(/<path d="([^"]*)"/)?.[1] ?? '';
          const numbers = path.split(/[ML ]/).filter(Boolean).map(Number);
          for (let i = 0; i < numbers.length; i += 2) {
            expect(numbers[i]).toBeGreaterThanOrEqual(43.9);
            expect(numbers[i]).toBeLessThanOrEqual(292.1);
            expect(numbers[i + 1]).toBeGreaterThanOrEqual(7.9);
            expect(numbers[i + 1]).toBeLessThanOrEqual(78.1);
          }
          expect(numbers.length).toBe(values.length * 2);
        },
      ),
    );
  });

  it('escapes series names', () => {
    expect(
      lineChartSvg([{ name: '<b>', values: [1, 2] }], { width: 100, height: 60, xs: [1, 2] }),
    ).not.toContain('<b>');
  });
});
