/**
 * `wemoms pipeline`: every stage in order, in this process, for any workdir. (`pnpm pipeline` runs the
 * same stages as cached turbo tasks in the repository's workdir.)
 */
import type { PipelineOptions } from '../program/pipeline.js';
import type { CliContext } from '../runtime/context.js';
import { formatDuration } from '../runtime/format.js';

export async function run(ctx: CliContext, options: PipelineOptions = {}): Promise<void> {
  const started = performance.now();
  // The workdir is locked for the whole run, not stage by stage: nothing else may write between two
  // stages (each stage joins this process's lock).
  const release = ctx.guard?.enter('pipeline');
  try {
    await (await import('./generate-data.js')).run(ctx, {
      ifMissing: true,
      anyPath: options.generateIfMissing,
    });
    await (await import('./make-dataset.js')).run(ctx, {});
    await (await import('./build-features.js')).run(ctx, {});
    await (await import('./merge-features.js')).run(ctx);
    await (await import('./train.js')).run(ctx);
    // The report's feature importance needs only the model and the merged features: measured in a worker
    // thread while predict runs, evaluate takes it over.
    (await import('../report/importance-task.js')).startImportance(ctx);
    await (await import('./predict.js')).run(ctx);
    await (await import('./evaluate.js')).run(ctx);
  } finally {
    release?.();
  }
  ctx.progress.log(
    `pipeline: done in ${formatDuration((performance.now() - started) / 1000)}; read ${ctx.paths.metricsMd}`,
  );
}
