import { Option } from 'commander';
import { defineCommand } from './define.js';

export interface SqlOptions {
  dialect: 'duckdb' | 'bigquery' | 'spark';
  part: 'train' | 'test';
  category?: string[];
  events?: string;
  rows?: string;
  candidates?: string;
  out?: string;
}

export const sqlCommand = defineCommand<SqlOptions>({
  name: 'sql',
  description:
    'print the SQL that builds the train/eval feature table (or the as-of features of test candidates) from a raw events table',
  options: (cmd) =>
    cmd
      .addOption(
        new Option('--dialect <dialect>', 'SQL dialect')
          .choices(['duckdb', 'bigquery', 'spark'])
          .makeOptionMandatory(),
      )
      .addOption(
        new Option('--part <part>', 'train: one row per impression; test: one row per candidate')
          .choices(['train', 'test'])
          .default('train'),
      )
      .option('--category <name...>', 'only these categories (default: config features.categories, or all)')
      .option('--events <table>', 'the raw events table: raw log columns + row_id (default events)')
      .option(
        '--rows <table>',
        'train part: only the impressions whose row_id is in this table (default all)',
      )
      .option(
        '--candidates <table>',
        'test part: table of candidate_id, user_id, trackable_id, candidate_time (default candidates)',
      )
      .option('--out <file>', 'write the SQL to this file (atomically) instead of stdout'),
  load: () => import('../commands/sql.js'),
});
