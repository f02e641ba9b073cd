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

/**
 * A copy of the context whose typed arrays live in SharedArrayBuffers, so posting it to worker threads
 * shares the log's columns instead of copying them per worker (only the string dictionaries are cloned).
 * The copy's index store starts empty (indexes and their search hints are per thread). The context's
 * facts are immutable: the copy is made once (copying a 1M-row log costs ~0.5 CPU-s of fresh pages),
 * kept in the context's index store (`indexes.sharedCopy`) and reused by every later build over it.
 */
export function shareContext(context: FeatureContext): FeatureContext {
  let copy = context.indexes.sharedCopy;
  if (copy === undefined) {
    const { indexes: _, ...facts } = context;
    copy = { ...(deepShare(facts) as Omit<FeatureContext, 'indexes'>), indexes: {} };
    context.indexes.sharedCopy = copy;
  }
  return copy;
}

/** A typed array in shared memory (see shareContext). */
export function shareArray<T extends Typed>(source: T): T {
  return shared(source);
}
