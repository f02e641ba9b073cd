/**
 * `wemoms generate-data`: writes the seeded synthetic raw log (gzip JSON Lines, the real file's schema)
 * at paths.raw and its ground truth under paths.truth. With --if-missing it is the pipeline's first step:
 * a present raw log (real or synthetic) is left alone.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { generateSyntheticLog } from '@wemoms/synthetic';
import type { GenerateDataOptions } from '../program/generate-data.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { formatCount } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

export async function run(ctx: CliContext, options: GenerateDataOptions): Promise<void> {
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
    ctx.progress.log(
      `no raw log at ${shown}: generating the default synthetic one (${formatCount(config.synthetic.rows)} rows, seed ${config.synthetic.seed})`,
    );
  }
  await runStage(ctx, 'generate-data', async () => {
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
