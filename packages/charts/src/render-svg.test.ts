import { describe, expect, it } from 'vitest';
import { renderSvg } from './render-svg.js';

describe('renderSvg', () => {
  it('draws a line chart of inline data as one SVG element with its axis titles', async () => {
    const svg = await renderSvg({
      data: { values: [1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch })) },
      mark: 'line',
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
        y: { field: 'loss', type: 'quantitative', title: 'log loss' },
      },
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('log loss');
    expect(svg).toMatch(/<path[^>]+d="M/);
  });

  it('rejects a spec Vega-Lite cannot compile', async () => {
    await expect(renderSvg({ mark: 'nope' } as never)).rejects.toThrow();
  });
});
