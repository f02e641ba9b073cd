/** A tiny hand-built log whose groups are derived by hand in build-test-groups.test.ts (test-only). */
import { parseTimestampMicros } from '@wemoms/data-schema';
import type { TestEvent } from './table-from-events.js';

/** Creation times of the hand-built log's posts. Test day d = 2023-01-28, so d-1 = 2023-01-27. */
export const CREATED: Record<string, string> = {
  '0-z': '2023-01-27 09:00:00+00:00', // d-1, smallest id
  'p-a': '2023-01-27 10:00:00+00:00', // d-1
  'p-b': '2023-01-27 23:59:00+00:00', // d-1 at 23:59
  'p-c': '2023-01-28 00:00:30+00:00', // created on d: never a candidate of d
  'p-d': '2023-01-26 12:00:00+00:00', // d-2
  'p-e': '2023-01-27 08:00:00+00:00', // d-1, first seen only on d+1, after every candidate time
};

const ev = (user: string, time: string, post: string, opened: boolean): TestEvent => {
  const age = (parseTimestampMicros(time) - parseTimestampMicros(CREATED[post])) / 60e6;
  return {
    trackable_id: post,
    user_id: user,
    tracker_created_at: time,
    has_been_opened: opened,
    post_age_in_minutes: Math.floor(age),
  };
};

/** The hand-built log of the grouping tests (duplicate row included), see the comments per row. */
export const HAND_BUILT_LOG: TestEvent[] = [
  ev('u-1', '2023-01-28 07:00:00+00:00', 'p-d', false), // u-1's first impression of d (a d-2 post)
  ev('u-1', '2023-01-28 08:00:00+00:00', 'p-a', true), // two opens at one instant: one event group
  ev('u-1', '2023-01-28 08:00:00+00:00', 'p-b', true),
  ev('u-1', '2023-01-28 08:00:00+00:00', 'p-b', true), // exact duplicate row: must not double a positive
  ev('u-1', '2023-01-28 09:00:00+00:00', '0-z', false),
  ev('u-1', '2023-01-28 12:00:00+00:00', 'p-a', false), // shown again, not opened: still opened on d
  ev('u-2', '2023-01-28 06:00:00+00:00', 'p-c', true), // open of a post created on d: not a positive
  ev('u-2', '2023-01-28 11:00:00+00:00', 'p-b', true),
  ev('u-2', '2023-01-28 11:30:00+00:00', 'p-a', false),
  ev('u-3', '2023-01-28 05:00:00+00:00', 'p-a', false), // shown d-1 posts, opened none
  ev('u-3', '2023-01-28 05:01:00+00:00', 'p-b', false),
  ev('u-4', '2023-01-27 23:59:59.999999+00:00', 'p-a', true), // day d-1: not a test-day open
  ev('u-4', '2023-01-28 00:30:00+01:00', 'p-a', true), // 2023-01-27 23:30 UTC: day d-1 as well
  ev('u-4', '2023-01-28 00:00:00+00:00', 'p-b', true), // first instant of d
  ev('u-4', '2023-01-29 00:00:00+00:00', 'p-a', true), // d+1
  ev('a-5', '2023-01-28 08:00:00+00:00', 'p-a', true), // same instant as u-1, smaller user id
  ev('u-2', '2023-01-29 10:00:00+00:00', 'p-e', false), // p-e's only observation
];
