import { defineCommand } from './define.js';

export interface ConfigOptions {
  split?: boolean;
  check?: boolean;
  defaults?: boolean;
}

export const configCommand = defineCommand<ConfigOptions>({
  name: 'config',
  description: 'print the resolved configuration, or write the per-stage files turbo hashes (--split)',
  options: (cmd) =>
    cmd
      .option('--split', 'write .wemoms/config/<stage>.json for the turbo pipeline')
      .option('--check', 'with --split: exit 3 when a stage file was out of date (turbo already hashed it)')
      .option('--defaults', 'print the defaults instead of the resolved configuration'),
  load: () => import('../commands/config.js'),
});
