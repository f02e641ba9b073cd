/**
 * Small random impression logs for this package's tests, built straight into columnar RawTable form.
 * Not exported from the package. Times are drawn on a coarse grid so that simultaneous impressions
 * (same instant, several rows) occur often and the tie rules are exercised.
 */
import {
  type DictionaryColumn,
  type IntListColumn,
  MICROS_PER_DAY,
  MICROS_PER_MINUTE,
  parseTimestampMicros,
  type RawTable,
  seededRandom,
} from '@wemoms/data-schema';

export const LOG_START = parseTimestampMicros('2023-01-02 00:00:00+00:00');

/** Deterministic uniform source for the tests: the project's one seeded PRNG (@wemoms/data-schema). */
export const rng: (seed: number) => () => number = seededRandom;

export interface RandomLogOptions {
  readonly rows: number;
  readonly users: number;
  readonly posts: number;
  /** Span of impression times in days (default 40, longer than the 28-day window). */
  readonly days?: number;
  /** Number of distinct instants per day (default 24: many exact-time ties). */
  readonly instantsPerDay?: number;
}

function dictionary(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
}

function listColumn(lists: number[][]): IntListColumn {
  const offsets = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) offsets[i + 1] = offsets[i] + lists[i].length;
  return { offsets, values: Int32Array.from(lists.flat()) };
}

function codes(values: number[], dict: string[]): DictionaryColumn {
  return { codes: Int32Array.from(values), dictionary: dict };
}

/**
 * A random log: profile and counter fields vary per row (so as-of selection matters), post media and
 * author stage are fixed per post, post_age_in_minutes follows a fixed creation time per post.
 */
export function randomLog(seed: number, o: RandomLogOptions): RawTable {
  const r = rng(seed);
  const n = o.rows;
  const days = o.days ?? 40;
  const perDay = o.instantsPerDay ?? 24;
  const int = (k: number) => Math.floor(r() * k);
  const postCreation = Array.from(
    { length: o.posts },
    () => LOG_START + int(days) * MICROS_PER_DAY - int(3000) * MICROS_PER_MINUTE,
  );
  const postMedia = Array.from({ length: o.posts }, () => [int(2), int(2), int(2)]);
  const postStage = Array.from({ length: o.posts }, () => int(4));
  const userPregnant = Array.from({ length: o.users }, () => int(2));
  const departments = ['75', '13', '69', '33'];
  const stages = ['mom', 'pregnant', 'trying'];
  const user: number[] = [];
  const post: number[] = [];
  const time = new Float64Array(n);
  const opened = new Uint8Array(n);
  const f64 = () => new Float64Array(n);
  const i32 = () => new Int32Array(n);
  const u8 = () => new Uint8Array(n);
  const c = {
    isMom: u8(),
    isPregnant: u8(),
    isTrying: u8(),
    accountDays: i32(),
    pDay: f64(),
    pWeek: f64(),
    pMonth: f64(),
    pTrimester: f64(),
    counters: [i32(), i32(), i32(), i32(), i32(), i32()],
    postAge: i32(),
    authorChildren: i32(),
    amenorrhea: f64(),
    authorAge: f64(),
    comments: i32(),
    likes: i32(),
    surveys: i32(),
    picture: u8(),
    text: u8(),
    video: u8(),
    reports: i32(),
    firstComment: f64(),
    userCreated: f64(),
    userAge: f64(),
    tryingSince: f64(),
  };
  const country: number[] = [];
  const platform: number[] = [];
  const userDept: number[] = [];
  const authorStage: number[] = [];
  const authorDept: number[] = [];
  const userChildren: number[][] = [];
  const authorChildren: number[][] = [];
  const authorChildrenYears: number[][] = [];
  for (let i = 0; i < n; i++) {
    const u = int(o.users);
    const p = int(o.posts);
    user.push(u);
    post.push(p);
    const t = LOG_START + int(days * perDay) * (MICROS_PER_DAY / perDay);
    time[i] = t;
    opened[i] = r() < 0.3 ? 1 : 0;
    const pregnant = userPregnant[u];
    c.isPregnant[i] = pregnant;
    c.isMom[i] = int(2);
    c.isTrying[i] = pregnant || c.isMom[i] ? 0 : 1;
    c.accountDays[i] = int(700);
    c.pDay[i] = pregnant ? int(280) : Number.NaN;
    c.pWeek[i] = pregnant ? Math.floor(c.pDay[i] / 7) : Number.NaN;
    c.pMonth[i] = pregnant ? Math.floor(c.pDay[i] / 30) : Number.NaN;
    c.pTrimester[i] = pregnant ? 1 + Math.floor(c.pDay[i] / 94) : Number.NaN;
    for (const counter of c.counters) counter[i] = int(100);
    userChildren.push(c.isMom[i] ? Array.from({ length: 1 + int(2) }, () => int(60)) : []);
    c.counters[5][i] = userChildren[i].length;
    country.push(int(3) - 1);
    platform.push(int(2));
    userDept.push(int(5) - 1);
    c.userCreated[i] = LOG_START - int(700) * MICROS_PER_DAY;
    c.userAge[i] = r() < 0.5 ? 20 + int(20) : Number.NaN;
    c.tryingSince[i] = c.isTrying[i] ? int(400) : Number.NaN;
    c.postAge[i] = Math.max(0, Math.floor((t - postCreation[p]) / MICROS_PER_MINUTE));
    authorStage.push(postStage[p] === 3 ? -1 : postStage[p]);
    const kids = postStage[p] === 0 ? Array.from({ length: 1 + int(2) }, () => int(60)) : [];
    authorChildren.push(kids);
    authorChildrenYears.push(kids.map((k) => Math.floor(k / 12)));
    c.authorChildren[i] = kids.length;
    c.amenorrhea[i] = postStage[p] === 1 ? 4 + int(36) : Number.NaN;
    authorDept.push(int(5) - 1);
    c.authorAge[i] = r() < 0.8 ? 20 + int(20) : Number.NaN;
    c.comments[i] = int(50);
    c.likes[i] = int(200);
    c.surveys[i] = int(5);
    [c.picture[i], c.text[i], c.video[i]] = postMedia[p];
    c.firstComment[i] = r() < 0.5 ? t - int(5000) * MICROS_PER_MINUTE : Number.NaN;
  }
  const users = dictionary('u', o.users);
  const posts = dictionary('p', o.posts);
  return {
    length: n,
    columns: {
      trackable_id: codes(post, posts),
      user_id: codes(user, users),
      tracker_created_at: time,
      has_been_opened: opened,
      user_is_mom: c.isMom,
      user_is_pregnant: c.isPregnant,
      user_is_trying: c.isTrying,
      user_country_code: codes(country, ['FR', 'BE']),
      days_since_user_account_creation: c.accountDays,
      user_pregnancy_current_day: c.pDay,
      user_pregnancy_current_week: c.pWeek,
      user_pregnancy_current_month: c.pMonth,
      user_pregnancy_current_trimester: c.pTrimester,
      platform: codes(platform, ['ios', 'android']),
      user_created_at: c.userCreated,
      user_followings_count: c.counters[0],
      user_posts_count: c.counters[1],
      user_received_comments_count: c.counters[2],
      user_pictures_count: c.counters[3],
      user_likes_count: c.counters[4],
      user_children_count: c.counters[5],
      user_children_age_month: listColumn(userChildren),
      user_department: codes(userDept, departments),
      user_age: c.userAge,
      user_is_trying_since_days: c.tryingSince,
      post_age_in_minutes: c.postAge,
      author_maternity_stage: codes(authorStage, stages),
      author_children_count: c.authorChildren,
      author_children_age_month: listColumn(authorChildren),
      author_children_age_year: listColumn(authorChildrenYears),
      author_amenorrhea_week: c.amenorrhea,
      author_department: codes(authorDept, departments),
      author_age: c.authorAge,
      post_comments_count: c.comments,
      post_likes_count: c.likes,
      survey_answers_count: c.surveys,
      has_picture: c.picture,
      has_text: c.text,
      has_video: c.video,
      direct_reports_count: c.reports,
      first_comment_at: c.firstComment,
    },
  };
}
