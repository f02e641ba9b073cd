/**
 * Interns UTF-8 byte strings as codes in first-seen order, looking them up by their bytes: a string is
 * made once per distinct value, however often (and in however many row groups) it occurs. Lean layout
 * for millions of ids: a 4-byte slot per entry at load <= 1/2, hashes and bytes kept per code.
 */
const utf8 = new TextDecoder();

export class Utf8Interner {
  /** code -> string. */
  readonly values: string[] = [];
  /** Open addressing: code + 1, 0 = empty. */
  private table = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 11);
  /** Code c's bytes are arena[starts[c] .. starts[c + 1]). */
  private starts = new Int32Array((1 << 11) + 1);
  private arena = new Uint8Array(1 << 16);

  /** The code of bytes[start, end), added when new. */
  intern(bytes: Uint8Array, start: number, end: number): number {
    let hash = 0x811c9dc5;
    let ascii = 0;
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      ascii |= b;
      hash = Math.imul(hash ^ b, 16777619);
    }
    hash ^= hash >>> 15;
    const length = end - start;
    const { table, hashes, starts, arena } = this;
    const mask = table.length - 1;
    let slot = hash & mask;
    for (let entry = table[slot]; entry !== 0; entry = table[slot]) {
      const code = entry - 1;
      const at = starts[code];
      if (hashes[code] === hash && starts[code + 1] - at === length) {
        let k = 0;
        while (k < length && arena[at + k] === bytes[start + k]) k++;
        if (k === length) return code;
      }
      slot = (slot + 1) & mask;
    }
    const code = this.values.length;
    this.values.push(
      ascii < 0x80
        ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end)
        : utf8.decode(bytes.subarray(start, end)),
    );
    table[slot] = code + 1;
    this.store(code, hash, bytes, start, end);
    if (this.values.length * 2 > mask) this.grow();
    return code;
  }

  private store(code: number, hash: number, bytes: Uint8Array, start: number, end: number): void {
    if (code + 2 > this.starts.length) {
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const starts = new Int32Array(hashes.length + 1);
      starts.set(this.starts);
      this.starts = starts;
    }
    const at = this.starts[code];
    const length = end - start;
    if (at + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, at + length));
      arena.set(this.arena);
      this.arena = arena;
    }
    // A loop, not set(subarray): ids are short and a view per entry was most of the cost.
    const arena = this.arena;
    for (let i = start; i < end; i++) arena[at + i - start] = bytes[i];
    this.hashes[code] = hash;
    this.starts[code + 1] = at + length;
  }

  /** Doubles the table; entries move by their stored hash, no bytes are read. */
  private grow(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let code = 0; code < this.values.length; code++) {
      let slot = this.hashes[code] & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = code + 1;
    }
    this.table = table;
  }
}
