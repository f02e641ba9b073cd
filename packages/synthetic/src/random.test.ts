import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidFromKey } from './members.js';
import { mulMod, normalCdf, normalQuantile } from './normal-distribution.js';
import { hashNormal, Rng } from './random.js';

describe('Rng', () => {
  it('is fully determined by its seed and stream', () => {
    const draw = (seed: number, stream: number) => {
      const r = new Rng(seed, stream);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(draw(7, 0)).toEqual(draw(7, 0));
    expect(draw(7, 0)).not.toEqual(draw(8, 0));
    expect(draw(7, 0)).not.toEqual(draw(7, 1));
  });

  it('draws uniforms in [0, 1) with the right mean, and normals with mean 0 and sd 1', () => {
    const r = new Rng(1);
    let s = 0;
    let n1 = 0;
    let n2 = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = r.float();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      const z = r.normal();
      n1 += z;
      n2 += z * z;
    }
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(n1 / n).toBeCloseTo(0, 1);
    expect(Math.sqrt(n2 / n)).toBeCloseTo(1, 1);
  });

  it('poisson and geometric have the requested means', () => {
    const r = new Rng(3);
    for (const mean of [0.2, 3, 60]) {
      let s = 0;
      for (let i = 0; i < 40_000; i++) s += r.poisson(mean);
      expect(Math.abs(s / 40_000 - mean)).toBeLessThan(0.05 * mean + 0.01);
    }
    let g = 0;
    for (let i = 0; i < 40_000; i++) g += r.geometric(1.5);
    expect(g / 40_000).toBeCloseTo(1.5, 1);
  });

  it('keyed normals are reproducible and standard', () => {
    expect(hashNormal(1, 2, 3)).toBe(hashNormal(1, 2, 3));
    let s2 = 0;
    for (let i = 0; i < 20_000; i++) s2 += hashNormal(9, i, 1) ** 2;
    expect(Math.sqrt(s2 / 20_000)).toBeCloseTo(1, 1);
  });
});

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
