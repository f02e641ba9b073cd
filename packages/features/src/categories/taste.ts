import { postAsOf, postCountsAsOf } from '../as-of.js';
import { TASTE_WINDOWS } from '../definitions/constants.js';
import { makeFrame } from '../frame.js';
import { keyIndex, validateQueries } from '../key-index.js';
import { keyPositionAt, lowerBoundNear, searchHints } from '../search.js';
import { COUNT_PICTURE, TASTE_COUNTS, TASTE_STAGES, tasteIndex } from '../taste-index.js';
import type { FeatureCategory, FeatureSpec } from '../types.js';
import { globalOpenRate, smoothedRate } from '../window-features.js';

const KINDS = ['author_stage', 'picture', 'video', 'survey'] as const;

const OUTPUTS: FeatureSpec[] = KINDS.flatMap((kind) =>
  TASTE_WINDOWS.map((w): FeatureSpec => ({ name: `taste_${kind}_open_rate_${w.label}`, type: 'numeric' })),
);

/** Per window: the viewer's rates on each class: 4 stage classes, then picture, video, survey (0 / 1). */
const CLASS_RATES = TASTE_STAGES + 1 + 2 * 3;

/**
 * The viewer's taste before t: over her impressions of the last 7 and 28 days, her open rate on posts like
 * the candidate, by author stage (pregnant / mom / trying / other), picture or not, video or not, survey
 * or not. Each rate is shrunk toward her own open rate in the window, which is itself shrunk toward
 * everyone's (the userActivity rate): rate = (opens + 10 r) / (views + 10), so a class she saw twice says
 * little and a woman who opens everything does not look like a fan of every class (compare the two rates:
 * the model also has her own). The candidate's class comes from its as-of observation (stage, media: the
 * static row; survey: the counters' row, missing when none before t). Her impressions strictly before t only.
 */
export const tasteCategory: FeatureCategory = {
  name: 'taste',
  keys: ['user', 'post', 'time'],
  outputs: OUTPUTS,
  build(context, batch) {
    const { queries, alloc } = batch;
    validateQueries(context, batch);
    const q = queries.length;
    const index = tasteIndex(context);
    const user = index.user;
    const all = keyIndex(context, 'all');
    const staticRow = postAsOf(context, batch).row;
    const countsRow = postCountsAsOf(context, batch);
    const postClass = index.postClassOfRow;
    const columns = OUTPUTS.map(() => alloc.float32(q));
    const rates = new Float64Array(TASTE_WINDOWS.length * CLASS_RATES);
    const baseRate = new Float64Array(TASTE_WINDOWS.length);
    let baseTime = Number.NaN;
    const hintAt = searchHints(user, 0);
    const hintFrom = TASTE_WINDOWS.map((w) => searchHints(user, w.slot));
    const { offsets, times, opensBefore } = user;
    const counts = index.counts;
    // Output columns in OUTPUTS order: per kind, 7d then 28d.
    const [stage7, stage28, picture7, picture28, video7, video28, survey7, survey28] = columns;
    let lastUser = -2;
    let lastTime = Number.NaN;
    for (let i = 0; i < q; i++) {
      const u = queries.user[i];
      const t = queries.time[i];
      if (u !== lastUser || t !== lastTime) {
        // Her rates per class, once per run of queries sharing (user, t): a test group's candidates.
        if (t !== baseTime) {
          for (let k = 0; k < TASTE_WINDOWS.length; k++)
            baseRate[k] = globalOpenRate(all, t, TASTE_WINDOWS[k].micros, TASTE_WINDOWS[k].slot);
          baseTime = t;
        }
        const lo = u >= 0 ? offsets[u] : 0;
        const b = u >= 0 ? keyPositionAt(user, hintAt, u, t) : 0;
        for (let k = 0; k < TASTE_WINDOWS.length; k++) {
          let a = b;
          if (b > lo) {
            a = lowerBoundNear(times, lo, b, hintFrom[k][u], t - TASTE_WINDOWS[k].micros);
            hintFrom[k][u] = a;
          }
          const views = b - a;
          const opens = opensBefore[b] - opensBefore[a];
          const own = smoothedRate(opens, views, baseRate[k]);
          const out = k * CLASS_RATES;
          const ca = a * TASTE_COUNTS;
          const cb = b * TASTE_COUNTS;
          let restViews = views;
          let restOpens = opens;
          for (let s = 0; s < TASTE_STAGES; s++) {
            const sv = counts[cb + 2 * s] - counts[ca + 2 * s];
            const so = counts[cb + 2 * s + 1] - counts[ca + 2 * s + 1];
            rates[out + s] = smoothedRate(so, sv, own);
            restViews -= sv;
            restOpens -= so;
          }
          rates[out + TASTE_STAGES] = smoothedRate(restOpens, restViews, own);
          // Picture, video, survey: views and opens of posts with it (without = her total minus these).
          for (let m = 0; m < 3; m++) {
            const at = COUNT_PICTURE + 2 * m;
            const withViews = counts[cb + at] - counts[ca + at];
            const withOpens = counts[cb + at + 1] - counts[ca + at + 1];
            const rate = out + TASTE_STAGES + 1 + 2 * m;
            rates[rate] = smoothedRate(opens - withOpens, views - withViews, own);
            rates[rate + 1] = smoothedRate(withOpens, withViews, own);
          }
        }
        lastUser = u;
        lastTime = t;
      }
      // The candidate's classes; a never-observed post has none, a post without counters before t no
      // survey flag. Written column by column (unrolled: one indexed store per output).
      const r = staticRow[i];
      if (r < 0) {
        stage7[i] = stage28[i] = picture7[i] = picture28[i] = video7[i] = video28[i] = Number.NaN;
      } else {
        const classes = postClass[r];
        const stage = classes & 3;
        const withPicture = TASTE_STAGES + 1 + ((classes >> 2) & 1);
        const withVideo = TASTE_STAGES + 3 + ((classes >> 3) & 1);
        stage7[i] = rates[stage];
        stage28[i] = rates[CLASS_RATES + stage];
        picture7[i] = rates[withPicture];
        picture28[i] = rates[CLASS_RATES + withPicture];
        video7[i] = rates[withVideo];
        video28[i] = rates[CLASS_RATES + withVideo];
      }
      const cr = countsRow[i];
      if (cr < 0) survey7[i] = survey28[i] = Number.NaN;
      else {
        const withSurvey = TASTE_STAGES + 5 + ((postClass[cr] >> 4) & 1);
        survey7[i] = rates[withSurvey];
        survey28[i] = rates[CLASS_RATES + withSurvey];
      }
    }
    const frame: Record<string, Float32Array> = {};
    OUTPUTS.forEach((spec, k) => {
      frame[spec.name] = columns[k];
    });
    return makeFrame(OUTPUTS, q, frame);
  },
};
