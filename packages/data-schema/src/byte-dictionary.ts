/**
 * The dictionary of one id or category column of the reader's fast path: first-seen `values` (the
 * truth, shared with the general path) and an open-addressing table from ASCII bytes to code, so the
 * fast path never decodes a string it has seen before.
 *
 * Layout: a slot is two int32 (code + 1, 0 = empty; hash) and each code's bytes sit in an arena in code
 * order (`starts[code] .. starts[code + 1]`). Slots of 8 bytes keep the table of a 1M-row log's ~800k
 * post ids at 16 MB (64-byte slots with inline bytes made it 128 MB, and the page faults and cache misses
 * of growing it were a fifth of the read); a rehash moves two ints per entry and compares no bytes.
 */

/** FNV-1a over the bytes then a murmur3-style finaliser: what `scanString` computes while it scans. */
export const HASH_SEED = 0x811c9dc5;
export const HASH_PRIME = 0x01000193;

/** The finaliser of the string hash (HASH_SEED, then `h = imul(h ^ byte, HASH_PRIME)` per byte). */
export function finishHash(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}

/** True when the fast path can produce `value`: printable ASCII without a quote or a backslash. */
function fastPathString(value: string): boolean {
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c < 32 || c > 126 || c === 34 || c === 92) return false;
  }
  return true;
}

export class ByteDictionary {
  readonly values: string[] = [];
  /**
   * String -> code, built on the general path's first call only: the byte table alone serves the fast
   * path, and a Map insert per new id was a tenth of the parse.
   */
  private index: Map<string, number> | null = null;
  private slots = new Int32Array(2 * 1024);
  /**
   * One bit per slot, set when it is taken: 256 KB for 2M slots stays in cache, so a new id (most post
   * ids are new) whose home slot is free is inserted without first loading that slot from a table that
   * does not fit in cache (a store does not stall the parse, a load miss does).
   */
  private taken = new Int32Array(1024 >> 5);
  private mask = 1023;
  private used = 0;
  /** Bytes of code c: arena[starts[c] .. starts[c + 1]); empty for a value the fast path cannot produce. */
  private starts = new Int32Array(1024);
  private arena = new Uint8Array(1 << 12);

  /** The code of `value` (the general path), adding it when new. */
  encodeString(value: string): number {
    if (this.index === null) {
      this.index = new Map();
      for (let code = 0; code < this.values.length; code++) this.index.set(this.values[code], code);
    }
    const known = this.index.get(value);
    if (known !== undefined) return known;
    // New: the byte table learns it too, so the fast path finds the same code later.
    const code = this.values.length;
    if (fastPathString(value)) {
      let h = HASH_SEED;
      for (let k = 0; k < value.length; k++) h = Math.imul(h ^ value.charCodeAt(k), HASH_PRIME);
      h = finishHash(h);
      const bytes = Buffer.from(value, 'latin1');
      const slot = this.freeSlot(h);
      this.insert(slot, h, bytes, 0, bytes.length, value);
    } else {
      this.appendValue(value, null, 0, 0);
    }
    return code;
  }

  /** The code of the ASCII bytes b[s..e) whose scanString hash is h, adding them when new. */
  encodeBytes(b: Buffer, s: number, e: number, h: number): number {
    const length = e - s;
    const slots = this.slots;
    const mask = this.mask;
    const starts = this.starts;
    const arena = this.arena;
    const taken = this.taken;
    let slot = h & mask;
    for (;;) {
      if ((taken[slot >>> 5] & (1 << (slot & 31))) === 0) break;
      const entry = slots[slot << 1];
      if (slots[(slot << 1) + 1] === h) {
        const code = entry - 1;
        const from = starts[code];
        if (starts[code + 1] - from === length) {
          let k = 0;
          while (k < length && arena[from + k] === b[s + k]) k++;
          if (k === length) return code;
        }
      }
      slot = (slot + 1) & mask;
    }
    const code = this.values.length;
    this.insert(slot, h, b, s, e, b.toString('latin1', s, e));
    return code;
  }

  /** The first empty slot of h's probe sequence (h is known to be absent). */
  private freeSlot(h: number): number {
    let slot = h & this.mask;
    while (this.slots[slot << 1] !== 0) slot = (slot + 1) & this.mask;
    return slot;
  }

  private insert(slot: number, h: number, b: Uint8Array, s: number, e: number, value: string): void {
    const code = this.values.length;
    this.appendValue(value, b, s, e);
    this.slots[slot << 1] = code + 1;
    this.slots[(slot << 1) + 1] = h;
    this.taken[slot >>> 5] |= 1 << (slot & 31);
    if (++this.used * 2 > this.mask) this.rehash();
  }

  /** Adds `value` as the next code with bytes b[s..e) (none when b is null). */
  private appendValue(value: string, b: Uint8Array | null, s: number, e: number): void {
    const code = this.values.length;
    this.values.push(value);
    this.index?.set(value, code);
    if (code + 2 > this.starts.length) {
      const bigger = new Int32Array(this.starts.length * 2);
      bigger.set(this.starts);
      this.starts = bigger;
    }
    const at = this.starts[code];
    const length = b === null ? 0 : e - s;
    if (at + length > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, at + length));
      bigger.set(this.arena.subarray(0, at));
      this.arena = bigger;
    }
    if (b !== null) for (let k = 0; k < length; k++) this.arena[at + k] = b[s + k];
    this.starts[code + 1] = at + length;
  }

  private rehash(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const slots = new Int32Array(size * 2);
    const taken = new Int32Array(size >> 5);
    for (let at = 0; at < old.length; at += 2) {
      const entry = old[at];
      if (entry === 0) continue;
      const h = old[at + 1];
      let slot = h & mask;
      while (slots[slot << 1] !== 0) slot = (slot + 1) & mask;
      slots[slot << 1] = entry;
      slots[(slot << 1) + 1] = h;
      taken[slot >>> 5] |= 1 << (slot & 31);
    }
    this.slots = slots;
    this.taken = taken;
    this.mask = mask;
  }

  /** Forgets every value (keeps the storage). */
  clear(): void {
    this.values.length = 0;
    this.index = null;
    this.slots.fill(0);
    this.taken.fill(0);
    this.used = 0;
    this.starts[0] = 0;
  }
}
