import { defineConfig } from 'tsup';

export default defineConfig({
  // './testing' (dist/testing.js): the Redis server other packages' tests start (src/testing/, issue 14).
  entry: { index: 'src/index.ts', testing: 'src/testing/redis-server.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
