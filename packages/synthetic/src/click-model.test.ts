import { parseDay, Rng } from '@wemoms/data-schema';
import { describe, expect, it } from 'vitest';
import {
  CLICK_MODEL,
  observableOpenProbability,
  openLogit,
  openProbabilities,
  openProbability,
  sigmoid,
  ViewerSnapshot,
} from './click-model.js';
import { MAX_CHILDREN, MemberPopulation } from './members.js';
import { FLAG_PICTURE, FLAG_VIDEO, PostStore } from './posts.js';

const START = parseDay('2023-01-02');
const SEED = 5;

/** A few posts with varied authors, media and ages, written straight into a store. */
function posts(count: number): PostStore {
  const store = new PostStore(count, SEED);
  const random = new Rng(9);
  const r = () => random.float();
  for (let p = 0; p < count; p++) {
    store.creation[p] = (START + 3) * 86_400_000_000 + Math.floor(r() * 40) * 3_600_000_000;
    store.appeal[p] = r() * 2 - 1;
    store.flags[p] = (r() < 0.5 ? FLAG_PICTURE : 0) | (r() < 0.2 ? FLAG_VIDEO : 0);
    store.authorStage[p] = Math.floor(r() * 3);
    store.authorWeek[p] = store.authorStage[p] === 0 ? 4 + Math.floor(r() * 35) : Number.NaN;
    const kids = store.authorStage[p] === 1 ? 1 + Math.floor(r() * 2) : 0;
    store.authorChildCount[p] = kids;
    for (let k = 0; k < kids; k++) store.authorChildMonths[p * MAX_CHILDREN + k] = Math.floor(r() * 48);
    store.authorDepartment[p] = Math.floor(r() * 5) - 1;
  }
  store.created = count;
  return store;
}

describe('observable ceiling of the click model', () => {
  const members = new MemberPopulation({ count: 60, startDay: START, days: 10, seed: SEED });
  const store = posts(30);
  const at = (START + 5) * 86_400_000_000 + 9 * 3_600_000_000;

  it('equals the true probability exactly when the mood and the pair affinity are zero', () => {
    const model = { ...CLICK_MODEL, dailyMoodSd: 0, pairAffinitySd: 0 };
    const viewer = new ViewerSnapshot();
    for (let member = 0; member < 60; member++) {
      viewer.load(members, member, START + 5, SEED, model);
      for (let p = 0; p < 30; p++) {
        for (const [views, opened] of [
          [0, false],
          [2, true],
        ] as const) {
          expect(observableOpenProbability(viewer, store, p, at, views, opened, model)).toBe(
            openProbability(viewer, store, p, at, views, opened, SEED, model),
          );
        }
      }
    }
  });

  it('differs from it by the mood and the affinity only: the logits differ by a per-(viewer, post) shift', () => {
    const viewer = new ViewerSnapshot();
    const noAffinity = { ...CLICK_MODEL, pairAffinitySd: 0 };
    let differs = 0;
    for (let member = 0; member < 60; member++) {
      viewer.load(members, member, START + 5, SEED);
      for (let p = 0; p < 30; p++) {
        const full = openLogit(viewer, store, p, at, 1, false, SEED);
        const observable = observableOpenProbability(viewer, store, p, at, 1, false);
        const withoutAffinity = openLogit(viewer, store, p, at, 1, false, SEED, noAffinity);
        // Without the affinity, the true logit is the observable one plus her mood of the day (the same
        // for every post she is shown that day).
        expect(sigmoid(withoutAffinity - (viewer.base - viewer.propensity))).toBeCloseTo(observable, 12);
        if (full !== withoutAffinity) differs++;
      }
    }
    expect(differs).toBeGreaterThan(1000);
  });

  it('openProbabilities gives both probabilities bit for bit, whatever the history', () => {
    const viewer = new ViewerSnapshot();
    const both = new Float64Array(2);
    for (let member = 0; member < 60; member++) {
      viewer.load(members, member, START + 5, SEED);
      for (let p = 0; p < 30; p++) {
        for (const [views, opened] of [
          [0, false],
          [1, false],
          [5, true],
        ] as const) {
          openProbabilities(viewer, store, p, at, views, opened, SEED, both);
          expect(both[0]).toBe(openProbability(viewer, store, p, at, views, opened, SEED));
          expect(both[1]).toBe(observableOpenProbability(viewer, store, p, at, views, opened));
        }
      }
    }
  });

  it('leaves the generated probability unchanged (the default weights are the generator weights)', () => {
    const viewer = new ViewerSnapshot().load(members, 3, START + 5, SEED);
    expect(openProbability(viewer, store, 4, at, 0, false, SEED)).toBe(
      openProbability(viewer, store, 4, at, 0, false, SEED, CLICK_MODEL),
    );
  });
});
