import { type PostCatalog, sampleGroups, type TestGroups } from '@wemoms/dataset';
import { describe, expect, it } from 'vitest';
import type { WemomsConfig } from '../config/schema.js';
import { planPredictions } from './predict.js';

/** `n` one-post labelled groups of a grouping and day (group g: user g, post g). */
function groupsOf(grouping: TestGroups['grouping'], day: number, n: number): TestGroups {
  return {
    grouping,
    day,
    candidates: 'labelledPosts',
    length: n,
    groupId: Int32Array.from({ length: n }, (_, g) => g),
    user: Int32Array.from({ length: n }, (_, g) => g),
    time: Float64Array.from({ length: n }, (_, g) => g),
    offsets: Int32Array.from({ length: n + 1 }, (_, g) => g),
    post: Int32Array.from({ length: n }, (_, g) => g),
    label: new Uint8Array(n),
  };
}

describe('planPredictions', () => {
  it("samples each day's groups with dataset's sampleGroups and the evaluate seed (the demo's day table does too)", () => {
    const days = [19_385, 19_386];
    const dataset = {
      groups: {
        event: days.map((d) => groupsOf('event', d, 300)),
        userDay: days.map((d) => groupsOf('userDay', d, 300)),
        impressions: days.map((d) => groupsOf('impressions', d, 300)),
      },
    };
    const config = {
      evaluate: { groupings: ['event', 'userDay', 'impressions'], maxGroups: 40, seed: 42 },
    } as unknown as Pick<WemomsConfig, 'evaluate'>;
    const plan = planPredictions(config, dataset, { catalog: {} as PostCatalog });
    expect(plan.candidates).toBe(3 * 2 * 40);
    for (const { grouping, days: sampled } of plan.groupings) {
      sampled.forEach((groups, i) => {
        expect(groups.length).toBe(40);
        expect(groups).toEqual(sampleGroups(dataset.groups[grouping][i], 40, 42));
      });
    }
  });
});
