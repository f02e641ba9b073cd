import { describe, expect, test } from 'vitest';
import { Utf8Interner } from './utf8-interner.js';

describe('Utf8Interner', () => {
  test('codes in first-seen order, stable across growth, ASCII and not', () => {
    const strings = Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? `é-${i}-😀` : `id-${i * 7919}`));
    const bytes = new TextEncoder().encode(strings.join(''));
    const ranges: [number, number][] = [];
    let at = 0;
    for (const s of strings) {
      const length = new TextEncoder().encode(s).length;
      ranges.push([at, at + length]);
      at += length;
    }
    const interner = new Utf8Interner();
    for (const pass of [0, 1]) {
      ranges.forEach(([start, end], i) => {
        expect(interner.intern(bytes, start, end), `pass ${pass} row ${i}`).toBe(i);
      });
    }
    expect(interner.values).toEqual(strings);
    expect(interner.intern(new Uint8Array(0), 0, 0)).toBe(strings.length);
    expect(interner.values.at(-1)).toBe('');
  });
});
