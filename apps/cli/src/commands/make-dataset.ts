/**
 * `wemoms make-dataset`: read + validate the raw log, de-duplicate it, write the snapshot every later
 * stage loads, split it by day (with the train filter), and write the test groups of every grouping.
 */
import { relative } from 'node:path';
import { impressionWindowOfDays, RawLogError } from '@wemoms/data-schema';
import { atomicWriteFile, loadRawLog, requireFile, writeRawTableParquet } from '@wemoms/data-schema/node';
import { countCandidates, makeDataset } from '@wemoms/dataset';
import { writeDataset } from '@wemoms/dataset/node';
import { GROUPINGS } from '../config/schema.js';
import type { MakeDatasetOptions } from '../program/make-dataset.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { formatCount } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

export async function run(ctx: CliContext, _options: MakeDatasetOptions): Promise<void> {
  const { paths, config } = ctx;
  const outputs = [
    paths.logSnapshot,
    paths.readReport,
    ...(config.read.mode === 'lenient' ? [paths.rejects] : []),
    paths.trainRows,
    paths.evalRows,
    paths.testGroups,
    paths.datasetSummary,
  ];
  await runStage(ctx, 'make-dataset', { outputs }, async () => {
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
        impressionWindow: impressionWindowOfDays(
          config.read.impressionDays.first,
          config.read.impressionDays.last,
        ),
        // In place, on the freshly read columns: makeDataset's own pass then finds nothing to copy.
        deduplicate: true,
      });
    } catch (error) {
      // A data error already names file, line and column: show it as is. Lenient mode would reject
      // a bad row, so strict mode says so; a whole-file problem (truncated, empty, a directory) is
      // beyond either mode and gets no such hint.
      if (error instanceof RawLogError) {
        if (config.read.mode === 'lenient' || error.line === null) throw new CliError(error.message);
        const window =
          error.column === 'tracker_created_at' && error.message.includes('expected an impression time in')
            ? '; read.impressionDays in the config sets the plausible days'
            : '';
        throw new CliError(`${error.message} (use --mode lenient to reject bad rows${window})`);
      }
      throw error;
    }
    const { report } = loaded;
    if (report.rejected > 0) {
      const reasons = Object.entries(report.rejectsByReason)
        .map(([reason, n]) => `${reason} ${formatCount(n)}`)
        .join(', ');
      const lines = report.rows + report.rejected;
      const rate = report.rejected / lines;
      const percent = (r: number) => `${(100 * r).toFixed(1)} %`;
      const rejects = relative(ctx.workdir, paths.rejects);
      if (rate > config.read.maxRejectRate) {
        throw new CliError(
          `rejected ${percent(rate)} of the lines (${formatCount(report.rejected)} of ${formatCount(lines)}; ${reasons}), ` +
            `above read.maxRejectRate ${Number((100 * config.read.maxRejectRate).toPrecision(6))} %: the rejects are in ${rejects}, ` +
            'nothing else was written; fix the log, or raise --max-reject-rate if this is expected',
        );
      }
      if (report.rows === 0) {
        throw new CliError(
          `no valid row in the log (${formatCount(report.rejected)} rejected; ${reasons}): see ${rejects}`,
        );
      }
      ctx.progress.log(
        `make-dataset: rejected ${formatCount(report.rejected)} lines (${percent(rate)}; ${reasons}); see ${rejects}`,
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
      { duplicatesRemoved: report.duplicates, labelConflicts: report.labelConflicts },
    );
    const { duplicates, labelConflicts } = dataset.summary;
    const conflicts =
      labelConflicts.keys === 0
        ? ''
        : ` and ${formatCount(labelConflicts.rowsRemoved)} rows of ${formatCount(labelConflicts.keys)} ` +
          `key${labelConflicts.keys === 1 ? '' : 's'} with conflicting labels (kept as opened)`;
    if (labelConflicts.keys > 0) {
      const e = labelConflicts.examples[0];
      ctx.progress.log(
        `make-dataset: ${formatCount(labelConflicts.keys)} key${labelConflicts.keys === 1 ? '' : 's'} ` +
          '(trackable_id, user_id, tracker_created_at) with conflicting labels, each kept once as opened, ' +
          `e.g. post ${e.trackable_id}, user ${e.user_id} at ${e.tracker_created_at}: ` +
          `${e.labels.map((l) => (l ? 'opened' : 'not opened')).join(', ')}; ` +
          `examples in ${relative(ctx.workdir, paths.readReport)}`,
      );
    }
    const { log, split } = dataset;
    for (const warning of split.summary.warnings) ctx.progress.log(`make-dataset: warning: ${warning}`);
    writeRawTableParquet(paths.logSnapshot, log);
    writeDataset(paths.processed, dataset);
    atomicWriteFile(paths.readReport, `${JSON.stringify(report, null, 2)}\n`);
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
    const figures: Record<string, number> = {
      rows: log.length,
      duplicates,
      labelConflictKeys: labelConflicts.keys,
      rejected: report.rejected,
    };
    for (const [g, c] of Object.entries(groupCounts)) {
      figures[`${g}Groups`] = c.groups;
      figures[`${g}Candidates`] = c.candidates;
    }
    return {
      count: report.rows + report.rejected,
      unit: 'rows',
      figures,
      summary:
        `${formatCount(log.length)} rows after removing ${formatCount(duplicates)} duplicates${conflicts}; ` +
        `train ${formatCount(split.train.length)} / eval ${formatCount(split.eval.length)} / test ${formatCount(split.test.length)}; ` +
        `test groups ${GROUPINGS.map((g) => `${g} ${formatCount(groupCounts[g].groups)}`).join(', ')} ` +
        `(${formatCount(totalCandidates)} candidates)`,
    };
  });
}
