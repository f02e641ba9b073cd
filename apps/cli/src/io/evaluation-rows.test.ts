import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type EvaluationChunk,
  EvaluationRowsWriter,
  evaluationRowsGroupings,
  readEvaluationRows,
} from './evaluation-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'wemoms-eval-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function chunk(grouping: string, groupIds: number[], seed: number, withTruth: boolean): EvaluationChunk {
  const n = groupIds.length;
  const f = (i: number) => ((seed * 31 + i * 17) % 101) / 101;
  return {
    grouping,
    groupId: Int32Array.from(groupIds),
    label: Uint8Array.from({ length: n }, (_, i) => ((i + seed) % 3 === 0 ? 1 : 0)),
    tieKey: Int32Array.from({ length: n }, (_, i) => seed * 100 + i),
    model: Float32Array.from({ length: n }, (_, i) => f(i)),
    popularity: Float32Array.from({ length: n }, (_, i) => f(i + 7)),
    truth: withTruth ? Float64Array.from({ length: n }, (_, i) => f(i + 3) / 3) : null,
    ceiling: withTruth ? Float64Array.from({ length: n }, (_, i) => f(i + 5) / 4) : null,
    withoutEarlierObservation: seed,
    day: 19_000 + seed,
  };
}

describe('evaluation rows', () => {
  it('round-trips chunks into per-grouping CSR columns, in write order', () => {
    const path = join(dir, 'rows.bin');
    // Odd lengths exercise the label padding and unaligned offsets of later columns.
    const chunks = [
      chunk('event', [0, 0, 0, 1, 1], 1, true),
      chunk('event', [2, 2, 2, 2, 2, 2, 2], 3, true),
      chunk('userDay', [4, 4, 4], 2, true),
    ];
    const writer = new EvaluationRowsWriter(path, 15, true);
    for (const c of chunks) writer.write(c);
    writer.close();
    const read = readEvaluationRows(path);
    expect([...read.keys()]).toEqual(['event', 'userDay']);
    const event = read.get('event')!;
    expect([...event.offsets]).toEqual([0, 3, 5, 12]);
    expect([...event.groupIds]).toEqual([0, 1, 2]);
    const join2 = <T extends ArrayLike<number>>(a: T, b: T) => [...Array.from(a), ...Array.from(b)];
    expect(Array.from(event.labels)).toEqual(join2(chunks[0].label, chunks[1].label));
    expect(Array.from(event.tieKeys)).toEqual(join2(chunks[0].tieKey, chunks[1].tieKey));
    expect(Array.from(event.model)).toEqual(join2(chunks[0].model, chunks[1].model));
    expect(Array.from(event.popularity)).toEqual(join2(chunks[0].popularity, chunks[1].popularity));
    expect(Array.from(event.truth!)).toEqual(join2(chunks[0].truth!, chunks[1].truth!));
    expect(Array.from(event.ceiling!)).toEqual(join2(chunks[0].ceiling!, chunks[1].ceiling!));
    expect(event.withoutEarlierObservation).toBe(1 + 3);
    expect(event.days).toEqual([19_001, 19_003]);
    const userDay = read.get('userDay')!;
    expect([...userDay.offsets]).toEqual([0, 3]);
    expect([...userDay.groupIds]).toEqual([4]);
    expect(Array.from(userDay.model)).toEqual(Array.from(chunks[2].model));
  });

  it('reads only the groupings asked for, the same arrays as a full read; the header lists them all', () => {
    const path = join(dir, 'three.bin');
    const chunks = [
      chunk('event', [0, 0, 1, 1, 1], 1, true),
      chunk('userDay', [3, 3, 3], 2, true),
      chunk('impressions', [5, 6, 6, 6], 4, true),
    ];
    const writer = new EvaluationRowsWriter(path, 12, true);
    for (const c of chunks) writer.write(c);
    writer.close();
    expect(evaluationRowsGroupings(path)).toEqual([
      { grouping: 'event', rows: 5 },
      { grouping: 'userDay', rows: 3 },
      { grouping: 'impressions', rows: 4 },
    ]);
    const full = readEvaluationRows(path);
    for (const only of [['userDay'], ['event', 'impressions'], ['impressions'], []]) {
      const part = readEvaluationRows(path, new Set(only));
      expect([...part.keys()]).toEqual(['event', 'userDay', 'impressions'].filter((g) => only.includes(g)));
      for (const grouping of only) expect(part.get(grouping)).toEqual(full.get(grouping));
    }
    writeFileSync(path, 'hello\n');
    expect(() => evaluationRowsGroupings(path)).toThrow(/not an evaluation-rows file/);
  });

  it('says to re-run predict when the file is truncated or not an evaluation-rows file', () => {
    const path = join(dir, 'short.bin');
    const writer = new EvaluationRowsWriter(path, 3, false);
    writer.write(chunk('event', [0, 0, 1], 1, false));
    writer.close();
    expect(readEvaluationRows(path).get('event')!.truth).toBeNull();
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 5));
    expect(() => readEvaluationRows(path)).toThrow(/truncated: re-run predict/);
    writeFileSync(path, 'hello\n');
    expect(() => readEvaluationRows(path)).toThrow(/not an evaluation-rows file/);
  });

  it('refuses a grouping written in two separate runs', () => {
    const writer = new EvaluationRowsWriter(join(dir, 'split.bin'), 3, false);
    writer.write(chunk('event', [0], 1, false));
    writer.write(chunk('userDay', [0], 2, false));
    expect(() => writer.write(chunk('event', [1], 3, false))).toThrow(/two separate runs/);
    writer.abort();
  });

  it('refuses chunks without the announced ground truth, and more or fewer rows than announced', () => {
    const path = join(dir, 'mixed.bin');
    const writer = new EvaluationRowsWriter(path, 2, true);
    writer.write(chunk('event', [0], 1, true));
    expect(() => writer.write(chunk('event', [1], 2, false))).toThrow(/ground truth missing/);
    expect(() => writer.write(chunk('event', [1, 1], 2, true))).toThrow(/more than the 2 rows/);
    expect(() => writer.close()).toThrow(/1 rows written, 2 announced/);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('mixed.bin'))).toEqual([]);
  });
});
