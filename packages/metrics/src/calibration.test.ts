import { seededRandom } from '@wemoms/data-schema';
import { describe, expect, it } from 'vitest';
import { calibrationBins } from './calibration.js';

describe('calibrationBins', () => {
  it('finds a calibrated model calibrated and an over-confident one not', () => {
    const random = seededRandom(11);
    const n = 20_000;
    const p = Float64Array.from({ length: n }, () => random() * 0.4);
    const labels = Uint8Array.from(p, (q) => (random() < q ? 1 : 0));
    const calibrated = calibrationBins(p, labels);
    expect(calibrated.bins).toHaveLength(10);
    expect(calibrated.ece).toBeLessThan(0.02);
    for (const bin of calibrated.bins) {
      expect(bin.count).toBe(n / 10); // quantile bins: equal counts
      expect(Math.abs(bin.observedRate - bin.meanScore)).toBeLessThan(0.04);
    }
    const doubled = calibrationBins(
      p.map((q) => q * 2),
      labels,
    );
    expect(doubled.ece).toBeGreaterThan(0.15);
    expect(doubled.brier).toBeGreaterThan(calibrated.brier);
  });

  it('computes bins, ECE and Brier by hand on a small case; NaN scores are skipped and counted', () => {
    const scores = [0.1, 0.1, 0.3, 0.9, Number.NaN];
    const labels = [0, 1, 0, 1, 1];
    const out = calibrationBins(scores, labels, { bins: 2, strategy: 'uniform' });
    expect(out.rows).toBe(4);
    expect(out.skipped).toBe(1);
    expect(out.bins).toEqual([
      { low: 0.1, high: 0.3, count: 3, meanScore: (0.1 + 0.1 + 0.3) / 3, observedRate: 1 / 3 },
      { low: 0.9, high: 0.9, count: 1, meanScore: 0.9, observedRate: 1 },
    ]);
    expect(out.ece).toBeCloseTo((3 / 4) * Math.abs(1 / 3 - 0.5 / 3) + (1 / 4) * 0.1, 12);
    expect(out.brier).toBeCloseTo((0.01 + 0.81 + 0.09 + 0.01) / 4, 12);
  });

  it('never splits tied scores across quantile bins', () => {
    const scores = [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.5, 0.7];
    const out = calibrationBins(scores, [0, 0, 1, 0, 0, 0, 1, 1], { bins: 4 });
    expect(out.bins[0]).toMatchObject({ low: 0.2, high: 0.2, count: 6 });
    expect(out.bins.reduce((s, b) => s + b.count, 0)).toBe(8);
  });

  it('rejects mismatched lengths and bad bin counts', () => {
    expect(() => calibrationBins([0.1], [1, 0])).toThrow(/labels: expected 1 rows/);
    expect(() => calibrationBins([0.1], [1], { bins: 0 })).toThrow(/bins/);
  });
});
