/**
 * The one way a command writes an HTML report (evaluate's reports/report.html; compare's leaderboard and
 * the A/B analysis use the same): a `ReportPage` of @wemoms/charts rendered to one self-contained file
 * (inline CSS and SVG, no script, no network), written atomically. The same inputs give the same bytes.
 */
import { type ReportPage, renderReportPage } from '@wemoms/charts';
import { atomicWriteFile } from '@wemoms/data-schema/node';

/** Renders `page` and writes it to `path` (atomically). Resolves to the file's size in bytes. */
export async function writeReportPage(path: string, page: ReportPage): Promise<number> {
  const bytes = Buffer.from(await renderReportPage(page), 'utf8');
  atomicWriteFile(path, bytes);
  return bytes.length;
}
