/**
 * Retrieval for `wemoms rank` on a small synthetic log: shortlisted candidates get exactly the scores
 * exhaustive ranking gives them, a shortlist as long as the day is exhaustive ranking (recall 1,
 * identical top k), and a short one's measured recall agrees with a direct comparison.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawTable } from '@wemoms/data-schema';
import { loadRawLog } from '@wemoms/data-schema/node';
import { buildPostCatalog, buildServingGroups, makeDataset, postsCreatedOn } from '@wemoms/dataset';
import {
  BufferArena,
  CATEGORY_NAMES,
  createFeatureContext,
  featurize,
  queriesFromRows,
} from '@wemoms/features';
import { trainRanker } from '@wemoms/model';
import { selectBackend } from '@wemoms/model/node';
import { generateSyntheticLog } from '@wemoms/synthetic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retrieveCandidates } from './candidate-generation.js';
import type { LoadedLog } from './load-log.js';
import { scoreAndRankGroups, scoreGroups } from './score-groups.js';

const dir = mkdtempSync(join(tmpdir(), 'wemoms-retrieval-'));
let log: RawTable;
let loaded: LoadedLog;
let ranker: Awaited<ReturnType<typeof trainRanker>>['ranker'];

beforeAll(async () => {
  const raw = join(dir, 'raw.json.gzip');
  await generateSyntheticLog({ rows: 6_000, seed: 5, out: raw });
  const dataset = makeDataset((await loadRawLog(raw, { mode: 'lenient' })).table);
  log = dataset.log;
  const catalog = buildPostCatalog(log);
  loaded = {
    log,
    catalog,
    features: createFeatureContext(log, { postCreationMicros: catalog.creationMicros }),
    arena: new BufferArena(),
  };
  await selectBackend('cpu');
  const data = (rows: Int32Array) => ({
    ...featurize(loaded.features, queriesFromRows(log, rows), CATEGORY_NAMES),
    labels: rows.map((r) => log.columns.has_been_opened[r]),
  });
  ({ ranker } = await trainRanker(data(dataset.split.train), data(dataset.split.eval), {
    epochs: 2,
    seed: 3,
  }));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = { probeUsers: 4, timeSlices: 2, recallSample: 1000, seed: 1, chunkRows: 1 << 16 };

function servingDay() {
  const day = Math.floor(log.columns.tracker_created_at[log.length - 1] / 86_400_000_000) - 2;
  return buildServingGroups(log, loaded.catalog, day);
}

/** Score of every (user, post) pair of `groups`' candidates, keyed `user|post`. */
function scoresOf(groups: Parameters<typeof scoreGroups>[3]): Map<string, number> {
  const out = new Map<string, number>();
  for (const { chunk, scores } of scoreGroups(loaded, ranker, CATEGORY_NAMES, groups, 1 << 16))
    for (let i = 0; i < chunk.length; i++) out.set(`${chunk.user[i]}|${chunk.post[i]}`, scores[i]);
  return out;
}

describe('retrieveCandidates', () => {
  it('gives shortlisted candidates exactly their exhaustive scores', () => {
    const groups = servingDay();
    const posts = postsCreatedOn(loaded.catalog, groups.day - 1).length;
    const r = retrieveCandidates(loaded, ranker, CATEGORY_NAMES, groups, 10, {
      ...options,
      shortlist: Math.max(1, Math.floor(posts / 4)),
    });
    expect(r.slices.reduce((s, x) => s + x.length, 0)).toBe(groups.length);
    expect(r.candidates).toBeLessThan(groups.length * posts);
    const exhaustive = scoresOf(groups);
    let compared = 0;
    for (const slice of r.slices) {
      for (const [key, score] of scoresOf(slice)) {
        expect(score).toBe(exhaustive.get(key));
        compared++;
      }
    }
    expect(compared).toBe(r.candidates);
  });

  it('a shortlist as long as the day is exhaustive ranking: recall 1, identical top 10', () => {
    const groups = servingDay();
    const posts = postsCreatedOn(loaded.catalog, groups.day - 1).length;
    const r = retrieveCandidates(loaded, ranker, CATEGORY_NAMES, groups, 10, {
      ...options,
      shortlist: posts,
    });
    expect(r.candidates).toBe(groups.length * posts);
    expect(r.recall?.recall).toBe(1);
    expect(r.recall?.identicalShare).toBe(1);
    expect(r.recall?.retrievalMeanScore).toBeCloseTo(r.recall?.exactMeanScore ?? Number.NaN, 12);
  });

  it('measures the recall of a short list as a direct top-10 comparison does, and is seeded', () => {
    const groups = servingDay();
    const run = () =>
      retrieveCandidates(loaded, ranker, CATEGORY_NAMES, groups, 10, { ...options, shortlist: 5 });
    const r = run();
    expect(run().recall).toEqual(r.recall);
    // Direct: every user's exact top 10 (exhaustive ranks) against her shortlist's best 10.
    let kept = 0;
    let slots = 0;
    const listed = new Set<string>();
    for (const slice of r.slices)
      for (let g = 0; g < slice.length; g++)
        for (let i = slice.offsets[g]; i < slice.offsets[g + 1]; i++)
          listed.add(`${slice.user[g]}|${slice.post[i]}`);
    for (const { chunk, ranks } of scoreAndRankGroups(loaded, ranker, CATEGORY_NAMES, groups, 1 << 16)) {
      for (let h = 0; h < chunk.groups; h++) {
        const rows: number[] = [];
        for (let i = chunk.offsets[h]; i < chunk.offsets[h + 1]; i++)
          if (listed.has(`${chunk.user[i]}|${chunk.post[i]}`)) rows.push(i);
        rows.sort((a, b) => ranks[a] - ranks[b]);
        const k = Math.min(10, chunk.offsets[h + 1] - chunk.offsets[h]);
        slots += k;
        for (const i of rows.slice(0, k)) if (ranks[i] <= k) kept++;
      }
    }
    expect(r.recall?.users).toBe(groups.length);
    expect(r.recall?.recall).toBeCloseTo(kept / slots, 12);
    expect(r.recall?.recall).toBeLessThan(1);
  });
});
