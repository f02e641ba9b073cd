/**
 * Opt-in recycling of the typed arrays a featurisation allocates (featurizeCandidates with
 * `reuseBuffers`). Allocating a fresh typed array costs far more than filling it (mmap, page faults,
 * zeroing: ~3 ms per MiB here, against ~0.3 ms to write it), and a candidate batch allocates ~300 bytes
 * of columns per candidate, so recycling the previous batch's arrays roughly halves the featuriser's
 * CPU time. Only call sites that write every element take arrays from here (recycled arrays hold old
 * values); without an active arena they allocate as usual.
 */
type Typed = Float32Array | Int32Array | Float64Array;
type Ctor<T extends Typed> = { new (length: number): T; readonly name: string };

export class BufferArena {
  private readonly free = new Map<string, Typed[]>();
  private readonly used: [string, Typed][] = [];
  /** Per-batch memo (as-of rows of a batch's query points), cleared with the buffers. */
  memo = new WeakMap<object, unknown>();

  take<T extends Typed>(ctor: Ctor<T>, length: number): T {
    // Size classes (quarter powers of two) so batches of slightly different lengths share arrays.
    const step = length <= 1024 ? 1024 : 2 ** (Math.floor(Math.log2(length)) - 2);
    const capacity = Math.ceil(length / step) * step;
    const key = `${ctor.name}:${capacity}`;
    const recycled = this.free.get(key)?.pop();
    const array = (recycled ?? new ctor(capacity)) as T;
    this.used.push([key, array]);
    return (capacity === length ? array : array.subarray(0, length)) as T;
  }

  /** Makes every array handed out so far available again: their previous contents become invalid. */
  reset(): void {
    for (const [key, array] of this.used) {
      let list = this.free.get(key);
      if (list === undefined) {
        list = [];
        this.free.set(key, list);
      }
      list.push(array);
    }
    this.used.length = 0;
    this.memo = new WeakMap();
  }
}

let current: BufferArena | null = null;

/** The arena of the featurisation running now, if any. */
export function activeArena(): BufferArena | null {
  return current;
}

/** Runs `fn` with `arena` serving float32Array/int32Array/float64Array (synchronously, then restores). */
export function withArena<T>(arena: BufferArena | null, fn: () => T): T {
  const previous = current;
  current = arena;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/** A Float32Array of `length` the caller fully overwrites (contents undefined when recycled). */
export function float32Array(length: number): Float32Array {
  return current === null ? new Float32Array(length) : current.take(Float32Array, length);
}

/** An Int32Array of `length` the caller fully overwrites. */
export function int32Array(length: number): Int32Array {
  return current === null ? new Int32Array(length) : current.take(Int32Array, length);
}

/** A Float64Array of `length` the caller fully overwrites. */
export function float64Array(length: number): Float64Array {
  return current === null ? new Float64Array(length) : current.take(Float64Array, length);
}
