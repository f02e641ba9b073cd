import { defineCommand } from './define.js';
import { positiveInteger } from './parsers.js';

export interface PipelineOptions {
  maxGroups?: number;
}

export const pipelineCommand = defineCommand<PipelineOptions>({
  name: 'pipeline',
  description:
    'every stage in order: generate-data (when no raw log), make-dataset, features, train, predict, evaluate',
  options: (cmd) =>
    cmd.option(
      '--max-groups <n>',
      'sample at most n groups per grouping and test day in evaluation',
      positiveInteger,
    ),
  overrides: (o) => ({ 'evaluate.maxGroups': o.maxGroups }),
  load: () => import('../commands/pipeline.js'),
});
