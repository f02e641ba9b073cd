import { type RawEventJson, RawTableBuilder } from '@wemoms/data-schema';
import { describe, expect, it } from 'vitest';
import { explore, findDuplicates, profileColumns } from './analysis.js';

const id = (kind: number, i: number) => `0000000${kind}-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** One impression with every column set; `over` changes what a test is about. */
function event(
  user: number,
  post: number,
  time: string,
  opened: boolean,
  over: Partial<RawEventJson> = {},
): RawEventJson {
  return {
    trackable_id: id(2, post),
    user_id: id(1, user),
    tracker_created_at: time,
    has_been_opened: opened,
    user_is_mom: user % 2 === 0,
    user_is_pregnant: user % 2 === 1,
    user_is_trying: false,
    user_country_code: 'FR',
    days_since_user_account_creation: 10,
    user_pregnancy_current_day: null,
    user_pregnancy_current_week: null,
    user_pregnancy_current_month: null,
    user_pregnancy_current_trimester: null,
    platform: user < 2 ? 'ios' : 'android',
    user_created_at: '2022-12-01 00:00:00+00:00',
    user_followings_count: user,
    user_posts_count: 0,
    user_received_comments_count: 0,
    user_pictures_count: 0,
    user_likes_count: 0,
    user_children_count: 0,
    user_children_age_month: [],
    user_department: null,
    post_age_in_minutes: 30 + post * 200,
    author_maternity_stage: post % 2 === 0 ? 'mom' : 'pregnant',
    author_children_count: 0,
    author_children_age_month: [],
    author_children_age_year: [],
    author_amenorrhea_week: null,
    author_department: '75',
    author_age: null,
    post_comments_count: 0,
    post_likes_count: post,
    survey_answers_count: 0,
    has_picture: post % 3 === 0,
    has_text: true,
    has_video: false,
    direct_reports_count: 0,
    first_comment_at: null,
    ...over,
  };
}

function table(events: RawEventJson[]) {
  const builder = new RawTableBuilder(events.length);
  for (const e of events) {
    const issue = builder.appendRow(e);
    if (issue) throw new Error(JSON.stringify(issue));
  }
  return builder.takeBatch(true);
}

const SPLIT = {
  train: { first: '2023-01-03', last: '2023-01-03' },
  eval: { first: '2023-01-04', last: '2023-01-04' },
  test: { first: '2023-01-05', last: '2023-01-05' },
};

// user 0: 3 impressions on the 3rd (one of them recorded twice with the same label, one twice with
// conflicting labels), user 1: 2 on the 4th, user 2 and 3: one each on the 5th; post 0 is shown to
// user 0 twice at different times (a re-shown pair, not a duplicate).
const LOG = [
  event(0, 0, '2023-01-03 08:00:00+00:00', true),
  event(0, 0, '2023-01-03 08:00:00+00:00', true), // duplicate, same label
  event(0, 1, '2023-01-03 09:30:00+00:00', false),
  event(0, 1, '2023-01-03 09:30:00+00:00', true), // duplicate, conflicting label
  event(0, 0, '2023-01-03 20:00:00+00:00', false), // re-shown later: not a duplicate
  event(1, 2, '2023-01-04 10:00:00+00:00', true),
  event(1, 3, '2023-01-04 11:00:00+00:00', false),
  event(2, 3, '2023-01-05 12:00:00+00:00', false),
  event(3, 4, '2023-01-05 13:00:00+00:00', false, { platform: null }),
];

describe('explore analysis', () => {
  it('finds duplicates, the conflicting labels among them, and re-shown pairs apart', () => {
    const d = findDuplicates(table(LOG));
    expect(d).toMatchObject({
      source: 'raw',
      rows: 9,
      keys: 7,
      duplicateRows: 2,
      duplicatedKeys: 2,
      copies: [{ copies: 2, keys: 2 }],
      conflictingKeys: 1,
      conflictingRows: 2,
    });
    expect(d.conflictExamples).toEqual([
      {
        trackableId: id(2, 1),
        userId: id(1, 0),
        time: '2023-01-03 09:30:00.000000+00:00',
        copies: 2,
        opened: 1,
      },
    ]);
  });

  it('profiles each column: nulls, distinct, range, top values', () => {
    const profile = Object.fromEntries(profileColumns(table(LOG)).map((p) => [p.name, p]));
    expect(profile.platform).toMatchObject({ kind: 'category', nulls: 1, distinct: 2 });
    expect(profile.platform.top).toEqual([
      { value: 'ios', count: 7 },
      { value: 'android', count: 1 },
    ]);
    expect(profile.user_followings_count).toMatchObject({
      kind: 'int',
      nulls: 0,
      distinct: 4,
      min: '0',
      max: '3',
    });
    expect(profile.has_been_opened.top).toEqual([
      { value: '0', count: 5 },
      { value: '1', count: 4 },
    ]);
    expect(profile.author_age).toMatchObject({ kind: 'float', nulls: 9, distinct: 0 });
    expect(profile.tracker_created_at).toMatchObject({
      kind: 'timestamp',
      min: '2023-01-03 08:00:00',
      max: '2023-01-05 13:00:00',
    });
    expect(profile.user_children_age_month.kind).toBe('intList (by length)');
  });

  it('de-duplicates first, then rates segments with intervals, tails and days by split period', () => {
    const x = explore(table(LOG), SPLIT, null);
    expect(x.rows).toBe(7);
    expect(x.opens).toBe(3); // a key logged with both labels is kept once, as opened (deduplicate)
    expect(x.duplicates).toMatchObject({ duplicateRows: 2, reshownPairs: 1, reshownImpressions: 2 });
    const stage = x.segments.filter((s) => s.segment === 'maternity stage');
    expect(stage.map((s) => [s.value, s.impressions, s.opens])).toEqual([
      ['mom', 4, 2],
      ['pregnant', 3, 1],
    ]);
    for (const s of x.segments) {
      expect(s.low).toBeLessThanOrEqual(s.rate);
      expect(s.high).toBeGreaterThanOrEqual(s.rate);
    }
    expect(x.segments.find((s) => s.segment === 'platform' && s.value === 'unknown')?.impressions).toBe(1);
    expect(x.segments.filter((s) => s.segment === 'post age').map((s) => s.value)).toEqual([
      '< 1 h',
      '3-6 h',
      '6-12 h',
      '12-24 h',
    ]);
    expect(x.segments.filter((s) => s.segment === 'hour of day (UTC)').map((s) => s.value)).toContain('08');
    const pairs = x.stagePairs.map((p) => `${p.segment}/${p.value}:${p.impressions}`);
    expect(pairs).toEqual([
      'viewer mom/mom:2',
      'viewer mom/pregnant:2',
      'viewer pregnant/mom:2',
      'viewer pregnant/pregnant:1',
    ]);
    const [users, posts] = x.tails;
    expect(users).toMatchObject({ entity: 'user', entities: 4, impressions: 7, max: 3, once: 0.5 });
    expect(users.distribution).toEqual([
      { impressions: 1, entities: 2 },
      { impressions: 2, entities: 1 },
      { impressions: 3, entities: 1 },
    ]);
    expect(posts).toMatchObject({ entity: 'post', entities: 5, max: 2 });
    expect(x.days.map((d) => [d.day, d.period, d.impressions, d.opens, d.users])).toEqual([
      ['2023-01-03', 'train', 3, 2, 1],
      ['2023-01-04', 'eval', 2, 1, 1],
      ['2023-01-05', 'test', 2, 0, 2],
    ]);
    expect(x.days[0].firstHour).toBe(8);
    expect(x.days[0].lastHour).toBe(20);
  });

  it('on the snapshot, takes the duplicates from the read report and says it cannot see conflicts', () => {
    const snapshot = table(LOG.filter((_, i) => i !== 1 && i !== 3));
    const x = explore(snapshot, SPLIT, 2);
    expect(x.duplicates).toMatchObject({ source: 'snapshot', rows: 9, duplicateRows: 2, keys: 7 });
  });
});
