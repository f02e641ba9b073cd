import { DEFAULT_CONFIG } from '../config/schema.js';
import { defineCommand } from './define.js';
import { isoDay, positiveInteger } from './parsers.js';

export interface PublishOptions {
  date: string;
  store?: string;
  retention?: number;
  name?: string;
}

export const publishCommand = defineCommand<PublishOptions>({
  name: 'publish',
  description:
    "batch serving: rank every user active on a day (as rank does) and publish each one's top 10 to SQLite or Redis, atomically",
  options: (cmd) =>
    cmd
      .requiredOption(
        '--date <day>',
        'the day d (YYYY-MM-DD): candidates are the posts created on d-1',
        isoDay,
      )
      .option(
        '--store <url>',
        `sqlite:<path> (relative to the workdir) or redis://host:port/db (default ${DEFAULT_CONFIG.publish.store})`,
      )
      .option(
        '--retention <n>',
        `snapshots kept, newest first (default ${DEFAULT_CONFIG.publish.retention})`,
        positiveInteger,
      )
      .option('--name <name>', 'model directory name under models/'),
  overrides: (o) => ({ 'publish.store': o.store, 'publish.retention': o.retention, 'model.name': o.name }),
  load: () => import('../commands/publish.js'),
});
