import { Option } from 'commander';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { defineCommand } from './define.js';
import {
  integer,
  nonNegativeNumber,
  positiveInteger,
  positiveIntegerList,
  positiveNumber,
} from './parsers.js';

export interface TrainOptions {
  name?: string;
  type?: 'logreg' | 'mlp' | 'cross';
  loss?: 'pointwise' | 'pairwise' | 'listwise';
  pointwiseWeight?: number;
  hiddenSizes?: number[];
  crossLayers?: number;
  crossRank?: number;
  earlyStopping?: 'ndcg' | 'map' | 'loss' | 'auc';
  l2?: number;
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
      .addOption(
        new Option('--type <type>', `model family (default ${DEFAULT_CONFIG.model.type})`).choices([
          'logreg',
          'mlp',
          'cross',
        ]),
      )
      .addOption(
        new Option(
          '--loss <loss>',
          `training loss, pairwise and listwise over user-day groups (default ${DEFAULT_CONFIG.model.loss})`,
        ).choices(['pointwise', 'pairwise', 'listwise']),
      )
      .option(
        '--pointwise-weight <x>',
        `weight of a pointwise term mixed into a ranking loss (default ${DEFAULT_CONFIG.model.pointwiseWeight})`,
        nonNegativeNumber,
      )
      .option(
        '--hidden-sizes <list>',
        `hidden layer sizes of mlp / cross, comma-separated (default ${DEFAULT_CONFIG.model.hiddenSizes.join(',')})`,
        positiveIntegerList,
      )
      .option(
        '--cross-layers <n>',
        `cross layers of cross (default ${DEFAULT_CONFIG.model.crossLayers})`,
        positiveInteger,
      )
      .option(
        '--cross-rank <n>',
        `rank of the cross layers' weights (default ${DEFAULT_CONFIG.model.crossRank})`,
        positiveInteger,
      )
      .addOption(
        new Option(
          '--early-stopping <metric>',
          `early-stopping metric on the eval days (default ${DEFAULT_CONFIG.model.earlyStopping})`,
        ).choices(['ndcg', 'map', 'loss', 'auc']),
      )
      .option(
        '--l2 <x>',
        `L2 penalty on the weight matrices (default ${DEFAULT_CONFIG.model.l2})`,
        nonNegativeNumber,
      )
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
    'model.type': o.type,
    'model.loss': o.loss,
    'model.pointwiseWeight': o.pointwiseWeight,
    'model.hiddenSizes': o.hiddenSizes,
    'model.crossLayers': o.crossLayers,
    'model.crossRank': o.crossRank,
    'model.earlyStopping': o.earlyStopping,
    'model.l2': o.l2,
    'model.epochs': o.epochs,
    'model.learningRate': o.learningRate,
    'model.patience': o.patience,
    'model.batchSize': o.batchSize,
    'model.seed': o.seed,
    'model.backend': o.backend,
  }),
  load: () => import('../commands/train.js'),
});
