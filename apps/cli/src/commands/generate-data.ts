/**
 * `wemoms generate-data`: writes the seeded synthetic raw log (gzip JSON Lines, the real file's schema)
 * at paths.raw and its ground truth under paths.truth. With --if-missing it is the pipeline's first step:
 * a present raw log (real or synthetic) is left alone, and a missing one is generated only at the default
 * path (a missing log the user named is an error, not a place for synthetic data).
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateSyntheticLog } from '@wemoms/synthetic';
import { isDefaultRawLog } from '../config/paths.js';
import { DEFAULT_CONFIG } from '../config/schema.js';
import type { GenerateDataOptions } from '../program/generate-data.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { formatCount } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

export interface GenerateDataRunOptions extends GenerateDataOptions {
  /** With ifMissing: generate at a non-default raw path too (`pipeline --generate-if-missing`). */
  anyPath?: boolean;
}

export async function run(ctx: CliContext, options: GenerateDataRunOptions): Promise<void> {
  const { paths, config } = ctx;
  const shown = relative(ctx.workdir, paths.raw) || paths.raw;
  if (existsSync(paths.raw)) {
    if (options.ifMissing) {
      ctx.progress.log(`generate-data: raw log present at ${shown}: nothing to generate`);
      return;
    }
    if (!options.force)
      throw new CliError(`a raw log already exists at ${shown}: pass --force to overwrite it`);
  } else if (options.ifMissing) {
    if (!options.anyPath && !isDefaultRawLog(paths)) {
      throw new CliError(
        `no raw log at ${paths.raw} (check --raw / paths.raw): the pipeline generates a synthetic log ` +
          `only at the default path ${DEFAULT_CONFIG.paths.raw}; to generate one there anyway, pass ` +
          '--generate-if-missing to `wemoms pipeline`, or run `wemoms generate-data` without --if-missing',
      );
    }
    ctx.progress.log(
      `no raw log at ${shown}: generating the default synthetic one (${formatCount(config.synthetic.rows)} rows, seed ${config.synthetic.seed})`,
    );
  }
  // The ground truth's files go to its folder.
  const outputs = [paths.raw, join(paths.truth, 'index.json')];
  await runStage(ctx, 'generate-data', { outputs }, async () => {
    const task = ctx.progress.start('generate-data', config.synthetic.rows, 'rows');
    const result = await generateSyntheticLog({
      rows: config.synthetic.rows,
      seed: config.synthetic.seed,
      out: paths.raw,
      truth: paths.truth,
      onDay: ({ rowsWritten }) => task.update(rowsWritten),
    });
    task.done();
    return {
      count: result.rows,
      unit: 'rows',
      summary: `${formatCount(result.rows)} rows (${formatCount(result.duplicates)} duplicates, open rate ${(100 * result.openRate).toFixed(1)}%, ${formatCount(result.users)} users, ${formatCount(result.posts)} posts) -> ${shown}, ground truth -> ${relative(ctx.workdir, paths.truth)}`,
    };
  });
}
