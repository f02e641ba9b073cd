/**
 * The few constants that size the simulated app and its logged sample, set once against the real
 * sample's published facts (DESIGN section 4) at the reference size: 100,000 rows over 31 days. Every
 * other size scales the app (members, posts per day) with the rows per day, never the days.
 */
import { MICROS_PER_HOUR, MICROS_PER_MINUTE } from '@wemoms/data-schema';

export const REFERENCE_ROWS = 100_000;
export const REFERENCE_DAYS = 31;
/** Members (potential viewers and authors) at the reference rows per day. */
export const MEMBERS_AT_REFERENCE = 165_000;
/** Posts created per day at the reference rows per day. */
export const POSTS_PER_DAY_AT_REFERENCE = 2_900;
/** Mean extra planned impressions of a post of average appeal (on top of the first). */
export const EXTRA_QUOTA_MEAN = 0.16;
/** How strongly appeal raises a post's planned exposure (the old feed followed popularity). */
export const QUOTA_APPEAL_SLOPE = 0.7;
/** Share of viral posts whose exposure reaches the real tail (tens of impressions). */
export const VIRAL_SHARE = 0.0015;
/** Share of log lines that are exact duplicates of the previous line (export artefact). */
export const DUPLICATE_SHARE = 0.004;
/** Mean extra impressions per feed session beyond the first. */
export const SESSION_EXTRA_MEAN = 1.5;
/** Most impressions in one session (keeps a session well inside its day). */
export const SESSION_MAX = 20;
/** Sessions start at least this long before the end of their day. */
export const SESSION_SPAN_MICROS = 15 * MICROS_PER_MINUTE;
/** Chance that a session shows again a post the viewer saw in a session of the last 48 hours. */
export const RESHOW_CHANCE = 0.25;
export const RESHOW_WINDOW_MICROS = 48 * MICROS_PER_HOUR;
/** The log starts this long after midnight of its first day and ends this long after midnight of its last. */
export const LOG_FIRST_DAY_OFFSET_MICROS = 13 * MICROS_PER_HOUR + 7 * MICROS_PER_MINUTE;
export const LOG_LAST_DAY_END_MICROS = 11 * MICROS_PER_HOUR + 46 * MICROS_PER_MINUTE;
/** Days of posts created before the log starts, so its first days have a realistic backlog. */
export const PREFILL_DAYS = 7;
