/**
 * The constants feature definitions share with the TypeScript kernels: one home, so the kernels and the
 * SQL compiled from the definitions cannot drift apart.
 */
import { MICROS_PER_DAY } from '@wemoms/data-schema';

/** The trailing windows of every window category (DESIGN section 5). */
export const WINDOWS = [
  { label: '1d', micros: MICROS_PER_DAY },
  { label: '7d', micros: 7 * MICROS_PER_DAY },
  { label: '28d', micros: 28 * MICROS_PER_DAY },
] as const;

/**
 * Pseudo-views of the open-rate prior: rate = (opens + PRIOR_VIEWS * m) / (views + PRIOR_VIEWS), with m the
 * open rate of all impressions in the same window (itself leak-free). A post or user with 2 views then
 * stays near the base rate instead of jumping to 0 or 1. A round default, not fitted to any data.
 */
export const PRIOR_VIEWS = 10;

/** Mean Gregorian year in days: ages in years advance by elapsed days / DAYS_PER_YEAR. */
export const DAYS_PER_YEAR = 365.2425;

/** Mean Gregorian month, to advance ages in months by elapsed days. */
export const DAYS_PER_MONTH = DAYS_PER_YEAR / 12;

/** The taste windows (the 7d and 28d of WINDOWS), with their search-hint slots in the kernels. */
export const TASTE_WINDOWS = [
  { label: '7d', micros: 7 * MICROS_PER_DAY, slot: 2 },
  { label: '28d', micros: 28 * MICROS_PER_DAY, slot: 3 },
] as const;

/**
 * Hours added to the age a post-quality rate divides by: a post counted minutes after publication would
 * otherwise get an absurd rate from its first like. One hour, a round figure, not fitted.
 */
export const VELOCITY_AGE_OFFSET_HOURS = 1;

/** The user's raw counters, copied as observed (not a function of time alone, so never advanced to t). */
export const USER_COUNTERS = [
  'user_followings_count',
  'user_posts_count',
  'user_received_comments_count',
  'user_pictures_count',
  'user_likes_count',
  'user_children_count',
] as const;
