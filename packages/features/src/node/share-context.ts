import type { FeatureContext } from '../types.js';

type Typed = Int32Array | Float64Array | Float32Array | Uint8Array;

function shared<T extends Typed>(source: T): T {
  if (source.buffer instanceof SharedArrayBuffer) return source;
  const Ctor = source.constructor as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const out = new Ctor(new SharedArrayBuffer(source.length * Ctor.BYTES_PER_ELEMENT));
  out.set(source as never);
  return out;
}

function deepShare(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return shared(value as Typed);
  if (Array.isArray(value)) return value; // dictionaries: strings, cloned once per worker
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepShare(v);
    return out;
  }
  return value;
}

// A context is immutable: its shared copy is made once (copying a 1M-row log costs ~0.5 CPU-s of fresh
// pages) and reused by every later build over the same context.
const sharedCopies = new WeakMap<FeatureContext, FeatureContext>();

/**
 * A copy of the context whose typed arrays live in SharedArrayBuffers, so posting it to worker threads
 * shares the log's columns instead of copying them per worker (only the string dictionaries are cloned).
 * Made once per context and cached.
 */
export function shareContext(context: FeatureContext): FeatureContext {
  let copy = sharedCopies.get(context);
  if (copy === undefined) {
    copy = deepShare(context) as FeatureContext;
    sharedCopies.set(context, copy);
  }
  return copy;
}

/** A typed array in shared memory (see shareContext). */
export function shareArray<T extends Typed>(source: T): T {
  return shared(source);
}
