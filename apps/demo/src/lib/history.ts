/** Training curves as the demo plots them: one series per logged quantity, indexed by epoch. */
export interface TrainingCurves {
  readonly epochs: number[];
  readonly series: Record<string, number[]>;
  /** Epoch whose weights were kept (early stopping restores the best one), when recorded. */
  readonly bestEpoch: number | null;
}

const isNumberArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' || x === null);

/**
 * Reads a training history in the shapes a TensorFlow.js trainer writes: tf's own
 * `{epoch: number[], history: {loss: number[], ...}}`, a bare `{loss: number[], ...}`, or a list of
 * per-epoch records `[{epoch, loss, val_loss}, ...]` (optionally under `epochs`). Throws on anything else,
 * so a wrong file is reported instead of plotted empty.
 */
export function normalizeHistory(json: unknown): TrainingCurves {
  if (json === null || typeof json !== 'object')
    throw new Error('history.json: expected an object or an array');
  const obj = json as Record<string, unknown>;
  const bestEpoch = typeof obj.bestEpoch === 'number' ? obj.bestEpoch : null;
  const records = Array.isArray(json)
    ? json
    : Array.isArray(obj.epochs) && !isNumberArray(obj.epochs)
      ? obj.epochs
      : null;
  if (records) return { ...fromRecords(records), bestEpoch };
  const table =
    obj.history && typeof obj.history === 'object' ? (obj.history as Record<string, unknown>) : obj;
  const series: Record<string, number[]> = {};
  let length = 0;
  for (const [name, values] of Object.entries(table)) {
    if (name === 'epoch' || name === 'epochs' || !isNumberArray(values)) continue;
    series[name] = values.map((v) => (v === null ? Number.NaN : v));
    length = Math.max(length, values.length);
  }
  if (Object.keys(series).length === 0) throw new Error('history.json: no per-epoch series found');
  const epochList = isNumberArray(obj.epoch) ? obj.epoch : isNumberArray(obj.epochs) ? obj.epochs : null;
  const epochs =
    epochList && epochList.length === length ? epochList : Array.from({ length }, (_, i) => i + 1);
  return { epochs, series, bestEpoch };
}

function fromRecords(records: unknown[]): Omit<TrainingCurves, 'bestEpoch'> {
  const series: Record<string, number[]> = {};
  const epochs: number[] = [];
  records.forEach((record, i) => {
    if (record === null || typeof record !== 'object')
      throw new Error(`history.json: epoch ${i} is not an object`);
    const r = record as Record<string, unknown>;
    epochs.push(typeof r.epoch === 'number' ? r.epoch : i + 1);
    for (const [name, value] of Object.entries(r)) {
      if (name === 'epoch' || typeof value !== 'number') continue;
      if (!series[name]) series[name] = new Array(i).fill(Number.NaN);
      series[name].push(value);
    }
    for (const values of Object.values(series)) if (values.length < i + 1) values.push(Number.NaN);
  });
  if (Object.keys(series).length === 0) throw new Error('history.json: no per-epoch values found');
  return { epochs, series };
}
