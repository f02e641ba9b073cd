/**
 * Deterministic raw events for this package's tests and read benchmark (not exported from the package:
 * the realistic generator is @wemoms/synthetic). Every column of RAW_SCHEMA is filled with a plausible
 * value; `i` picks the values, `seed` shifts them.
 */
import type { RawEventJson } from '../schema.js';
import { formatTimestampMicros, MICROS_PER_DAY, MICROS_PER_MINUTE, parseTimestampMicros } from '../time.js';

const START = parseTimestampMicros('2023-01-02 00:00:00+00:00');
const hex = (v: number, width: number) => (v >>> 0).toString(16).padStart(width, '0').slice(-width);

/** A uuid-shaped id derived from a number. */
export function fakeUuid(kind: number, v: number): string {
  return `${hex(v * 2654435761, 8)}-${hex(kind, 4)}-4${hex(v, 3)}-8${hex(v >>> 12, 3)}-${hex(v, 12)}`;
}

/** The i-th synthetic impression: users and posts repeat so dictionaries and caches see reuse. */
export function sampleRawEvent(i: number, seed = 0): RawEventJson {
  const user = (i * 7 + seed) % 5000;
  const post = (i * 13 + seed * 3) % 40000;
  const pregnant = user % 3 === 0;
  const mom = !pregnant && user % 3 === 1;
  const time = START + (Math.floor((i * 2_592_000_000_000) / 1_000_003) % (30 * MICROS_PER_DAY));
  const created = START - (1 + (user % 700)) * MICROS_PER_DAY + (user % 997) * 1_000_003;
  const children = mom ? [(user % 40) + 1, (user % 7) * 12] : [];
  return {
    trackable_id: fakeUuid(1, post),
    user_id: fakeUuid(2, user),
    tracker_created_at: formatTimestampMicros(time),
    has_been_opened: (i * 2654435761) % 7 === 0,
    user_is_mom: mom,
    user_is_pregnant: pregnant,
    user_is_trying: !pregnant && !mom,
    user_country_code: user % 10 === 0 ? 'BE' : 'FR',
    days_since_user_account_creation: 1 + (user % 700),
    user_pregnancy_current_day: pregnant ? 10 + (user % 270) : null,
    user_pregnancy_current_week: pregnant ? Math.floor((10 + (user % 270)) / 7) : null,
    user_pregnancy_current_month: pregnant ? Math.floor((10 + (user % 270)) / 30) : null,
    user_pregnancy_current_trimester: pregnant ? 1 + Math.floor((user % 270) / 90) : null,
    platform: user % 2 === 0 ? 'ios' : 'android',
    user_created_at: formatTimestampMicros(created),
    user_followings_count: user % 50,
    user_posts_count: user % 20,
    user_received_comments_count: user % 90,
    user_pictures_count: user % 11,
    user_likes_count: user % 300,
    user_children_count: children.length,
    user_children_age_month: children,
    user_department: user % 17 === 0 ? null : String(1 + (user % 95)).padStart(2, '0'),
    post_age_in_minutes: 1 + ((i * 31) % 2000),
    author_maternity_stage: post % 3 === 0 ? 'pregnant' : post % 3 === 1 ? 'mom' : 'trying',
    author_children_count: post % 3,
    author_children_age_month: post % 3 === 1 ? [post % 60] : [],
    author_children_age_year: post % 3 === 1 ? [Math.floor((post % 60) / 12)] : [],
    author_amenorrhea_week: post % 3 === 0 ? 4 + (post % 36) + 0.5 : null,
    author_department: post % 13 === 0 ? null : String(1 + (post % 95)).padStart(2, '0'),
    author_age: post % 5 === 0 ? null : 20 + (post % 20) + 0.25,
    post_comments_count: post % 40,
    post_likes_count: post % 120,
    survey_answers_count: post % 9 === 0 ? post % 30 : 0,
    has_picture: post % 2 === 0,
    has_text: true,
    has_video: post % 29 === 0,
    direct_reports_count: 0,
    first_comment_at:
      post % 4 === 0
        ? null
        : formatTimestampMicros(time - ((i * 31) % 2000) * MICROS_PER_MINUTE + 60_000_000),
  };
}
