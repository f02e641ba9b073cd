import { type KeyIndex, keyIndex } from './key-index.js';
import type { FeatureContext } from './types.js';
import { authorStageIndex } from './user-post-match.js';

/**
 * Kinds of post a viewer's taste is measured on. Author stage: pregnant, mom, trying (own counts), any
 * other or unknown stage (the remainder). Media and survey: with / without (the remainder).
 */
export const TASTE_STAGES = 3;

/**
 * Running counts, per position of the user index (keyIndex 'user': each viewer's impressions in time
 * order), of her views and opens of posts by authors of each stage, with a picture, with a video, with a
 * survey (survey answers > 0 at that impression: the log has no survey flag). Counts over [a, b) of her
 * list are differences, like KeyIndex.opensBefore: O(1) per window once its bounds are found. The
 * TASTE_COUNTS counts of a position are adjacent (one cache line), so a window costs two lines, not 24.
 */
export interface TasteIndex {
  readonly user: KeyIndex;
  /**
   * Per log row, the classes of its post packed in one byte (one read per candidate): bits 0-1 the author
   * stage class, bit 2 picture, bit 3 video, bit 4 survey (answers > 0 at that row).
   */
  readonly postClassOfRow: Uint8Array;
  /**
   * (positions + 1) x TASTE_COUNTS: at [pos * TASTE_COUNTS + k], count k among positions < pos, with
   * k = 2 * stage (views) and 2 * stage + 1 (opens) for the stages, then COUNT_PICTURE, COUNT_VIDEO,
   * COUNT_SURVEY (views; opens at + 1).
   */
  readonly counts: Int32Array;
}

export const COUNT_PICTURE = 2 * TASTE_STAGES;
export const COUNT_VIDEO = COUNT_PICTURE + 2;
export const COUNT_SURVEY = COUNT_VIDEO + 2;
export const TASTE_COUNTS = COUNT_SURVEY + 2;

/** Per author_maternity_stage code: its taste class (0..TASTE_STAGES-1, TASTE_STAGES = other / unknown). */
function stageClasses(dictionary: readonly string[]): Int32Array {
  return Int32Array.from(dictionary, (stage) => Math.min(authorStageIndex(stage), TASTE_STAGES));
}

/**
 * The context's taste index, built on first use (one pass over the user index) and kept in its index
 * store (`context.indexes.taste`).
 */
export function tasteIndex(context: FeatureContext): TasteIndex {
  let index = context.indexes.taste;
  if (index !== undefined) return index;
  const user = keyIndex(context, 'user');
  const c = context.log.columns;
  const size = user.rows.length;
  const classOf = stageClasses(c.author_maternity_stage.dictionary);
  const stage = c.author_maternity_stage.codes;
  const opened = c.has_been_opened;
  const picture = c.has_picture;
  const video = c.has_video;
  const survey = c.survey_answers_count;
  const postClassOfRow = new Uint8Array(opened.length);
  for (let r = 0; r < postClassOfRow.length; r++) {
    postClassOfRow[r] =
      (stage[r] >= 0 ? classOf[stage[r]] : TASTE_STAGES) |
      (picture[r] << 2) |
      (video[r] << 3) |
      ((survey[r] > 0 ? 1 : 0) << 4);
  }
  const counts = new Int32Array((size + 1) * TASTE_COUNTS);
  for (let pos = 0; pos < size; pos++) {
    const r = user.rows[pos];
    const o = opened[r];
    const classes = postClassOfRow[r];
    const from = pos * TASTE_COUNTS;
    const to = from + TASTE_COUNTS;
    for (let k = 0; k < TASTE_COUNTS; k++) counts[to + k] = counts[from + k];
    const s = classes & 3;
    if (s < TASTE_STAGES) {
      counts[to + 2 * s]++;
      counts[to + 2 * s + 1] += o;
    }
    if (classes & 4) {
      counts[to + COUNT_PICTURE]++;
      counts[to + COUNT_PICTURE + 1] += o;
    }
    if (classes & 8) {
      counts[to + COUNT_VIDEO]++;
      counts[to + COUNT_VIDEO + 1] += o;
    }
    if (classes & 16) {
      counts[to + COUNT_SURVEY]++;
      counts[to + COUNT_SURVEY + 1] += o;
    }
  }
  index = { user, postClassOfRow, counts };
  context.indexes.taste = index;
  return index;
}
