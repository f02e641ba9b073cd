import { defineConfig } from 'tsup';

export default defineConfig({
  // The read benchmark is a second entry so `pnpm bench:read` runs it on plain Node (no TS loader).
  entry: { index: 'src/index.ts', 'bench/read': 'bench/read.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
