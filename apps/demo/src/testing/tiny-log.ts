import {
  formatTimestampMicros,
  MICROS_PER_DAY,
  MICROS_PER_MINUTE,
  parseTimestampMicros,
  type RawEventJson,
  type RawTable,
  RawTableBuilder,
} from '@wemoms/data-schema';

/** The day tests rank: candidates are the posts created on DAY - 1. */
export const TINY_DAY = '2023-01-10';
const DAY_START = parseTimestampMicros(`${TINY_DAY} 00:00:00+00:00`);

const uuid = (kind: number, i: number) => `0000000${kind}-0000-4000-8000-${String(i).padStart(12, '0')}`;
export const tinyUserId = (u: number) => uuid(1, u);

const STAGES = ['mom', 'pregnant', 'trying', null] as const;
const DEPARTMENTS = ['75', '69', '13', null] as const;

/**
 * A small hand-made log around TINY_DAY: 6 users seen two days before (so their profile is advanced to
 * the day) and again on the day, 24 posts created the day before with varied authors (stages, amenorrhea
 * weeks, children, departments, unknowns). `editUser` rewrites a user's rows (a profile change in the app).
 */
export function tinyLog(editUser?: { user: number; edit: (event: RawEventJson) => RawEventJson }): RawTable {
  const events: RawEventJson[] = [];
  for (let u = 0; u < 6; u++) {
    for (let k = 0; k < 8; k++) {
      const post = (u * 5 + k * 3) % 24;
      // Two days before, then on the day: the as-of observation is not at t, so ages and weeks advance.
      const time = DAY_START + (k < 3 ? -2 * MICROS_PER_DAY : 0) + (u * 37 + k * 11 + 1) * MICROS_PER_MINUTE;
      const created = DAY_START - MICROS_PER_DAY + (post * 53 + 7) * MICROS_PER_MINUTE;
      const ageMinutes = Math.max(1, Math.round((time - created) / MICROS_PER_MINUTE));
      let event = tinyEvent(u, post, time, ageMinutes, (u + k) % 4 === 0);
      if (editUser && editUser.user === u) event = editUser.edit(event);
      events.push(event);
    }
  }
  // Every candidate post is observed at least once (on the day, by user 5 late in the evening).
  for (let post = 0; post < 24; post++) {
    const created = DAY_START - MICROS_PER_DAY + (post * 53 + 7) * MICROS_PER_MINUTE;
    const time = DAY_START + 20 * 60 * MICROS_PER_MINUTE + post * MICROS_PER_MINUTE;
    let event = tinyEvent(5, post, time, Math.round((time - created) / MICROS_PER_MINUTE), false);
    if (editUser && editUser.user === 5) event = editUser.edit(event);
    events.push(event);
  }
  const builder = new RawTableBuilder(events.length);
  for (const event of events) {
    const issue = builder.appendRow(event);
    if (issue) throw new Error(`tinyLog: ${JSON.stringify(issue)}`);
  }
  return builder.takeBatch(true);
}

function tinyEvent(u: number, post: number, time: number, ageMinutes: number, opened: boolean): RawEventJson {
  const pregnant = u % 3 === 0;
  const mom = u % 3 === 1;
  const week = pregnant ? 8 + u * 3 : null;
  const stage = STAGES[post % 4];
  return {
    trackable_id: uuid(2, post),
    user_id: uuid(1, u),
    tracker_created_at: formatTimestampMicros(time),
    has_been_opened: opened,
    user_is_mom: mom,
    user_is_pregnant: pregnant,
    user_is_trying: !pregnant && !mom,
    user_country_code: 'FR',
    days_since_user_account_creation: 100 + u,
    user_pregnancy_current_day: week === null ? null : week * 7 + 2,
    user_pregnancy_current_week: week,
    user_pregnancy_current_month: week === null ? null : Math.floor(week / 4.3),
    user_pregnancy_current_trimester: week === null ? null : week <= 13 ? 1 : 2,
    platform: u % 2 ? 'ios' : 'android',
    user_created_at: formatTimestampMicros(time - (100 + u) * MICROS_PER_DAY),
    user_followings_count: u,
    user_posts_count: 2 * u,
    user_received_comments_count: 3,
    user_pictures_count: 1,
    user_likes_count: 5,
    user_children_count: mom ? 2 : 0,
    user_children_age_month: mom ? [u * 6, 30 + u] : [],
    user_department: DEPARTMENTS[u % 4],
    post_age_in_minutes: ageMinutes,
    author_maternity_stage: stage,
    author_children_count: post % 3,
    author_children_age_month: Array.from({ length: post % 3 }, (_, j) => (post * 5 + j * 13) % 60),
    author_children_age_year: Array.from({ length: post % 3 }, (_, j) =>
      Math.floor(((post * 5 + j * 13) % 60) / 12),
    ),
    author_amenorrhea_week: stage === 'pregnant' ? 6 + (post % 30) : null,
    author_department: DEPARTMENTS[(post + 1) % 4],
    author_age: 30,
    post_comments_count: post % 5,
    post_likes_count: post % 7,
    survey_answers_count: 0,
    has_picture: post % 2 === 0,
    has_text: true,
    has_video: false,
    direct_reports_count: 0,
    first_comment_at: null,
  };
}
