/**
 * Every `wemoms` command, in the order `wemoms --help` lists them. A new command is one definition file
 * in this folder (flags, overrides, lazy handler) plus one line here.
 */
import { abCommand } from './ab.js';
import { benchCommand } from './bench.js';
import { buildFeaturesCommand } from './build-features.js';
import { compareCommand } from './compare.js';
import { configCommand } from './config.js';
import type { AnyCommandDefinition } from './define.js';
import { evaluateCommand } from './evaluate.js';
import { exploreCommand } from './explore.js';
import { generateDataCommand } from './generate-data.js';
import { makeDatasetCommand } from './make-dataset.js';
import { mergeFeaturesCommand } from './merge-features.js';
import { pipelineCommand } from './pipeline.js';
import { predictCommand } from './predict.js';
import { publishCommand } from './publish.js';
import { rankCommand } from './rank.js';
import { serveCommand } from './serve.js';
import { sqlCommand } from './sql.js';
import { trainCommand } from './train.js';
import { withLockCommand } from './with-lock.js';

export const COMMANDS: readonly AnyCommandDefinition[] = [
  generateDataCommand,
  makeDatasetCommand,
  buildFeaturesCommand,
  mergeFeaturesCommand,
  sqlCommand,
  trainCommand,
  predictCommand,
  evaluateCommand,
  exploreCommand,
  rankCommand,
  publishCommand,
  serveCommand,
  pipelineCommand,
  compareCommand,
  benchCommand,
  configCommand,
  abCommand,
  withLockCommand,
];
