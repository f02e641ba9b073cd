/**
 * @wemoms/model/node: everything of the browser-safe entry plus Node-only pieces: directory save/load,
 * backend selection with tfjs-node -> wasm -> cpu, TensorBoard logs on the native backend.
 */
export * from './index.js';
export {
  BACKEND_ENV,
  loadNativeBindings,
  nodeWasmDirectory,
  selectBackend,
} from './node/backend.js';
export { loadRanker, ModelFileError, manifestWeightBytes, saveRanker } from './node/files.js';
export { tensorBoardEpochWriter } from './node/tensorboard.js';
