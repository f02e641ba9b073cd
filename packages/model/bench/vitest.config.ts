import { defineConfig } from 'vitest/config';

// The benchmark runs through vitest only to get TypeScript + workspace `source` resolution; it asserts
// nothing about time and prints its figures.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { include: ['bench/**/*.bench-run.ts'], testTimeout: 900_000, fileParallelism: false },
});
