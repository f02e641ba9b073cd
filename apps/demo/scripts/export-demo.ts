/**
 * `pnpm --filter @wemoms/demo export -- --workdir . --date 2023-01-30`: writes the demo's data directory
 * (apps/demo/public/data) from a finished pipeline run. See src/format.ts for what it holds.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportDemo } from '../src/export/export-demo.js';
import { parseOptions, USAGE } from './options.js';

const demoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

try {
  const { exportOptions, help } = parseOptions(process.argv.slice(2), demoRoot);
  if (help) {
    console.log(USAGE);
  } else {
    const started = performance.now();
    const { manifest, usersWithOpens, bytes } = await exportDemo(exportOptions);
    console.log(
      `export: ${manifest.users} users (${usersWithOpens} with opens) x ${manifest.candidates} candidates of ${manifest.date}, ` +
        `${(bytes / 1e6).toFixed(1)} MB in ${exportOptions.outDir} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
} catch (error) {
  console.error(`export failed: ${(error as Error).message}\n\n${USAGE}`);
  process.exitCode = 1;
}
