import { it } from 'vitest';
import { runCli } from './main.js';

it('dev', async () => {
  const args = (process.env.WEMOMS_ARGS ?? '').split(' ').filter(Boolean);
  const code = await runCli(args);
  console.log('exit', code);
}, 600_000);
