import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

/** URL folder (relative to the page) where the TensorFlow.js wasm binaries are served. */
export const WASM_DIR = 'tfjs-wasm';

/**
 * Serves (dev) and emits (build) the tfjs-backend-wasm binaries under `tfjs-wasm/`: the bundle cannot
 * locate them itself, so the page passes that folder to `setWasmPaths`.
 */
function tfjsWasm(): Plugin {
  const require = createRequire(import.meta.url);
  const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  const files = readdirSync(dist).filter((f) => f.endsWith('.wasm'));
  return {
    name: 'wemoms-tfjs-wasm',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const match = req.url?.match(new RegExp(`/${WASM_DIR}/([\\w.-]+\\.wasm)$`));
        if (!match || !files.includes(match[1])) return next();
        res.setHeader('Content-Type', 'application/wasm');
        res.end(readFileSync(join(dist, match[1])));
      });
    },
    generateBundle() {
      for (const file of files)
        this.emitFile({
          type: 'asset',
          fileName: `${WASM_DIR}/${file}`,
          source: readFileSync(join(dist, file)),
        });
    },
  };
}

export default defineConfig({
  // Relative asset URLs: the built app works from any folder or static host.
  base: './',
  // A missing data file must 404, not fall back to index.html.
  appType: 'mpa',
  // Compile workspace packages from their TypeScript sources: the demo needs no prior package build.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
  plugins: [tfjsWasm()],
});
