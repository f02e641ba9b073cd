import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '@wemoms/data-schema';
import { afterAll, describe, expect, it } from 'vitest';
import { EvaluationRowsWriter, readEvaluationRows } from '../io/evaluation-rows.js';
import { groupingMetrics } from './grouping-metrics.js';
import {
  METRICS_WORKER_MIN_ROWS,
  metricsWorkerMinRows,
  offloadedGroupings,
  startMetricsWorker,
} from './metrics-task.js';

const dir = mkdtempSync(join(tmpdir(), 'wemoms-metrics-task-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An evaluation-rows file: `groups` groups of 3-40 candidates per grouping, seeded scores and labels. */
function writeRows(path: string, groupings: Record<string, number>): void {
  const random = seededRandom(11);
  const chunks = Object.entries(groupings).map(([grouping, groups]) => {
    const ids: number[] = [];
    for (let g = 0; g < groups; g++) for (let i = 3 + Math.floor(random() * 38); i > 0; i--) ids.push(g);
    const n = ids.length;
    // Ties in the model's scores (rounded) exercise the tie keys.
    return {
      grouping,
      groupId: Int32Array.from(ids),
      label: Uint8Array.from({ length: n }, () => (random() < 0.1 ? 1 : 0)),
      tieKey: Int32Array.from({ length: n }, (_, i) => i % 97),
      model: Float32Array.from({ length: n }, () => Math.round(random() * 20) / 20),
      popularity: Float32Array.from({ length: n }, () => Math.floor(random() * 5)),
      truth: Float64Array.from({ length: n }, () => random() / 2),
      ceiling: Float64Array.from({ length: n }, () => random() / 3),
      withoutEarlierObservation: 2,
      day: 19_400,
    };
  });
  const writer = new EvaluationRowsWriter(
    path,
    chunks.reduce((s, c) => s + c.groupId.length, 0),
    true,
  );
  for (const c of chunks) writer.write(c);
  writer.close();
}

/** JSON with NaN, infinities and typed arrays spelled out: equal strings mean equal to the last bit. */
function exact(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    typeof v === 'number' && !Number.isFinite(v)
      ? String(v)
      : ArrayBuffer.isView(v)
        ? Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : String(x)))
        : v,
  );
}

describe('offloadedGroupings', () => {
  it('hands the largest grouping to the worker, only with two groupings or more and enough rows', () => {
    const groupings = [
      { grouping: 'event', rows: 400_000 },
      { grouping: 'userDay', rows: 500_000 },
      { grouping: 'impressions', rows: 900 },
    ];
    expect(offloadedGroupings(groupings)).toEqual(['userDay']);
    expect(offloadedGroupings(groupings, 2_000_000)).toEqual([]);
    expect(offloadedGroupings(groupings.slice(1, 2))).toEqual([]);
    expect(offloadedGroupings([])).toEqual([]);
  });

  it('takes its threshold from WEMOMS_METRICS_WORKER_MIN_ROWS, checked', () => {
    expect(metricsWorkerMinRows({})).toBe(METRICS_WORKER_MIN_ROWS);
    expect(metricsWorkerMinRows({ WEMOMS_METRICS_WORKER_MIN_ROWS: '0' })).toBe(0);
    expect(() => metricsWorkerMinRows({ WEMOMS_METRICS_WORKER_MIN_ROWS: 'many' })).toThrow(
      'WEMOMS_METRICS_WORKER_MIN_ROWS: expected a non-negative integer, got "many"',
    );
  });
});

describe('startMetricsWorker', () => {
  it("computes a grouping's metrics in a worker thread, bit for bit those of the main thread", async () => {
    const path = join(dir, 'rows.bin');
    writeRows(path, { event: 60, userDay: 40, impressions: 10 });
    const reply = await startMetricsWorker({ path, groupings: ['event', 'impressions'], k: 10, seed: 7 });
    const rows = readEvaluationRows(path);
    expect(reply.results.map((r) => r.grouping)).toEqual(['event', 'impressions']);
    for (const result of reply.results) {
      const data = rows.get(result.grouping)!;
      const local = groupingMetrics(result.grouping, data, 10, 7);
      expect(exact(result.metrics)).toBe(exact(local));
      expect(Array.from(result.groupIds)).toEqual(Array.from(data.groupIds));
    }
    // The oracle, the ceiling and the random baseline are there; the random one is seeded per grouping.
    const event = reply.results[0].metrics.evaluations;
    expect(Object.keys(event)).toEqual(['model', 'popularity', 'random', 'oracle', 'ceiling']);
    const other = groupingMetrics('event', rows.get('event')!, 10, 8).evaluations.random.metrics;
    expect(exact(other)).not.toBe(exact(event.random.metrics));
  });

  it("rejects with the worker's error, naming the file", async () => {
    const missing = join(dir, 'missing.bin');
    await expect(startMetricsWorker({ path: missing, groupings: ['event'], k: 10, seed: 7 })).rejects.toThrow(
      missing,
    );
  });
});
