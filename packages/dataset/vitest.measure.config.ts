import { defineConfig } from 'vitest/config';

// Figures, not tests: `pnpm run measure` (env ROWS=..., SEED=...) prints the sizes and timings of
// make-dataset on a synthetic log. Kept out of the unit-test include on purpose (DESIGN section 8).
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { include: ['bench/**/*.measure.ts'], testTimeout: 3_600_000 },
});
