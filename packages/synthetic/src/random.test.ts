import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidFromKey } from './members.js';
import { mulMod, normalCdf, normalQuantile } from './normal-distribution.js';

describe('normal distribution helpers', () => {
  it('quantile inverts the cdf', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), (p) => {
        expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(2e-7);
      }),
    );
  });

  it('mulMod matches exact BigInt arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.nat(), fc.nat(), (m, a, b) => {
        const expected = Number((BigInt(a % m) * BigInt(b % m)) % BigInt(m));
        expect(mulMod(a % m, b % m, m)).toBe(expected);
      }),
    );
  });
});

describe('uuidFromKey', () => {
  it('gives distinct version-4 uuids', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = uuidFromKey(42, 1, i);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(20_000);
    expect(uuidFromKey(42, 1, 5)).not.toBe(uuidFromKey(42, 2, 5));
    expect(uuidFromKey(42, 1, 5)).not.toBe(uuidFromKey(43, 1, 5));
  });
});
