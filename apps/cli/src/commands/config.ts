/** `wemoms config`: print the resolved configuration, or split it into per-stage files for turbo. */
import { join, relative } from 'node:path';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { PIPELINE_STAGES, stableJson, writeStageConfigs } from '../config/stages.js';
import type { ConfigOptions } from '../program/config.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';

/** Exit code of `config --split --check` when a stage file changed after turbo hashed it. */
export const STALE_STAGE_CONFIG_EXIT = 3;

export async function run(ctx: CliContext, options: ConfigOptions) {
  if (!options.split) {
    ctx.print(stableJson(options.defaults ? DEFAULT_CONFIG : ctx.config).trimEnd());
    return;
  }
  // Rewriting the stage slices under a running pipeline would change what its next stages read.
  const release = ctx.guard?.enter('config', {
    outputs: PIPELINE_STAGES.map((stage) => join(ctx.paths.stageConfigDir, `${stage}.json`)),
  });
  let result: ReturnType<typeof writeStageConfigs>;
  try {
    result = writeStageConfigs(ctx.config, ctx.paths.stageConfigDir);
  } finally {
    release?.();
  }
  const where = relative(ctx.workdir, result.dir) || '.';
  ctx.progress.log(
    result.changed.length
      ? `config: wrote ${where}/{${result.changed.join(',')}}.json from ${ctx.configFile ?? 'the defaults'}`
      : `config: ${where}/*.json up to date`,
  );
  const stale = result.changed.filter((s) => !result.created.includes(s));
  if (options.check && stale.length > 0) {
    throw new CliError(
      `the stage config of ${stale.join(', ')} changed after turbo hashed it: the files are now updated; ` +
        'run the pipeline again, or use `pnpm pipeline`, which splits the config before turbo starts',
      STALE_STAGE_CONFIG_EXIT,
    );
  }
}
