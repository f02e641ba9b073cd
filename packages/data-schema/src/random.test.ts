import { describe, expect, it } from 'vitest';
import { hash32, hashNormal, Rng, seededRandom, shuffleInPlace } from './random.js';

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

describe('the one seeded PRNG (pinned: the default synthetic log, the baselines and training depend on it)', () => {
  it('gives the known xoshiro128** / splitmix32 values', () => {
    const r = new Rng(42);
    expect(Array.from({ length: 4 }, () => r.next())).toEqual([840935105, 4106286199, 1356646130, 516432382]);
    const s = new Rng(7, 3);
    expect(Array.from({ length: 4 }, () => s.next())).toEqual([
      3269421537, 1867377279, 3600892893, 4202585669,
    ]);
    expect(hash32(1, 2, 3)).toBe(4043127178);
  });

  it('seededRandom is the float stream of Rng(seed), stream 0', () => {
    for (const seed of [0, 1, 17, -5, 2 ** 31 + 3]) {
      const r = new Rng(seed);
      const f = seededRandom(seed);
      for (let i = 0; i < 100; i++) expect(f()).toBe(r.float());
    }
  });

  it('shuffleInPlace is a seeded permutation (each position uniform over many seeds)', () => {
    const first = shuffleInPlace(
      Int32Array.from({ length: 10 }, (_, i) => i),
      seededRandom(3),
    );
    expect(first).toEqual(
      shuffleInPlace(
        Int32Array.from({ length: 10 }, (_, i) => i),
        seededRandom(3),
      ),
    );
    expect(Array.from(first).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    const counts = new Int32Array(4);
    for (let seed = 0; seed < 4000; seed++) counts[shuffleInPlace([0, 1, 2, 3], seededRandom(seed))[0]]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
  });
});
