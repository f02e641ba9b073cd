import { MICROS_PER_HOUR } from '@wemoms/data-schema';
import { postAsOf } from '../asOf.js';
import { gatherCodes, makeFrame, missingColumn } from '../frame.js';
import { DAYS_PER_MONTH, listMinMax } from '../profileTime.js';
import type { FeatureCategory, FeatureSpec } from '../types.js';

const num = (name: string): FeatureSpec => ({ name, type: 'numeric' });
const cat = (name: string): FeatureSpec => ({ name, type: 'categorical' });

const OUTPUTS: FeatureSpec[] = [
  num('post_age_hours'),
  num('post_has_picture'),
  num('post_has_text'),
  num('post_has_video'),
  cat('author_maternity_stage'),
  num('author_children_count'),
  num('author_youngest_child_months'),
  num('author_oldest_child_months'),
  num('author_amenorrhea_week'),
  cat('author_department'),
  num('author_age'),
  num('post_likes_count'),
  num('post_comments_count'),
  num('post_survey_answers_count'),
  num('post_hours_since_first_comment'),
];

/**
 * The post as of t (DESIGN section 5, rule 2): its age at t from dataset's creation time (freshness is
 * the strongest prior of a daily feed), media flags and author fields, and its counters (likes,
 * comments, survey answers, first comment) from its latest observation strictly before t, else its
 * earliest. Author ages and amenorrhea week are advanced from that observation to t; a first comment is
 * only used when it happened before t.
 */
export const postCategory: FeatureCategory = {
  name: 'post',
  keys: ['post', 'time'],
  outputs: OUTPUTS,
  build(context, queries) {
    const c = context.log.columns;
    const q = queries.length;
    const { row, elapsedDays } = postAsOf(context, queries);
    const columns: Record<string, Float32Array> = {};
    for (const spec of OUTPUTS) if (spec.type === 'numeric') columns[spec.name] = missingColumn(q);
    const age = columns.post_age_hours;
    const picture = columns.post_has_picture;
    const text = columns.post_has_text;
    const video = columns.post_has_video;
    const children = columns.author_children_count;
    const youngest = columns.author_youngest_child_months;
    const oldest = columns.author_oldest_child_months;
    const amenorrhea = columns.author_amenorrhea_week;
    const authorAge = columns.author_age;
    const likes = columns.post_likes_count;
    const comments = columns.post_comments_count;
    const surveys = columns.post_survey_answers_count;
    const sinceComment = columns.post_hours_since_first_comment;
    const creation = context.postCreationMicros;
    for (let i = 0; i < q; i++) {
      const t = queries.time[i];
      const p = queries.post[i];
      if (p >= 0 && p < creation.length) age[i] = (t - creation[p]) / MICROS_PER_HOUR;
      const r = row[i];
      if (r < 0) continue;
      const days = elapsedDays[i];
      picture[i] = c.has_picture[r];
      text[i] = c.has_text[r];
      video[i] = c.has_video[r];
      children[i] = c.author_children_count[r];
      const [young, old] = listMinMax(c.author_children_age_month, r, days / DAYS_PER_MONTH);
      youngest[i] = young;
      oldest[i] = old;
      amenorrhea[i] = c.author_amenorrhea_week[r] + days / 7;
      authorAge[i] = c.author_age[r] + days / 365.2425;
      likes[i] = c.post_likes_count[r];
      comments[i] = c.post_comments_count[r];
      surveys[i] = c.survey_answers_count[r];
      const firstComment = c.first_comment_at[r];
      if (firstComment < t) sinceComment[i] = (t - firstComment) / MICROS_PER_HOUR;
    }
    return makeFrame(OUTPUTS, q, {
      ...columns,
      author_maternity_stage: gatherCodes(c.author_maternity_stage, row),
      author_department: gatherCodes(c.author_department, row),
    });
  },
};
