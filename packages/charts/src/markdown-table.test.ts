import { describe, expect, it } from 'vitest';
import { markdownTable } from './markdown-table.js';

describe('markdownTable', () => {
  it('renders caption, header, alignment and escaped cells', () => {
    expect(
      markdownTable({
        caption: 'Arms',
        columns: ['arm', 'CTR'],
        rows: [
          ['a|b', '12.0 %'],
          ['c', null],
        ],
      }),
    ).toBe('*Arms*\n\n| arm | CTR |\n|---|---:|\n| a\\|b | 12.0 % |\n| c |  |');
  });
});
