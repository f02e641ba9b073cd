import { defineCommand } from './define.js';

export const mergeFeaturesCommand = defineCommand({
  name: 'merge-features',
  description: 'join the category files into data/processed/features.parquet',
  load: () => import('../commands/merge-features.js'),
});
