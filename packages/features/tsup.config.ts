import { defineConfig } from 'tsup';

export default defineConfig({
  // categoryWorker is its own entry: parallel.ts loads it by URL, next to the bundles in dist/.
  entry: ['src/index.ts', 'src/node.ts', 'src/user-post-match.ts', 'src/category-worker.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
