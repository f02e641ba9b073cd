import { describe, expect, it } from 'vitest';
import { areProbabilities, LOG_LOSS_EPS, logLoss } from './log-loss.js';

describe('logLoss (hand fixtures)', () => {
  it('is the mean binary cross-entropy, natural log', () => {
    // -(ln 0.9 + ln (1 - 0.2)) / 2
    expect(logLoss(Float64Array.of(0.9, 0.2), Uint8Array.of(1, 0))).toBeCloseTo(0.164252033486018, 14);
  });

  it('clips probabilities to [eps, 1 - eps] so a certain miss stays finite', () => {
    expect(LOG_LOSS_EPS).toBe(1e-15);
    // p = 0 for a positive -> -ln(1e-15) = 34.538776...; p = 1 for a positive -> -ln(1 - 1e-15) ~ 1e-15
    expect(logLoss(Float64Array.of(0, 1), Uint8Array.of(1, 1))).toBeCloseTo(17.269388197455342, 10);
    expect(logLoss(Float64Array.of(0), Uint8Array.of(1), 1e-3)).toBeCloseTo(-Math.log(1e-3), 14);
  });

  it('is NaN for scores that are not probabilities, and for no rows', () => {
    expect(logLoss(Float64Array.of(0.5, 2), Uint8Array.of(1, 0))).toBeNaN();
    expect(logLoss(Float64Array.of(0.5, -0.1), Uint8Array.of(1, 0))).toBeNaN();
    expect(logLoss(Float64Array.of(Number.NaN), Uint8Array.of(1))).toBeNaN();
    expect(logLoss(new Float64Array(0), new Uint8Array(0))).toBeNaN();
  });

  it('areProbabilities checks [0, 1] and rejects NaN', () => {
    expect(areProbabilities(Float32Array.of(0, 0.5, 1))).toBe(true);
    expect(areProbabilities(Float32Array.of(0, 1.5))).toBe(false);
    expect(areProbabilities(Float64Array.of(Number.NaN))).toBe(false);
  });
});
