import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readParquet } from '@wemoms/data-schema/node';
import { afterEach, describe, expect, it } from 'vitest';
import { toUserError } from '../runtime/fs-errors.js';
import { readEvaluationRows } from './evaluation-rows.js';
import { PredictionWriter, type ScoredRows } from './prediction-files.js';

const USERS = ['u0', 'u1', 'u2'];
const POSTS = ['p0', 'p1', 'p2', 'p3', 'p4'];

/** Scores of a group's 4 rows: a tie between the first and third, broken by the tie key (the post). */
const GROUP_SCORES = [0.5, 0.25, 0.5, 0.125];

/**
 * `groups` groups of 4 candidates each; with `ranked`, each row's rank within its group (score descending,
 * then tie key ascending), worked out here by a plain sort.
 */
function chunk(grouping: string, firstGroup: number, groups: number, ranked = true): ScoredRows {
  const n = groups * 4;
  const rows: ScoredRows = {
    grouping,
    length: n,
    offsets: Int32Array.from({ length: groups + 1 }, (_, g) => 4 * g),
    groupId: new Int32Array(n),
    user: new Int32Array(n),
    post: new Int32Array(n),
    time: new Float64Array(n),
    score: new Float32Array(n),
    label: new Uint8Array(n),
    tieKey: new Int32Array(n),
    popularity: new Float32Array(n),
    withoutEarlierObservation: groups,
    day: 19_385 + (firstGroup % 2),
  };
  for (let i = 0; i < n; i++) {
    const g = firstGroup + Math.floor(i / 4);
    rows.groupId[i] = g;
    rows.user[i] = g % USERS.length;
    rows.post[i] = (g + i) % POSTS.length;
    rows.time[i] = 1_675_000_000_000_000 + g * 60_000_000;
    rows.score[i] = GROUP_SCORES[i % 4];
    rows.label[i] = i % 4 === 0 ? 1 : 0;
    rows.tieKey[i] = rows.post[i];
    rows.popularity[i] = (g + i) % 3;
  }
  if (ranked) {
    rows.rank = new Int32Array(n);
    for (let start = 0; start < n; start += 4) {
      const order = [0, 1, 2, 3]
        .map((k) => start + k)
        .sort((a, b) => rows.score[b] - rows.score[a] || rows.tieKey[a] - rows.tieKey[b]);
      order.forEach((row, r) => {
        rows.rank![row] = r + 1;
      });
    }
  }
  return rows;
}

const chunks = (ranked = true) => [
  chunk('event', 0, 3, ranked),
  chunk('event', 3, 2, ranked),
  chunk('userDay', 0, 5, ranked),
];

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
/** Waits (up to 10 s) until `dir` lists exactly `names`: the worker is terminated asynchronously. */
async function settlesTo(dir: string, names: string[]): Promise<void> {
  const list = () => (existsSync(dir) ? readdirSync(dir).sort() : []);
  for (let i = 0; i < 200 && JSON.stringify(list()) !== JSON.stringify(names); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(list()).toEqual(names);
}
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wemoms-prediction-writer-'));
  dirs.push(dir);
  return dir;
}
const pathsIn = (dir: string) => ({
  predictions: join(dir, 'reports', 'predictions.parquet'),
  top: join(dir, 'reports', 'top10.parquet'),
  evaluationRows: join(dir, 'reports', 'evaluation-rows.bin'),
  csv: null,
});
/** Every chunk's rows, no ground truth. */
const EVALUATION = { rows: 40, truthDir: null };

describe('PredictionWriter with the parquet worker', () => {
  it('ranks the rows itself and writes the same files as the in-thread writer given the ranks', async () => {
    const inThread = tempDir();
    const direct = new PredictionWriter(pathsIn(inThread), USERS, POSTS, 2, EVALUATION, { worker: false });
    for (const rows of chunks()) await direct.write(rows);
    await direct.close();

    const threaded = tempDir();
    const writer = new PredictionWriter(pathsIn(threaded), USERS, POSTS, 2, EVALUATION, { maxInFlight: 1 });
    const written = chunks(false);
    for (const rows of written) await writer.write(rows);
    // The worker reports where its time went; no ground truth here, so none was spent on it.
    const seconds = await writer.close();
    expect(Object.keys(seconds).sort()).toEqual(['evaluation', 'parquet', 'rank', 'truth']);
    expect(seconds.parquet).toBeGreaterThan(0);
    expect(seconds.truth).toBe(0);
    expect(writer.topRows).toBe(direct.topRows);
    expect(writer.topRows).toBe(20);
    // Copied, not transferred: the caller's arrays are still usable and unchanged, and got no ranks.
    expect(written.map((r) => [...r.score])).toEqual(chunks().map((r) => [...r.score]));
    expect(written[0].groupId.length).toBe(12);
    expect(written.every((r) => r.rank === undefined)).toBe(true);

    for (const name of ['predictions.parquet', 'top10.parquet', 'evaluation-rows.bin']) {
      expect(readFileSync(join(threaded, 'reports', name))).toEqual(
        readFileSync(join(inThread, 'reports', name)),
      );
    }
    expect(readdirSync(join(threaded, 'reports')).sort()).toEqual([
      'evaluation-rows.bin',
      'predictions.parquet',
      'top10.parquet',
    ]);
    const evaluation = readEvaluationRows(join(threaded, 'reports', 'evaluation-rows.bin'));
    expect([...evaluation.keys()]).toEqual(['event', 'userDay']);
    const event = evaluation.get('event')!;
    expect([...event.offsets]).toEqual([0, 4, 8, 12, 16, 20]);
    expect(Array.from(event.popularity)).toEqual([...written[0].popularity, ...written[1].popularity]);
    expect(Array.from(event.tieKeys)).toEqual([...written[0].tieKey, ...written[1].tieKey]);
    expect(event.truth).toBeNull();
    expect(event.ceiling).toBeNull();
    // The chunks' counts of candidates without an earlier observation add up; their days are listed.
    expect(event.withoutEarlierObservation).toBe(5);
    expect(event.days).toEqual([19_385, 19_386]);
    expect(evaluation.get('userDay')!.withoutEarlierObservation).toBe(5);
    const top = await readParquet(join(threaded, 'reports', 'top10.parquet'));
    expect(top.length).toBe(20);
    expect([...(top.columns.rank as Int32Array)].every((r) => r <= 2)).toBe(true);
    // Group 0 (posts 0-3): the tied first and third rows (posts 0 and 2) rank 1 and 2, post 0 first.
    const topPosts = top.columns.trackable_id as { codes: Int32Array; dictionary: string[] };
    expect([...topPosts.codes.slice(0, 2)].map((c) => topPosts.dictionary[c])).toEqual(['p0', 'p2']);
    const all = await readParquet(join(threaded, 'reports', 'predictions.parquet'));
    expect(all.length).toBe(40);
    expect([...(all.columns.group_id as Int32Array)].slice(0, 5)).toEqual([0, 0, 0, 0, 1]);
  });

  it('counts a group smaller than k whole in the top rows', async () => {
    const dir = tempDir();
    // k = 5 over groups of 4 candidates: every row is in its group's top 5.
    const writer = new PredictionWriter(pathsIn(dir), USERS, POSTS, 5, EVALUATION);
    for (const rows of chunks(false)) await writer.write(rows);
    await writer.close();
    expect(writer.topRows).toBe(40);
    const top = await readParquet(join(dir, 'reports', 'top10.parquet'));
    expect(top.length).toBe(40);
    expect([...(top.columns.rank as Int32Array)].slice(0, 4).sort()).toEqual([1, 2, 3, 4]);
  });

  it('abort removes the temp files and publishes nothing', async () => {
    const dir = tempDir();
    const writer = new PredictionWriter(pathsIn(dir), USERS, POSTS, 2, EVALUATION);
    for (const rows of chunks()) await writer.write(rows);
    writer.abort();
    await settlesTo(join(dir, 'reports'), []);
  });

  it('a worker failure rejects the next write or close with a clear message', async () => {
    // The worker cannot create reports/: a file stands in the way.
    const blocked = tempDir();
    writeFileSync(join(blocked, 'reports'), 'not a directory');
    const writer = new PredictionWriter(pathsIn(blocked), USERS, POSTS, 2, EVALUATION, { maxInFlight: 1 });
    const attempt = async () => {
      for (const rows of chunks()) await writer.write(rows);
      await writer.close();
    };
    const failure = await attempt().then(
      () => null,
      (error: unknown) => error,
    );
    // The worker's fs error, code and path included: the CLI reports it in one line.
    expect(failure).toMatchObject({ code: expect.stringMatching(/^(EEXIST|ENOTDIR)$/) });
    expect((toUserError(failure, blocked) as Error).message).toBe(
      'cannot write reports: reports is a file, not a directory',
    );
    writer.abort();

    // The final name is taken by a non-empty directory: the rename at close fails.
    const taken = tempDir();
    mkdirSync(join(taken, 'reports', 'predictions.parquet', 'x'), { recursive: true });
    const late = new PredictionWriter(pathsIn(taken), USERS, POSTS, 2, EVALUATION);
    for (const rows of chunks()) await late.write(rows);
    const lateFailure = await late.close().then(
      () => null,
      (error: unknown) => error,
    );
    expect((toUserError(lateFailure, taken) as Error).message).toMatch(
      /^cannot write reports\/predictions\.parquet: /,
    );
    late.abort();
    await settlesTo(join(taken, 'reports'), ['predictions.parquet']);
  });
});
