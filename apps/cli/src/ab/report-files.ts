/**
 * Writes an A/B analysis under reports/ab/ (atomically, each file): report.md, report.html (self-contained,
 * @wemoms/charts), analysis.json, and each chart as a Vega-Lite spec (.vl.json) and an SVG.
 */
import { join, relative } from 'node:path';
import { type ReportSection, renderSvg, reportCellText } from '@wemoms/charts';
import { atomicWriteFile } from '@wemoms/data-schema/node';
import {
  analysisMarkdown,
  analysisReportPage,
  analysisTables,
  cumulativeLiftChart,
  dailyCtrChart,
  type ExperimentAnalysis,
} from '@wemoms/experiments';
import { writeReportPage } from '../report/write-report-page.js';
import type { CliContext } from '../runtime/context.js';
import { formatTable } from '../runtime/format.js';

export interface AbReportExtras {
  title?: string;
  subtitle?: string;
  /** Markdown blocks after the verdict of report.md. */
  markdown?: readonly string[];
  /** The same content for report.html. */
  sections?: readonly ReportSection[];
  /** Extra keys of analysis.json. */
  json?: Record<string, unknown>;
}

/** Writes the report files into `dir`; returns their paths. */
export async function writeAbReport(
  dir: string,
  analysis: ExperimentAnalysis,
  extras: AbReportExtras = {},
): Promise<string[]> {
  const written: string[] = [];
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    atomicWriteFile(path, text);
    written.push(path);
  };
  const charts = { 'daily-ctr': dailyCtrChart(analysis), 'cumulative-lift': cumulativeLiftChart(analysis) };
  for (const [name, spec] of Object.entries(charts)) {
    write(`${name}.vl.json`, `${JSON.stringify(spec, null, 2)}\n`);
    write(`${name}.svg`, await renderSvg(spec));
  }
  write('report.md', analysisMarkdown(analysis, { title: extras.title, intro: extras.markdown }));
  const html = join(dir, 'report.html');
  await writeReportPage(
    html,
    analysisReportPage(analysis, {
      title: extras.title,
      subtitle: extras.subtitle,
      sections: extras.sections,
    }),
  );
  written.push(html);
  write('analysis.json', `${JSON.stringify({ ...extras.json, analysis }, null, 2)}\n`);
  return written;
}

/** Prints the arms and lift tables, then the verdict line last (what a daily reader looks at). */
export function printAnalysis(ctx: CliContext, analysis: ExperimentAnalysis, dir: string): void {
  const t = analysisTables(analysis);
  const text = (rows: (typeof t.arms)['rows']) => rows.map((r) => r.map(reportCellText));
  const armColumns = [0, 2, 4, 5, 6, 7, 10];
  ctx.print(
    formatTable(
      armColumns.map((c) => t.arms.columns[c]),
      text(t.arms.rows).map((r) => armColumns.map((c) => r[c])),
    ),
  );
  ctx.print('');
  ctx.print(formatTable([...t.comparisons.columns], text(t.comparisons.rows)));
  ctx.print('');
  ctx.print(`sample ratio: ${t.srm.caption?.replace(/^Sample ratio: /, '')}`);
  ctx.print(
    `report: ${relative(ctx.workdir, join(dir, 'report.md'))}, ${relative(ctx.workdir, join(dir, 'report.html'))}`,
  );
  ctx.print(`verdict: ${analysis.verdict.line}`);
}
