/**
 * Issue 19's leak test through the scoring path predict and rank share: for a test candidate whose post
 * is observed only after the candidate time, change every counter of every row of that post (likes,
 * comments, survey answers, first comment): neither its features nor its score may move.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawTable } from '@wemoms/data-schema';
import { loadRawLog } from '@wemoms/data-schema/node';
import { buildPostCatalog, buildServingGroups, makeDataset, subsetGroups } from '@wemoms/dataset';
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
import type { LoadedLog } from './load-log.js';
import { scoreGroups } from './score-groups.js';

const dir = mkdtempSync(join(tmpdir(), 'wemoms-score-leak-'));
let log: RawTable;
let ranker: Awaited<ReturnType<typeof trainRanker>>['ranker'];

function loaded(table: RawTable): LoadedLog {
  const catalog = buildPostCatalog(table);
  return {
    log: table,
    catalog,
    features: createFeatureContext(table, { postCreationMicros: catalog.creationMicros }),
    arena: new BufferArena(),
  };
}

/** The log with every counter of the rows of `posts` replaced (deterministically) by other values. */
function withCountersChanged(table: RawTable, posts: Set<number>): RawTable {
  const c = table.columns;
  const of = (r: number) => posts.has(c.trackable_id.codes[r]);
  return {
    length: table.length,
    columns: {
      ...c,
      post_likes_count: c.post_likes_count.map((v, r) => (of(r) ? v * 7 + 131 : v)),
      post_comments_count: c.post_comments_count.map((v, r) => (of(r) ? v + 57 : v)),
      survey_answers_count: c.survey_answers_count.map((v, r) => (of(r) ? v + 9 : v)),
      first_comment_at: c.first_comment_at.map((v, r) => (of(r) ? c.tracker_created_at[r] - 60e6 : v)),
    },
  };
}

beforeAll(async () => {
  const raw = join(dir, 'raw.json.gzip');
  await generateSyntheticLog({ rows: 6_000, seed: 11, out: raw });
  const dataset = makeDataset((await loadRawLog(raw)).table);
  log = dataset.log;
  await selectBackend('cpu');
  const context = createFeatureContext(log, { postCreationMicros: dataset.catalog.creationMicros });
  const data = (rows: Int32Array) => ({
    ...featurize(context, queriesFromRows(log, rows), CATEGORY_NAMES),
    labels: rows.map((r) => log.columns.has_been_opened[r]),
  });
  // A few epochs: any fitted weights will do, the test is about what reaches them.
  ({ ranker } = await trainRanker(data(dataset.split.train), data(dataset.split.eval), {
    epochs: 2,
    seed: 3,
    hiddenSizes: [8],
  }));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scoring a candidate whose post is observed only after its time', () => {
  it('changing all of the post counters moves neither its features nor its score', () => {
    const base = loaded(log);
    const day = Math.floor(log.columns.tracker_created_at[log.length - 1] / 86_400_000_000) - 2;
    const groups = buildServingGroups(log, base.catalog, day);
    let checked = 0;
    // Group by group: the changed rows all lie after that group's time.
    for (let g = 0; g < Math.min(groups.length, 12); g++) {
      const one = subsetGroups(groups, Int32Array.of(g));
      const index = (context: LoadedLog) => [...scoreGroups(context, ranker, CATEGORY_NAMES, one, 1 << 16)];
      const before = index(base);
      const t = one.time[0];
      // This group's candidates whose post has no observation before t.
      const unseen = new Set<number>();
      for (const { chunk } of before) for (let i = 0; i < chunk.length; i++) unseen.add(chunk.post[i]);
      const c = log.columns;
      for (let r = 0; r < log.length; r++)
        if (c.tracker_created_at[r] < t) unseen.delete(c.trackable_id.codes[r]);
      if (unseen.size === 0) continue;
      const after = index(loaded(withCountersChanged(log, unseen)));
      expect(after.length).toBe(before.length);
      for (let k = 0; k < before.length; k++) {
        const a = before[k];
        const b = after[k];
        for (let i = 0; i < a.chunk.length; i++) {
          if (!unseen.has(a.chunk.post[i])) continue;
          expect(b.chunk.post[i]).toBe(a.chunk.post[i]);
          expect(b.scores[i]).toBe(a.scores[i]);
          for (const spec of a.features.specs) {
            const x = a.features.columns[spec.name];
            const y = b.features.columns[spec.name];
            const value = (col: typeof x) => (col instanceof Float32Array ? col[i] : col.codes[i]);
            expect(value(y), spec.name).toEqual(value(x));
          }
          expect(a.features.columns.post_likes_count).toBeInstanceOf(Float32Array);
          expect((a.features.columns.post_likes_count as Float32Array)[i]).toBeNaN();
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
