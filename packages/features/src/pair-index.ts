import type { PairTable } from './types.js';

/** Mixes (user, post) into a 32-bit hash (multiply-xorshift, good enough spread for dense codes). */
function pairHash(user: number, post: number): number {
  let h = Math.imul(user, 0x9e3779b1) ^ Math.imul(post, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}

/**
 * Numbers the distinct (user, post) pairs of the log in first-seen row order with an open-addressing hash
 * table on typed arrays (linear probing, load <= 0.5), so per-pair counters are plain typed arrays indexed
 * by pair id, with no string keys or Map of objects.
 */
export function buildPairIndex(
  users: Int32Array,
  posts: Int32Array,
): { rowPair: Int32Array; pairCount: number; table: PairTable } {
  const n = users.length;
  let capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  const mask = capacity - 1;
  const table: PairTable = {
    mask,
    users: new Int32Array(capacity),
    posts: new Int32Array(capacity),
    ids: new Int32Array(capacity).fill(-1),
  };
  const rowPair = new Int32Array(n);
  let pairCount = 0;
  for (let r = 0; r < n; r++) {
    const u = users[r];
    const p = posts[r];
    let slot = pairHash(u, p) & mask;
    for (;;) {
      const id = table.ids[slot];
      if (id === -1) {
        table.users[slot] = u;
        table.posts[slot] = p;
        table.ids[slot] = pairCount;
        rowPair[r] = pairCount++;
        break;
      }
      if (table.users[slot] === u && table.posts[slot] === p) {
        rowPair[r] = id;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { rowPair, pairCount, table };
}

/** Pair id of (user, post), -1 when the pair never occurs in the log. */
export function lookupPair(table: PairTable, user: number, post: number): number {
  let slot = pairHash(user, post) & table.mask;
  for (;;) {
    const id = table.ids[slot];
    if (id === -1) return -1;
    if (table.users[slot] === user && table.posts[slot] === post) return id;
    slot = (slot + 1) & table.mask;
  }
}
