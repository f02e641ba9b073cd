/**
 * `wemoms explore`: the exploratory analysis of the impression log (explore/analysis.ts, arquero over
 * the log's typed columns), written as reports/explore.md (Markdown, charts as SVG files in
 * reports/explore/) and reports/explore.html (one self-contained page), with a few headline facts on stdout.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { renderSvg } from '@wemoms/charts';
import { RawLogError, type RawTable } from '@wemoms/data-schema';
import { atomicWriteFile, loadRawLog, readRawTableParquet } from '@wemoms/data-schema/node';
import { explore } from '../explore/analysis.js';
import { exploreMarkdown, explorePage, exploreSections } from '../explore/explore-report.js';
import type { ExploreOptions } from '../program/explore.js';
import { writeReportPage } from '../report/write-report-page.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { formatCount } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

/** Reads the table to explore: the raw log as read (duplicates kept) or the de-duplicated snapshot. */
async function readSource(
  ctx: CliContext,
  source: ExploreOptions['source'],
): Promise<{ table: RawTable; duplicatesRemoved: number | null; label: string }> {
  const { paths, config } = ctx;
  const useRaw = source === 'raw' || (source === 'auto' && existsSync(paths.raw));
  if (useRaw) {
    if (!existsSync(paths.raw))
      throw new CliError(
        `no raw log at ${relative(ctx.workdir, paths.raw)}: run \`wemoms generate-data\` or pass --raw`,
      );
    ctx.progress.log(
      `explore: reading ${relative(ctx.workdir, paths.raw) || paths.raw} (${config.read.mode})`,
    );
    try {
      const { table, report } = await loadRawLog(paths.raw, {
        mode: config.read.mode,
        batchSize: config.read.batchSize,
      });
      if (report.rejected > 0)
        ctx.progress.log(`explore: ${formatCount(report.rejected)} rows rejected (lenient mode)`);
      return { table, duplicatesRemoved: null, label: relative(ctx.workdir, paths.raw) || paths.raw };
    } catch (error) {
      if (error instanceof RawLogError)
        throw new CliError(`${error.message} (use --mode lenient to skip bad rows)`);
      throw error;
    }
  }
  if (!existsSync(paths.logSnapshot))
    throw new CliError(
      `no log to explore: neither ${relative(ctx.workdir, paths.raw)} nor ${relative(ctx.workdir, paths.logSnapshot)} (run \`wemoms make-dataset\`)`,
    );
  const table = await readRawTableParquet(paths.logSnapshot);
  let removed = 0;
  if (existsSync(paths.readReport))
    removed = Number(JSON.parse(readFileSync(paths.readReport, 'utf8')).duplicates ?? 0);
  return {
    table,
    duplicatesRemoved: removed,
    label: `${relative(ctx.workdir, paths.logSnapshot)} (de-duplicated snapshot)`,
  };
}

export async function run(ctx: CliContext, options: ExploreOptions): Promise<void> {
  const { paths, config } = ctx;
  await runStage(ctx, 'explore', async () => {
    let started = performance.now();
    const { table, duplicatesRemoved, label } = await readSource(ctx, options.source);
    const readSeconds = (performance.now() - started) / 1000;
    if (table.length === 0) throw new CliError(`${label}: no rows to explore`);
    const x = explore(table, config.split, duplicatesRemoved);

    started = performance.now();
    const sections = exploreSections(x, label);
    const subtitle = `${label} · split train ${config.split.train.first}..${config.split.train.last}, eval ${config.split.eval.first}..${config.split.eval.last}, test ${config.split.test.first}..${config.split.test.last}`;
    const chartDir = join(paths.reports, 'explore');
    mkdirSync(chartDir, { recursive: true });
    // Each chart rendered once: its SVG file for the Markdown, the same SVG inline in the page.
    const svgs = new Map<string, string>();
    for (const section of sections)
      for (const chart of section.charts) {
        const svg = await renderSvg(chart.spec);
        atomicWriteFile(join(chartDir, chart.file), svg);
        svgs.set(chart.file, svg);
      }
    // Charts of an earlier run that this one did not draw would be stale.
    for (const file of readdirSync(chartDir))
      if (file.endsWith('.svg') && !svgs.has(file)) rmSync(join(chartDir, file));
    const mdPath = join(paths.reports, 'explore.md');
    const htmlPath = join(paths.reports, 'explore.html');
    atomicWriteFile(mdPath, exploreMarkdown(sections, subtitle, 'explore'));
    await writeReportPage(htmlPath, explorePage(sections, subtitle, svgs));
    const writeSeconds = (performance.now() - started) / 1000;

    const d = x.duplicates;
    const stage = x.segments.filter((s) => s.segment === 'maternity stage');
    ctx.print(
      [
        `rows: ${formatCount(x.rows)} after ${formatCount(d.duplicateRows)} duplicates removed` +
          (d.source === 'raw' ? ` (${formatCount(d.conflictingKeys)} keys with conflicting labels)` : ''),
        `open rate: ${((100 * x.opens) / x.rows).toFixed(1)}%; by stage: ${stage.map((s) => `${s.value} ${(100 * s.rate).toFixed(1)}%`).join(', ')}`,
        `days: ${x.days[0]?.day}..${x.days.at(-1)?.day} (${x.days.length}); users ${formatCount(x.tails[0].entities)} (median ${x.tails[0].p50} impressions), posts ${formatCount(x.tails[1].entities)} (${(100 * x.tails[1].once).toFixed(0)}% shown once)`,
      ].join('\n'),
    );
    const times = Object.entries(x.times)
      .map(([k, v]) => `${k} ${v.toFixed(2)} s`)
      .join(', ');
    return {
      count: table.length,
      unit: 'rows',
      figures: {
        rows: x.rows,
        readSeconds,
        writeSeconds,
        ...Object.fromEntries(Object.entries(x.times).map(([k, v]) => [`${k}Seconds`, v])),
      },
      summary: `read ${readSeconds.toFixed(2)} s, ${times}, charts and pages ${writeSeconds.toFixed(2)} s -> ${relative(ctx.workdir, mdPath)}, ${relative(ctx.workdir, htmlPath)}, ${relative(ctx.workdir, chartDir)}/*.svg`,
    };
  });
}
