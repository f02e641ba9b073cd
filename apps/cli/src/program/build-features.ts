import { Option } from 'commander';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { defineCommand } from './define.js';

export interface BuildFeaturesOptions {
  category?: string[];
  engine?: 'ts' | 'duckdb';
  memoryLimit?: string;
}

export const buildFeaturesCommand = defineCommand<BuildFeaturesOptions>({
  name: 'build-features',
  description: 'build feature categories (one parquet file each) for the train and eval rows',
  options: (cmd) =>
    cmd
      .option('--category <name...>', 'only these categories (default: config features.categories, or all)')
      .addOption(
        new Option(
          '--engine <engine>',
          `ts: the TypeScript kernels in memory; duckdb: the compiled SQL on embedded DuckDB, out of core (default ${DEFAULT_CONFIG.features.engine})`,
        ).choices(['ts', 'duckdb']),
      )
      .option(
        '--memory-limit <size>',
        'duckdb engine: DuckDB memory limit, e.g. 512MB or 2GB; it spills to disk past it (config features.duckdbMemoryLimit)',
      ),
  overrides: (o) => ({ 'features.engine': o.engine, 'features.duckdbMemoryLimit': o.memoryLimit }),
  load: () => import('../commands/build-features.js'),
});
