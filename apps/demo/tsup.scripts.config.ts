import { defineConfig } from 'tsup';

/**
 * Bundles the Node scripts (export, start) into .scripts/: our own modules are inlined, every package
 * stays external, so the scripts run on the workspace packages' builds (`pnpm build` first).
 */
export default defineConfig({
  entry: { 'export-demo': 'scripts/export-demo.ts', start: 'scripts/start.ts' },
  outDir: '.scripts',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  clean: true,
  silent: true,
});
