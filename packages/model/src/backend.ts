/**
 * Backend activation shared by Node and the browser: try candidate TensorFlow.js backends in order, keep
 * the first that initialises, and say which one won and why the others did not.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** Backends this package knows how to activate. `tensorflow` is tfjs-node's native backend (Node only). */
export type BackendName = 'tensorflow' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = BackendName | 'auto';

export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'webgl', 'wasm', 'cpu'];

export interface BackendChoice {
  /** The active backend. */
  readonly backend: string;
  /** Backends tried before it, with the reason each was skipped. */
  readonly skipped: readonly { name: string; reason: string }[];
}

export interface SelectBackendOptions {
  /** Where the browser serves tfjs-backend-wasm's .wasm files (a URL prefix ending in `/`). */
  readonly wasmPaths?: string;
  /** Receives one line naming the chosen backend (default: silent). */
  readonly log?: (message: string) => void;
}

/** Checks a user-supplied backend preference (config or environment). */
export function parseBackendPreference(value: string | undefined, source: string): BackendPreference {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new RangeError(
    `${source}: unknown TensorFlow.js backend "${value}"; expected auto, ${BACKEND_NAMES.join(', ')}`,
  );
}

/**
 * Activates the first candidate backend that initialises. `prepare(name)` runs before each attempt (e.g.
 * loading tfjs-node); a throw there skips the candidate. With a single explicit candidate, failure throws.
 */
export async function activateFirstBackend(
  candidates: readonly string[],
  prepare: (name: string) => Promise<void>,
  log: (message: string) => void,
  explicit: boolean,
): Promise<BackendChoice> {
  const skipped: { name: string; reason: string }[] = [];
  for (const name of candidates) {
    try {
      await prepare(name);
      if (await tf.setBackend(name)) {
        await tf.ready();
        const note = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
        log(`TensorFlow.js backend: ${name}${note ? ` (skipped ${note})` : ''}`);
        return { backend: name, skipped };
      }
      skipped.push({ name, reason: 'failed to initialise' });
    } catch (error) {
      skipped.push({ name, reason: firstLine(error) });
    }
  }
  const reasons = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  if (explicit) throw new Error(`TensorFlow.js backend ${candidates.join(', ')} is unavailable: ${reasons}`);
  throw new Error(`no TensorFlow.js backend could be activated: ${reasons}`);
}

/**
 * Browser backend selection: webgl, then wasm, then cpu (or only `preference` when it is not `auto`).
 * @returns the active backend and the ones skipped.
 */
export async function selectBrowserBackend(
  preference: BackendPreference = 'auto',
  options: SelectBackendOptions = {},
): Promise<BackendChoice> {
  const candidates = preference === 'auto' ? ['webgl', 'wasm', 'cpu'] : [preference];
  if (candidates.includes('tensorflow'))
    throw new RangeError('the tensorflow backend (tfjs-node) exists only in Node');
  return activateFirstBackend(
    candidates,
    async (name) => {
      if (name === 'wasm' && options.wasmPaths) setWasmPaths(options.wasmPaths);
    },
    options.log ?? (() => {}),
    preference !== 'auto',
  );
}

/** First line of an error message, for one-line logs. */
export function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}
