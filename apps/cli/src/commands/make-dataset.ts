/**
 * `wemoms make-dataset`: read + validate the raw log, de-duplicate it, write the snapshot every later
 * stage loads, split it by day (with the train filter), and write the test groups of every grouping.
 */
import { relative } from 'node:path';
import { loadRawLog, RawLogError, writeRawTableParquet } from '@wemoms/data-schema';
import { countCandidates, makeDataset, writeDataset } from '@wemoms/dataset';
import { GROUPINGS } from '../config/schema.js';
import { requireFile } from '../io/require-file.js';
import type { MakeDatasetOptions } from '../program/make-dataset.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { atomicWriteText } from '../runtime/files.js';
import { formatCount } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

export async function run(ctx: CliContext, _options: MakeDatasetOptions): Promise<void> {
  const { paths, config } = ctx;
  await runStage(ctx, 'make-dataset', async () => {
    requireFile(paths.raw, 'raw log', 'generate-data', ctx.workdir);
    ctx.progress.log(
      `make-dataset: reading ${relative(ctx.workdir, paths.raw) || paths.raw} (${config.read.mode})`,
    );
    let loaded: Awaited<ReturnType<typeof loadRawLog>>;
    try {
      loaded = await loadRawLog(paths.raw, {
        mode: config.read.mode,
        rejectsPath: config.read.mode === 'lenient' ? paths.rejects : undefined,
        batchSize: config.read.batchSize,
        // In place, on the freshly read columns: makeDataset's own pass then finds nothing to copy.
        deduplicate: true,
      });
    } catch (error) {
      // A strict-mode data error already names file, line and column: show it as is.
      if (error instanceof RawLogError)
        throw new CliError(`${error.message} (use --mode lenient to reject bad rows)`);
      throw error;
    }
    const { report } = loaded;
    if (report.rejected > 0) {
      const reasons = Object.entries(report.rejectsByReason)
        .map(([reason, n]) => `${reason} ${n}`)
        .join(', ');
      ctx.progress.log(
        `make-dataset: rejected ${formatCount(report.rejected)} lines (${reasons}); see ${relative(ctx.workdir, paths.rejects)}`,
      );
    }
    const dataset = makeDataset(
      loaded.table,
      {
        train: config.split.train,
        eval: config.split.eval,
        test: config.split.test,
        trainFilterMaxRows: config.split.trainFilterMaxRows,
        trainFilterRule: config.split.trainFilterRule,
      },
      { duplicatesRemoved: report.duplicates },
    );
    const duplicates = dataset.summary.duplicates;
    const { log, split } = dataset;
    for (const warning of split.summary.warnings) ctx.progress.log(`make-dataset: warning: ${warning}`);
    writeRawTableParquet(paths.logSnapshot, log);
    writeDataset(paths.processed, dataset);
    atomicWriteText(paths.readReport, `${JSON.stringify({ ...report, duplicates }, null, 2)}\n`);
    const groupCounts: Record<string, { groups: number; candidates: number }> = {};
    for (const grouping of GROUPINGS) {
      let groups = 0;
      let candidates = 0;
      for (const day of dataset.groups[grouping]) {
        groups += day.length;
        candidates += countCandidates(day, dataset.catalog);
      }
      groupCounts[grouping] = { groups, candidates };
    }
    const totalCandidates = Object.values(groupCounts).reduce((s, g) => s + g.candidates, 0);
    const figures: Record<string, number> = { rows: log.length, duplicates, rejected: report.rejected };
    for (const [g, c] of Object.entries(groupCounts)) {
      figures[`${g}Groups`] = c.groups;
      figures[`${g}Candidates`] = c.candidates;
    }
    return {
      count: report.rows + report.rejected,
      unit: 'rows',
      figures,
      summary:
        `${formatCount(log.length)} rows after removing ${formatCount(duplicates)} duplicates; ` +
        `train ${formatCount(split.train.length)} / eval ${formatCount(split.eval.length)} / test ${formatCount(split.test.length)}; ` +
        `test groups ${GROUPINGS.map((g) => `${g} ${formatCount(groupCounts[g].groups)}`).join(', ')} ` +
        `(${formatCount(totalCandidates)} candidates)`,
    };
  });
}
