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
  /**
   * Backends tried before it: `reason` is a short phrase for the one-line log (`native TensorFlow not
   * installed`), `detail` the first line of the error itself (paths included), for --verbose output.
   */
  readonly skipped: readonly SkippedBackend[];
}

/** A backend that could not be activated, and why. */
export interface SkippedBackend {
  readonly name: string;
  readonly reason: string;
  readonly detail: string;
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
  const skipped: SkippedBackend[] = [];
  for (const name of candidates) {
    try {
      await prepare(name);
      if (await tf.setBackend(name)) {
        await tf.ready();
        const choice = { backend: name, skipped };
        log(describeBackendChoice(choice));
        return choice;
      }
      skipped.push({ name, reason: `${name} failed to initialise`, detail: 'failed to initialise' });
    } catch (error) {
      skipped.push({ name, reason: skipReason(name, error), detail: firstLine(error) });
    }
  }
  const reasons = skipped.map((s) => `${s.name}: ${s.detail}`).join('; ');
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

/**
 * The one line a command prints about its backend: `backend: wasm (native TensorFlow not installed)`, or
 * `backend: cpu` when the first choice won. The full errors stay in `choice.skipped[].detail`.
 */
export function describeBackendChoice(choice: BackendChoice): string {
  const why = choice.skipped.map((s) => s.reason).join('; ');
  return `backend: ${choice.backend}${why ? ` (${why})` : ''}`;
}

/**
 * A short phrase for why `name` was skipped. tfjs-node is an optional dependency whose install downloads
 * libtensorflow: when the package or its native addon is missing, that is the expected case, not an error
 * worth a path and a rebuild hint on every command.
 */
function skipReason(name: string, error: unknown): string {
  const message = firstLine(error);
  if (name === 'tensorflow') {
    const missing =
      /cannot find (module|package)|can not be found|tfjs_binding\.node|ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND/i;
    const code = (error as { code?: unknown } | null)?.code;
    if (missing.test(message) || code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
      return 'native TensorFlow not installed';
    return `native TensorFlow failed to load: ${truncate(message, 80)}`;
  }
  if (name === 'webgl') return 'webgl unavailable';
  return `${name} unavailable: ${truncate(message, 80)}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** First line of an error message, for one-line logs. */
export function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}
