/**
 * The demo's one start command, after the pipeline has run:
 *   pnpm --filter @wemoms/demo start -- --workdir . --date 2023-01-30
 * exports the day (unless --no-export) and serves the app with Vite's dev server, until the command is
 * stopped (Ctrl+C, or a signal to pnpm: see lifetime.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { exportDemo } from '../src/export/export-demo.js';
import { MANIFEST_FILE } from '../src/format.js';
import { stopWithParents } from './lifetime.js';
import { parseOptions, USAGE } from './options.js';

const demoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

try {
  const { exportOptions, port, skipExport, help } = parseOptions(process.argv.slice(2), demoRoot);
  if (help) {
    console.log(USAGE);
  } else {
    if (!skipExport) {
      const { manifest, usersWithOpens } = await exportDemo(exportOptions);
      console.log(
        `export: ${manifest.users} users (${usersWithOpens} with opens) x ${manifest.candidates} candidates of ${manifest.date}`,
      );
    } else if (!existsSync(join(exportOptions.outDir, MANIFEST_FILE))) {
      console.warn(`warning: no export in ${exportOptions.outDir}: the page will say how to create it`);
    }
    const server = await createServer({
      root: demoRoot,
      configFile: join(demoRoot, 'vite.config.ts'),
      server: { port, host: '127.0.0.1' },
    });
    await server.listen();
    server.printUrls();
    // Stopping the start command (Ctrl+C, or a signal to pnpm alone) stops the server: no orphan.
    stopWithParents(async (reason) => {
      console.log(`demo: stopping the server (${reason})`);
      await server.close();
    });
  }
} catch (error) {
  console.error(`start failed: ${(error as Error).message}\n\n${USAGE}`);
  process.exitCode = 1;
}
