import { describe, expect, it } from 'vitest';
import { rocAuc } from './auc.js';

describe('rocAuc (hand fixtures)', () => {
  it('counts tied positive/negative pairs one half', () => {
    // pairs: (.5 vs .2) 1, (.5 vs .5) 1/2, (.9 vs .2) 1, (.9 vs .5) 1 -> 3.5 / 4
    expect(rocAuc(Float64Array.of(0.2, 0.5, 0.5, 0.9), Uint8Array.of(0, 1, 0, 1))).toBe(0.875);
  });

  it('is 1 for a perfect separation, 0 for a reversed one, 1/2 when every score ties', () => {
    expect(rocAuc(Float64Array.of(3, 2, 1), Uint8Array.of(1, 1, 0))).toBe(1);
    expect(rocAuc(Float64Array.of(1, 2, 3), Uint8Array.of(1, 1, 0))).toBe(0);
    expect(rocAuc(Float64Array.of(7, 7, 7, 7), Uint8Array.of(1, 0, 1, 0))).toBe(0.5);
  });

  it('ranks NaN scores lowest', () => {
    expect(rocAuc(Float64Array.of(Number.NaN, 0.1), Uint8Array.of(1, 0))).toBe(0);
    expect(rocAuc(Float64Array.of(0.1, Number.NaN), Uint8Array.of(1, 0))).toBe(1);
    expect(rocAuc(Float64Array.of(Number.NaN, Number.NaN), Uint8Array.of(1, 0))).toBe(0.5);
  });

  it('is NaN without a positive or without a negative', () => {
    expect(rocAuc(Float64Array.of(1, 2), Uint8Array.of(0, 0))).toBeNaN();
    expect(rocAuc(Float64Array.of(1, 2), Uint8Array.of(1, 1))).toBeNaN();
    expect(rocAuc(new Float64Array(0), new Uint8Array(0))).toBeNaN();
  });

  it('rejects mismatched lengths', () => {
    expect(() => rocAuc(Float64Array.of(1, 2), Uint8Array.of(1))).toThrow(/labels: expected 2 rows/);
  });
});
