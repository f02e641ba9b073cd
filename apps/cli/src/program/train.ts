import { Option } from 'commander';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { defineCommand } from './define.js';
import { integer, positiveInteger, positiveNumber } from './parsers.js';

export interface TrainOptions {
  name?: string;
  epochs?: number;
  learningRate?: number;
  patience?: number;
  batchSize?: number;
  seed?: number;
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
}

export const trainCommand = defineCommand<TrainOptions>({
  name: 'train',
  description:
    'train the TensorFlow.js ranker on train rows, early-stopping on eval rows; save it to models/<name>',
  options: (cmd) =>
    cmd
      .option('--name <name>', `model directory name (default ${DEFAULT_CONFIG.model.name})`)
      .option('--epochs <n>', `maximum epochs (default ${DEFAULT_CONFIG.model.epochs})`, positiveInteger)
      .option(
        '--learning-rate <x>',
        `Adam learning rate (default ${DEFAULT_CONFIG.model.learningRate})`,
        positiveNumber,
      )
      .option(
        '--patience <n>',
        `early-stopping patience in epochs (default ${DEFAULT_CONFIG.model.patience})`,
        positiveInteger,
      )
      .option(
        '--batch-size <n>',
        `mini-batch size (default ${DEFAULT_CONFIG.model.batchSize})`,
        positiveInteger,
      )
      .option(
        '--seed <n>',
        `initialisation and shuffling seed (default ${DEFAULT_CONFIG.model.seed})`,
        integer,
      )
      .addOption(
        new Option(
          '--backend <name>',
          `TensorFlow.js backend (default ${DEFAULT_CONFIG.model.backend})`,
        ).choices(['auto', 'tensorflow', 'wasm', 'cpu']),
      ),
  overrides: (o) => ({
    'model.name': o.name,
    'model.epochs': o.epochs,
    'model.learningRate': o.learningRate,
    'model.patience': o.patience,
    'model.batchSize': o.batchSize,
    'model.seed': o.seed,
    'model.backend': o.backend,
  }),
  load: () => import('../commands/train.js'),
});
