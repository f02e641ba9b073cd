/**
 * Where a featurisation takes the typed arrays it fully overwrites (kernel outputs, scratch as long as the
 * batch). It is passed explicitly, in the FeatureBatch every kernel receives (batch.ts): FRESH_ARRAYS
 * allocates new arrays, a BufferArena recycles the previous batch's (featurizeCandidates with
 * `reuseBuffers`). Only call sites that write every element take arrays from an allocator (recycled
 * arrays hold old values).
 */
export interface ArrayAllocator {
  /** A Float32Array of `length` the caller fully overwrites (contents undefined when recycled). */
  float32(length: number): Float32Array;
  /** An Int32Array of `length` the caller fully overwrites. */
  int32(length: number): Int32Array;
  /** A Float64Array of `length` the caller fully overwrites. */
  float64(length: number): Float64Array;
}

/** The allocator without recycling: every array is new (zeroed, owned by the caller for good). */
export const FRESH_ARRAYS: ArrayAllocator = Object.freeze({
  float32: (length: number) => new Float32Array(length),
  int32: (length: number) => new Int32Array(length),
  float64: (length: number) => new Float64Array(length),
});

/**
 * Opt-in recycling of the typed arrays a featurisation allocates (featurizeCandidates with
 * `reuseBuffers`). Allocating a fresh typed array costs far more than filling it (mmap, page faults,
 * zeroing: ~3 ms per MiB here, against ~0.3 ms to write it), and a candidate batch allocates ~300 bytes
 * of columns per candidate, so recycling the previous batch's arrays roughly halves the featuriser's
 * CPU time.
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
export class BufferArena implements ArrayAllocator {
  private readonly slabs: ArrayBuffer[] = [];
  private readonly used: number[] = [];

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
  }

  float32(length: number): Float32Array {
    return this.take(Float32Array, length);
  }

  int32(length: number): Int32Array {
    return this.take(Int32Array, length);
  }

  float64(length: number): Float64Array {
    return this.take(Float64Array, length);
  }
}
