import { defineConfig } from 'tsup';

export default defineConfig({
  // Two entries: the browser-safe package and the Node-only `./node` subpath.
  entry: ['src/index.ts', 'src/node.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // tsup externalises dependencies but not optional ones: tfjs-node must stay a runtime import.
  external: ['@tensorflow/tfjs-node'],
});
