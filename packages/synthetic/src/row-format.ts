/**
 * One raw log line, exactly in the format of the real export (DESIGN section 4): columns in RAW_SCHEMA
 * order, timestamps `2023-02-01 11:44:12.326601+00:00`, floats written as floats (`23.0`), nulls where
 * the real file has them, and the two documented-but-absent columns (`user_age`,
 * `user_is_trying_since_days`) omitted as in the real file. Built by string concatenation: it runs
 * once per row.
 */
import { formatTimestampMicros, MICROS_PER_MINUTE } from '@wemoms/data-schema';
import { DEPARTMENTS } from './geography.js';
import {
  MAX_CHILDREN,
  type MemberPopulation,
  type MemberState,
  pregnancyMonth,
  pregnancyTrimester,
  pregnancyWeek,
  STAGE_NAMES,
} from './members.js';
import { FLAG_PICTURE, FLAG_TEXT, FLAG_VIDEO, type PostCounters, type PostStore } from './posts.js';

/** Raw columns the real export leaves out; the generator omits them too. */
export const OMITTED_COLUMNS = ['user_age', 'user_is_trying_since_days'] as const;

/** A JSON float as pandas writes it: integers keep a `.0`. */
const float = (v: number) => (Number.isNaN(v) ? 'null' : Number.isInteger(v) ? `${v}.0` : `${v}`);
const str = (v: string | null) => (v === null ? 'null' : `"${v}"`);
const bool = (v: boolean | number) => (v ? 'true' : 'false');

function intList(values: ArrayLike<number>, count: number, divisor = 1): string {
  let s = '[';
  for (let k = 0; k < count; k++) s += (k ? ',' : '') + Math.floor(values[k] / divisor);
  return s + ']';
}

const authorMonths = new Int32Array(MAX_CHILDREN);

/** The JSON line (without newline) of one impression. */
export function formatRawLine(
  members: MemberPopulation,
  u: number,
  viewer: MemberState,
  posts: PostStore,
  post: number,
  micros: number,
  opened: boolean,
  counters: PostCounters,
): string {
  const s = posts.slot(post);
  const traits = members.traits(u);
  const ageDays = members.accountAgeDays(u, micros);
  const pregDay = viewer.pregnancyDay;
  const postsCount = Math.floor(traits.postRate * ageDays);
  const flags = posts.flags[s];
  const authorChildren = posts.authorChildCount[s];
  for (let k = 0; k < authorChildren; k++) authorMonths[k] = posts.authorChildMonths[s * MAX_CHILDREN + k];
  const authorDept = posts.authorDepartment[s];
  return (
    `{"trackable_id":"${posts.id(post)}","user_id":"${members.id(u)}"` +
    `,"tracker_created_at":"${formatTimestampMicros(micros)}"` +
    `,"has_been_opened":${bool(opened)}` +
    `,"user_is_mom":${bool(viewer.mom)},"user_is_pregnant":${bool(viewer.pregnant)}` +
    `,"user_is_trying":${bool(viewer.trying)}` +
    `,"user_country_code":${str(members.countryCode(u))}` +
    `,"days_since_user_account_creation":${ageDays}` +
    `,"user_pregnancy_current_day":${float(pregDay)}` +
    `,"user_pregnancy_current_week":${float(Number.isNaN(pregDay) ? pregDay : pregnancyWeek(pregDay))}` +
    `,"user_pregnancy_current_month":${float(Number.isNaN(pregDay) ? pregDay : pregnancyMonth(pregDay))}` +
    `,"user_pregnancy_current_trimester":${float(Number.isNaN(pregDay) ? pregDay : pregnancyTrimester(pregDay))}` +
    `,"platform":${traits.platform === 0 ? '"ios"' : '"android"'}` +
    `,"user_created_at":"${formatTimestampMicros(traits.createdAt)}"` +
    `,"user_followings_count":${Math.floor(traits.followRate * (ageDays + 3))}` +
    `,"user_posts_count":${postsCount}` +
    `,"user_received_comments_count":${Math.floor(postsCount * traits.commentsPerPost)}` +
    `,"user_pictures_count":${Math.floor(postsCount * traits.pictureShare)}` +
    `,"user_likes_count":${Math.floor(traits.likeRate * ageDays)}` +
    `,"user_children_count":${viewer.childCount}` +
    `,"user_children_age_month":${intList(viewer.childMonths, viewer.childCount)}` +
    `,"user_department":${str(members.departmentCode(u))}` +
    `,"post_age_in_minutes":${Math.floor((micros - posts.creation[s]) / MICROS_PER_MINUTE)}` +
    `,"author_maternity_stage":"${STAGE_NAMES[posts.authorStage[s]]}"` +
    `,"author_children_count":${authorChildren}` +
    `,"author_children_age_month":${intList(authorMonths, authorChildren)}` +
    `,"author_children_age_year":${intList(authorMonths, authorChildren, 12)}` +
    `,"author_amenorrhea_week":${float(posts.authorWeek[s])}` +
    `,"author_department":${str(authorDept < 0 ? null : DEPARTMENTS[authorDept])}` +
    `,"author_age":${float(posts.authorAge[s])}` +
    `,"post_comments_count":${counters.comments},"post_likes_count":${counters.likes}` +
    `,"survey_answers_count":${counters.surveyAnswers}` +
    `,"has_picture":${bool(flags & FLAG_PICTURE)},"has_text":${bool(flags & FLAG_TEXT)}` +
    `,"has_video":${bool(flags & FLAG_VIDEO)},"direct_reports_count":0` +
    `,"first_comment_at":${Number.isNaN(counters.firstCommentAt) ? 'null' : `"${formatTimestampMicros(counters.firstCommentAt)}"`}}`
  );
}
