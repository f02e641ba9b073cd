/**
 * Node backend selection: tfjs-node's native `tensorflow` backend when its addon loads (it is an optional
 * dependency whose install downloads libtensorflow, so it is often absent), else wasm, else cpu.
 * Overridable by argument or by the WEMOMS_TF_BACKEND environment variable.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import {
  activateFirstBackend,
  type BackendChoice,
  type BackendPreference,
  parseBackendPreference,
} from '../backend.js';

export const BACKEND_ENV = 'WEMOMS_TF_BACKEND';

let wasmPathsSet = false;

/**
 * Directory (with trailing separator) of tfjs-backend-wasm's .wasm files in node_modules. The backend must
 * be told before it initialises: bundled or not, it does not find them relative to the caller.
 */
export function nodeWasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

/** Loads tfjs-node (registers the `tensorflow` backend); throws its own error when the addon is missing. */
export async function loadNativeBindings(): Promise<typeof import('@tensorflow/tfjs-node')> {
  return import('@tensorflow/tfjs-node');
}

/**
 * Activates the best available backend in Node and logs which one (and why others were skipped).
 * @param preference 'auto' (tensorflow -> wasm -> cpu) or one backend; defaults to $WEMOMS_TF_BACKEND, else auto.
 * @param options.log one line naming the backend (default: stderr).
 */
export async function selectBackend(
  preference?: BackendPreference,
  options: { log?: (message: string) => void } = {},
): Promise<BackendChoice> {
  const chosen = preference ?? parseBackendPreference(process.env[BACKEND_ENV], `$${BACKEND_ENV}`);
  if (chosen === 'webgl') throw new RangeError('the webgl backend exists only in the browser');
  const candidates = chosen === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [chosen];
  return activateFirstBackend(
    candidates,
    async (name) => {
      if (name === 'tensorflow') await loadNativeBindings();
      if (name === 'wasm' && !wasmPathsSet) {
        setWasmPaths(nodeWasmDirectory());
        wasmPathsSet = true;
      }
    },
    options.log ?? ((message) => process.stderr.write(`${message}\n`)),
    chosen !== 'auto',
  );
}
