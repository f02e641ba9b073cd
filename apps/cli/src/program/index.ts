/**
 * Every `wemoms` command, in the order `wemoms --help` lists them. A new command is one definition file
 * in this folder (flags, overrides, lazy handler) plus one line here.
 */
import { benchCommand } from './bench.js';
import { buildFeaturesCommand } from './build-features.js';
import { compareCommand } from './compare.js';
import { configCommand } from './config.js';
import type { AnyCommandDefinition } from './define.js';
import { evaluateCommand } from './evaluate.js';
import { generateDataCommand } from './generate-data.js';
import { makeDatasetCommand } from './make-dataset.js';
import { mergeFeaturesCommand } from './merge-features.js';
import { pipelineCommand } from './pipeline.js';
import { predictCommand } from './predict.js';
import { rankCommand } from './rank.js';
import { trainCommand } from './train.js';

export const COMMANDS: readonly AnyCommandDefinition[] = [
  generateDataCommand,
  makeDatasetCommand,
  buildFeaturesCommand,
  mergeFeaturesCommand,
  trainCommand,
  predictCommand,
  evaluateCommand,
  rankCommand,
  pipelineCommand,
  compareCommand,
  benchCommand,
  configCommand,
];
