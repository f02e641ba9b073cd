import { authorStageIndex } from './extra/userPostMatch.js';
import { type KeyIndex, keyIndex } from './keyIndex.js';
import type { FeatureContext } from './types.js';

/**
 * Kinds of post a viewer's taste is measured on. Author stage: pregnant, mom, trying (own counts), any
 * other or unknown stage (the remainder). Media and survey: with / without (the remainder).
 */
export const TASTE_STAGES = 3;

/**
 * Running counts over the user index (keyIndex 'user': each viewer's impressions in time order) of her
 * views and opens of posts by authors of each stage, with a picture, with a video, with a survey (survey
 * answers > 0 at that impression: the log has no survey flag). Counts over [a, b) of her list are
 * differences, like KeyIndex.opensBefore: O(1) per window once its bounds are found.
 */
export interface TasteIndex {
  readonly user: KeyIndex;
  /**
   * Per log row, the classes of its post packed in one byte (one read per candidate): bits 0-1 the author
   * stage class, bit 2 picture, bit 3 video, bit 4 survey (answers > 0 at that row).
   */
  readonly postClassOfRow: Uint8Array;
  /** [stage][pos]: views (then opens) of posts by authors of stage 0..TASTE_STAGES-1 among positions < pos. */
  readonly stageViews: readonly Int32Array[];
  readonly stageOpens: readonly Int32Array[];
  readonly pictureViews: Int32Array;
  readonly pictureOpens: Int32Array;
  readonly videoViews: Int32Array;
  readonly videoOpens: Int32Array;
  readonly surveyViews: Int32Array;
  readonly surveyOpens: Int32Array;
}

const cache = new WeakMap<FeatureContext, TasteIndex>();

/** Per author_maternity_stage code: its taste class (0..TASTE_STAGES-1, TASTE_STAGES = other / unknown). */
function stageClasses(dictionary: readonly string[]): Int32Array {
  return Int32Array.from(dictionary, (stage) => Math.min(authorStageIndex(stage), TASTE_STAGES));
}

/** The context's taste index, built on first use (one pass over the user index) and cached. */
export function tasteIndex(context: FeatureContext): TasteIndex {
  let index = cache.get(context);
  if (index !== undefined) return index;
  const user = keyIndex(context, 'user');
  const c = context.log.columns;
  const size = user.rows.length;
  const counts = () => new Int32Array(size + 1);
  const stageViews = Array.from({ length: TASTE_STAGES }, counts);
  const stageOpens = Array.from({ length: TASTE_STAGES }, counts);
  const [pictureViews, pictureOpens, videoViews, videoOpens, surveyViews, surveyOpens] = Array.from(
    { length: 6 },
    counts,
  );
  const classOf = stageClasses(c.author_maternity_stage.dictionary);
  const stage = c.author_maternity_stage.codes;
  const opened = c.has_been_opened;
  const picture = c.has_picture;
  const video = c.has_video;
  const survey = c.survey_answers_count;
  const postClassOfRow = new Uint8Array(c.has_been_opened.length);
  for (let r = 0; r < postClassOfRow.length; r++) {
    postClassOfRow[r] =
      (stage[r] >= 0 ? classOf[stage[r]] : TASTE_STAGES) |
      (picture[r] << 2) |
      (video[r] << 3) |
      ((survey[r] > 0 ? 1 : 0) << 4);
  }
  for (let pos = 0; pos < size; pos++) {
    const r = user.rows[pos];
    const o = opened[r];
    const s = postClassOfRow[r] & 3;
    for (let k = 0; k < TASTE_STAGES; k++) {
      stageViews[k][pos + 1] = stageViews[k][pos] + (s === k ? 1 : 0);
      stageOpens[k][pos + 1] = stageOpens[k][pos] + (s === k ? o : 0);
    }
    pictureViews[pos + 1] = pictureViews[pos] + picture[r];
    pictureOpens[pos + 1] = pictureOpens[pos] + picture[r] * o;
    videoViews[pos + 1] = videoViews[pos] + video[r];
    videoOpens[pos + 1] = videoOpens[pos] + video[r] * o;
    const withSurvey = survey[r] > 0 ? 1 : 0;
    surveyViews[pos + 1] = surveyViews[pos] + withSurvey;
    surveyOpens[pos + 1] = surveyOpens[pos] + withSurvey * o;
  }
  index = {
    user,
    postClassOfRow,
    stageViews,
    stageOpens,
    pictureViews,
    pictureOpens,
    videoViews,
    videoOpens,
    surveyViews,
    surveyOpens,
  };
  cache.set(context, index);
  return index;
}
