import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Resolve workspace packages to their TypeScript sources: tests never need a prior build.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  // The browser test builds the app and runs a small pipeline in its setup: a generous hook timeout.
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 240_000 },
});
