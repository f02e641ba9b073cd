import { defineConfig } from 'tsup';

export default defineConfig({
  // The benchmarks are extra entries so `pnpm bench:read` / `bench:parquet` run on plain Node (no TS loader).
  entry: {
    index: 'src/index.ts',
    node: 'src/node.ts',
    'bench/read': 'bench/read.ts',
    'bench/parquet': 'bench/parquet.ts',
  },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts', node: 'src/node.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
