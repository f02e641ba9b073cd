import { defineCommand } from './define.js';
import { positiveInteger } from './parsers.js';

export interface PipelineOptions {
  maxGroups?: number;
  generateIfMissing?: boolean;
}

export const pipelineCommand = defineCommand<PipelineOptions>({
  name: 'pipeline',
  description:
    'every stage in order: generate-data (when no raw log), make-dataset, features, train, predict, evaluate',
  options: (cmd) =>
    cmd
      .option(
        '--max-groups <n>',
        'sample at most n groups per grouping and test day in evaluation',
        positiveInteger,
      )
      .option(
        '--generate-if-missing',
        'generate a synthetic log at --raw / paths.raw when it is missing (without it, only the default path is)',
      ),
  overrides: (o) => ({ 'evaluate.maxGroups': o.maxGroups }),
  load: () => import('../commands/pipeline.js'),
});
