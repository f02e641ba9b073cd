/**
 * Opt-in recycling of the typed arrays a featurisation allocates (featurizeCandidates with
 * `reuseBuffers`). Allocating a fresh typed array costs far more than filling it (mmap, page faults,
 * zeroing: ~3 ms per MiB here, against ~0.3 ms to write it), and a candidate batch allocates ~300 bytes
 * of columns per candidate, so recycling the previous batch's arrays roughly halves the featuriser's
 * CPU time. Only call sites that write every element take arrays from here (recycled arrays hold old
 * values); without an active arena they allocate as usual.
 */
type Typed = Float32Array | Int32Array | Float64Array;
type Ctor<T extends Typed> = {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
};

/** Slab size: a few large buffers serve a batch's ~80 columns (a 1M-row batch needs ~330 MB). */
const SLAB_BYTES = 64 << 20;

/**
 * A region allocator: arrays are views bumped out of a few large slabs, and `reset` rewinds the slabs.
 * Any array length fits any free space, so batches of different lengths (every test day's is different)
 * reuse the same memory; exact-size free lists would allocate afresh on each new length.
 */
export class BufferArena {
  private readonly slabs: ArrayBuffer[] = [];
  private readonly used: number[] = [];
  /** Per-batch memo (as-of rows of a batch's query points), cleared with the buffers. */
  memo = new WeakMap<object, unknown>();

  take<T extends Typed>(ctor: Ctor<T>, length: number): T {
    // 8-byte alignment keeps every view valid for Float64Array.
    const bytes = Math.ceil((length * ctor.BYTES_PER_ELEMENT) / 8) * 8;
    const { slabs, used } = this;
    for (let s = 0; s < slabs.length; s++) {
      if (slabs[s].byteLength - used[s] >= bytes) {
        const array = new ctor(slabs[s], used[s], length);
        used[s] += bytes;
        return array;
      }
    }
    // An array larger than a slab (a batch of over 16M rows) is allocated on its own and not recycled,
    // so odd sizes never pin slabs: the arena holds whole slabs only, as many as the largest batch used.
    if (bytes > SLAB_BYTES) return new ctor(new ArrayBuffer(bytes), 0, length);
    const slab = new ArrayBuffer(SLAB_BYTES);
    slabs.push(slab);
    used.push(bytes);
    return new ctor(slab, 0, length);
  }

  /** Makes every array handed out so far available again: their previous contents become invalid. */
  reset(): void {
    this.used.fill(0);
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
