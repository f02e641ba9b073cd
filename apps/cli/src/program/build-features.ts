import { defineCommand } from './define.js';

export interface BuildFeaturesOptions {
  category?: string[];
}

export const buildFeaturesCommand = defineCommand<BuildFeaturesOptions>({
  name: 'build-features',
  description: 'build feature categories (one parquet file each) for the train and eval rows',
  options: (cmd) =>
    cmd.option('--category <name...>', 'only these categories (default: config features.categories, or all)'),
  load: () => import('../commands/build-features.js'),
});
