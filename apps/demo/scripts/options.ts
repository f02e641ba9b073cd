import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SPLIT } from '@wemoms/dataset';
import type { ExportOptions } from '../src/export/export-demo.js';

export const USAGE = `usage: pnpm --filter @wemoms/demo <export|start> -- [--workdir DIR] [--date YYYY-MM-DD] [--max-users N]
  --workdir DIR       pipeline workdir holding data/, models/, reports/ (default: where pnpm was run)
  --date D            the day to rank: candidates are the posts created on D-1 (default: first test day, ${DEFAULT_SPLIT.test.first})
  --max-users N       users exported, half of them with opens when there are enough (default 200)
  --seed N            sampling seed (default 1)
  --metric-groups N   groups per grouping in the day's metrics, sampled (default 500; 0 = all)
  --model NAME        model directory under models/ (default logreg)
  --out DIR           data directory to write (default apps/demo/public/data)
  --port N            (start only) dev server port (default 5173)
  --no-export         (start only) serve the existing export`;

/** Command-line options of the export and start scripts, resolved into export options. */
export function parseOptions(
  argv: string[],
  demoRoot: string,
): { exportOptions: ExportOptions; port: number; skipExport: boolean; help: boolean } {
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: {
      workdir: { type: 'string' },
      date: { type: 'string', default: DEFAULT_SPLIT.test.first },
      'max-users': { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      'metric-groups': { type: 'string', default: '500' },
      model: { type: 'string', default: 'logreg' },
      out: { type: 'string' },
      port: { type: 'string', default: '5173' },
      'no-export': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  // pnpm runs package scripts in the package folder; relative paths mean the caller's folder.
  const callerDir = process.env.INIT_CWD ?? process.cwd();
  const workdir = resolve(callerDir, values.workdir ?? '.');
  const integer = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name}: expected an integer >= ${min}, got "${text}"`);
    return n;
  };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date))
    throw new Error(`--date: expected YYYY-MM-DD, got "${values.date}"`);
  return {
    exportOptions: {
      date: values.date,
      workdir,
      logPath: join(workdir, 'data/interim/log.parquet'),
      modelDir: join(workdir, 'models', values.model),
      metricsPath: join(workdir, 'reports/metrics.json'),
      truthDir: join(workdir, 'data/raw/truth'),
      outDir: values.out ? resolve(callerDir, values.out) : join(demoRoot, 'public/data'),
      maxUsers: integer('max-users', values['max-users'], 1),
      seed: integer('seed', values.seed, -(2 ** 31)),
      metricGroups: integer('metric-groups', values['metric-groups'], 0) || null,
      log: (message) => console.log(message),
    },
    port: integer('port', values.port, 1),
    skipExport: values['no-export'],
    help: values.help,
  };
}
