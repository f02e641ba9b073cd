import { type ReportCell, type ReportTable, reportCellText } from './report-page.js';

/** Escapes a cell for a GitHub-flavoured markdown table (pipes, line breaks). */
function markdownCell(value: string | number | null | ReportCell): string {
  return reportCellText(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * A ReportTable as a GitHub-flavoured markdown table (caption as an italic line above it; the first column
 * left-aligned, the others right-aligned as numbers are), so a report's markdown and its HTML page show
 * the same tables from one definition.
 */
export function markdownTable(table: ReportTable): string {
  const lines: string[] = [];
  if (table.caption) lines.push(`*${table.caption}*`, '');
  lines.push(`| ${table.columns.map(markdownCell).join(' | ')} |`);
  lines.push(`|${table.columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const row of table.rows) lines.push(`| ${row.map(markdownCell).join(' | ')} |`);
  return lines.join('\n');
}
