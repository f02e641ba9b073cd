import { MICROS_PER_DAY, MICROS_PER_HOUR } from '@wemoms/data-schema';
import { makeFrame } from '../frame.js';
import { validateQueries } from '../key-index.js';
import type { FeatureCategory, FeatureSpec } from '../types.js';

const OUTPUTS: FeatureSpec[] = [
  { name: 'fresh_log_age_hours', type: 'numeric' },
  { name: 'fresh_hour_of_day_sin', type: 'numeric' },
  { name: 'fresh_hour_of_day_cos', type: 'numeric' },
];

/**
 * Freshness at t: ln(1 + post age in hours at t), since an hour matters more to a 2-hour-old post than
 * to a 30-hour-old one (post_age_hours keeps the linear age), and the hour of day of t (UTC) on the
 * circle (sin, cos: 23 h and 0 h are neighbours; any time zone is a rotation a model absorbs), for
 * models that learn when freshness matters. Post age from the context's creation times, as the post
 * category; NaN for a post never observed.
 */
export const freshnessCategory: FeatureCategory = {
  name: 'freshness',
  keys: ['post', 'time'],
  outputs: OUTPUTS,
  build(context, batch) {
    const { queries, alloc } = batch;
    validateQueries(context, batch);
    const q = queries.length;
    const logAge = alloc.float32(q);
    const sin = alloc.float32(q);
    const cos = alloc.float32(q);
    const creation = context.postCreationMicros;
    const posts = queries.post;
    const times = queries.time;
    let lastTime = Number.NaN;
    let hourSin = Number.NaN;
    let hourCos = Number.NaN;
    for (let i = 0; i < q; i++) {
      const p = posts[i];
      const t = times[i];
      const hours = p >= 0 ? (t - creation[p]) / MICROS_PER_HOUR : Number.NaN;
      // A creation time a few seconds after t (rounded post ages) counts as age 0; NaN stays NaN.
      logAge[i] = Math.log1p(Math.max(0, hours));
      if (t !== lastTime) {
        // Once per instant: a test group's candidates share it.
        const dayShare = (((t % MICROS_PER_DAY) + MICROS_PER_DAY) % MICROS_PER_DAY) / MICROS_PER_DAY;
        hourSin = Math.sin(2 * Math.PI * dayShare);
        hourCos = Math.cos(2 * Math.PI * dayShare);
        lastTime = t;
      }
      sin[i] = hourSin;
      cos[i] = hourCos;
    }
    return makeFrame(OUTPUTS, q, {
      fresh_log_age_hours: logAge,
      fresh_hour_of_day_sin: sin,
      fresh_hour_of_day_cos: cos,
    });
  },
};
