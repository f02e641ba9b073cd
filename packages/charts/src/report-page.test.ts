import { describe, expect, it } from 'vitest';
import { escapeHtml, renderReportPage } from './report-page.js';

describe('renderReportPage', () => {
  it('writes one self-contained page: title, escaped text, inline SVG charts, tables, no script or link', async () => {
    const html = await renderReportPage({
      title: 'Offline <evaluation>',
      subtitle: 'model logreg',
      sections: [
        {
          title: 'Curves',
          text: 'loss & val loss',
          charts: [
            {
              data: {
                values: [
                  { x: 1, y: 2 },
                  { x: 2, y: 1 },
                ],
              },
              mark: 'line',
              encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
            },
          ],
          tables: [
            {
              caption: 'metrics',
              columns: ['ranker', 'map@10'],
              rows: [
                ['model', '0.7153'],
                ['random', null],
              ],
            },
          ],
        },
      ],
    });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Offline &lt;evaluation&gt;</title>');
    expect(html).toContain('loss &amp; val loss');
    expect(html.match(/<svg/g)).toHaveLength(1);
    expect(html).toContain('<td>0.7153</td>');
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it('puts a note under a cell value and links the sections from a table of contents', async () => {
    const html = await renderReportPage({
      title: 'T',
      sections: ['a', 'b', 'c', 'd <e>'].map((title) => ({
        title,
        tables: [{ columns: ['x'], rows: [[{ text: '0.71', note: '[0.66, 0.76]' }]] }],
      })),
    });
    expect(html).toContain('<td>0.71<span class="note">[0.66, 0.76]</span></td>');
    expect(html).toContain('<nav class="toc"><a href="#section-1">a</a>');
    expect(html).toContain('<a href="#section-4">d &lt;e&gt;</a>');
    expect(html).toContain('<section id="section-4">');
  });

  it('takes a chart already rendered as is', async () => {
    const html = await renderReportPage({
      title: 'T',
      sections: [{ title: 's', charts: [{ svg: '<svg id="mine"></svg>' }] }],
    });
    expect(html).toContain('<div class="chart"><svg id="mine"></svg></div>');
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
