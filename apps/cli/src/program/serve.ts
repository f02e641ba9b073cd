import { DEFAULT_CONFIG } from '../config/schema.js';
import { defineCommand } from './define.js';
import { integer } from './parsers.js';

export interface ServeOptions {
  host?: string;
  port?: number;
  store?: string;
  name?: string;
  logLevel: string;
}

export const serveCommand = defineCommand<ServeOptions>({
  name: 'serve',
  description:
    'the feed service: stored top 10 (GET /v1/feed), online ranking (POST /v1/rank), events, health, metrics',
  options: (cmd) =>
    cmd
      .option('--host <host>', `interface to listen on (default ${DEFAULT_CONFIG.serve.host})`)
      .option('--port <port>', `port, 0 = any free one (default ${DEFAULT_CONFIG.serve.port})`, integer)
      .option('--store <url>', 'feed store to read (default: serve.store, else publish.store)')
      .option('--name <name>', 'model directory name under models/')
      .option('--log-level <level>', 'request log level: fatal, error, warn, info, debug', 'warn'),
  overrides: (o) => ({
    'serve.host': o.host,
    'serve.port': o.port,
    'serve.store': o.store,
    'model.name': o.name,
  }),
  load: () => import('../commands/serve.js'),
});
