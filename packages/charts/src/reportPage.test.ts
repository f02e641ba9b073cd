import { describe, expect, it } from 'vitest';
import { escapeHtml, renderReportPage } from './reportPage.js';

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

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
