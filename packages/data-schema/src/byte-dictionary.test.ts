import { describe, expect, test } from 'vitest';
import { ByteDictionary, finishHash, HASH_PRIME, HASH_SEED } from './byte-dictionary.js';

function hashOf(bytes: Buffer): number {
  let h = HASH_SEED;
  for (const c of bytes) h = Math.imul(h ^ c, HASH_PRIME);
  return finishHash(h);
}

function encodeBytes(dict: ByteDictionary, value: string): number {
  const bytes = Buffer.from(`"${value}"`, 'latin1');
  return dict.encodeBytes(bytes, 1, bytes.length - 1, hashOf(bytes.subarray(1, bytes.length - 1)));
}

describe('ByteDictionary', () => {
  test('codes in first-seen order across growth, the same code for the same bytes', () => {
    const dict = new ByteDictionary();
    const ids = Array.from({ length: 5000 }, (_, i) => `id-${(i * 7919) % 5000}-${'x'.repeat(i % 60)}`);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < ids.length; i++) expect(encodeBytes(dict, ids[i])).toBe(i);
    }
    expect(dict.values).toEqual(ids);
  });

  test('the byte path and the string path share codes, whichever sees a value first', () => {
    const dict = new ByteDictionary();
    expect(encodeBytes(dict, 'FR')).toBe(0);
    expect(dict.encodeString('FR')).toBe(0);
    expect(dict.encodeString('BE')).toBe(1);
    expect(encodeBytes(dict, 'BE')).toBe(1);
    // Values the byte path cannot produce (escapes, non-ASCII) only ever come by the string path.
    expect(dict.encodeString('a"b')).toBe(2);
    expect(dict.encodeString('Zoë')).toBe(3);
    expect(dict.encodeString('')).toBe(4);
    expect(encodeBytes(dict, '')).toBe(4);
    expect(encodeBytes(dict, 'Zo')).toBe(5);
    for (let i = 0; i < 3000; i++) expect(dict.encodeString(`s${i}`)).toBe(6 + i);
    for (let i = 0; i < 3000; i++) expect(encodeBytes(dict, `s${i}`)).toBe(6 + i);
    dict.clear();
    expect(encodeBytes(dict, 'BE')).toBe(0);
    expect(dict.values).toEqual(['BE']);
  });
});
