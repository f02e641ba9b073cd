import { describe, expect, it } from 'vitest';
import { normalizeHistory } from './history.js';

describe('normalizeHistory', () => {
  it('reads the model package history (per-epoch records + bestEpoch)', () => {
    const curves = normalizeHistory({
      format: 'wemoms-ranker-history/1',
      bestEpoch: 2,
      epochs: [
        { epoch: 1, loss: 0.7, valLoss: 0.69, valAuc: null, elapsedMs: 10 },
        { epoch: 2, loss: 0.5, valLoss: 0.52, valAuc: 0.61, elapsedMs: 20 },
      ],
    });
    expect(curves.epochs).toEqual([1, 2]);
    expect(curves.bestEpoch).toBe(2);
    expect(curves.series.loss).toEqual([0.7, 0.5]);
    expect(curves.series.valLoss).toEqual([0.69, 0.52]);
    // null (no AUC on a single-class epoch) is a gap, not a zero.
    expect(curves.series.valAuc[0]).toBeNaN();
    expect(curves.series.valAuc[1]).toBe(0.61);
  });

  it("reads tf's {epoch, history} shape", () => {
    const curves = normalizeHistory({
      epoch: [0, 1, 2],
      history: { loss: [3, 2, 1], val_loss: [3.5, 2.5, 2] },
    });
    expect(curves.epochs).toEqual([0, 1, 2]);
    expect(Object.keys(curves.series)).toEqual(['loss', 'val_loss']);
    expect(curves.bestEpoch).toBeNull();
  });

  it('keeps series aligned when a record lacks a key', () => {
    const curves = normalizeHistory([{ loss: 1 }, { loss: 0.5, val_loss: 0.6 }]);
    expect(curves.series.val_loss[0]).toBeNaN();
    expect(curves.series.val_loss[1]).toBe(0.6);
  });

  it('throws on files that hold no curves', () => {
    expect(() => normalizeHistory('x')).toThrow(/history.json/);
    expect(() => normalizeHistory({ note: 'hi' })).toThrow(/no per-epoch/);
  });
});
