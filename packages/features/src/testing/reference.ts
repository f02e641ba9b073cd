/**
 * Brute-force O(n * q) restatements of the feature rules, written independently of the sweeps, for the
 * property tests. Deliberately naive: one scan of the whole log per query.
 */
import { MICROS_PER_HOUR, type RawTable } from '@wemoms/data-schema';

export type KeyOf = (log: RawTable, row: number, user: number, post: number) => boolean;

export const byPost: KeyOf = (log, r, _u, p) => log.columns.trackable_id.codes[r] === p;
export const byUser: KeyOf = (log, r, u) => log.columns.user_id.codes[r] === u;
export const byPair: KeyOf = (log, r, u, p) =>
  log.columns.user_id.codes[r] === u && log.columns.trackable_id.codes[r] === p;

export interface ReferenceWindow {
  views: number;
  opens: number;
  globalViews: number;
  globalOpens: number;
}

/** Events of the key (and of everyone) in [t - w, t). */
export function referenceWindow(
  log: RawTable,
  match: KeyOf,
  user: number,
  post: number,
  t: number,
  w: number,
): ReferenceWindow {
  const time = log.columns.tracker_created_at;
  const opened = log.columns.has_been_opened;
  const out = { views: 0, opens: 0, globalViews: 0, globalOpens: 0 };
  for (let r = 0; r < log.length; r++) {
    if (time[r] >= t - w && time[r] < t) {
      out.globalViews++;
      out.globalOpens += opened[r];
      if (match(log, r, user, post)) {
        out.views++;
        out.opens += opened[r];
      }
    }
  }
  return out;
}

/** Events of the key strictly before t, hours since its latest event and latest open (NaN if none). */
export function referenceHistory(
  log: RawTable,
  match: KeyOf,
  user: number,
  post: number,
  t: number,
): { before: number; hoursSinceView: number; hoursSinceOpen: number } {
  const time = log.columns.tracker_created_at;
  const opened = log.columns.has_been_opened;
  let before = 0;
  let last = Number.NaN;
  let lastOpen = Number.NaN;
  for (let r = 0; r < log.length; r++) {
    if (time[r] < t && match(log, r, user, post)) {
      before++;
      if (!(time[r] <= last)) last = time[r];
      if (opened[r] === 1 && !(time[r] <= lastOpen)) lastOpen = time[r];
    }
  }
  return {
    before,
    hoursSinceView: (t - last) / MICROS_PER_HOUR,
    hoursSinceOpen: (t - lastOpen) / MICROS_PER_HOUR,
  };
}

/**
 * The as-of row: the entity's latest observation strictly before t (ties: highest row index), else its
 * earliest observation (ties: lowest row index), else -1.
 */
export function referenceAsOfRow(log: RawTable, codes: Int32Array, key: number, t: number): number {
  const time = log.columns.tracker_created_at;
  let latest = -1;
  let earliest = -1;
  for (let r = 0; r < log.length; r++) {
    if (codes[r] !== key) continue;
    if (time[r] < t && (latest === -1 || time[r] >= time[latest])) latest = r;
    if (earliest === -1 || time[r] < time[earliest]) earliest = r;
  }
  return latest >= 0 ? latest : earliest;
}

/**
 * The row a post's counters come from: its latest observation strictly before t (ties: highest row
 * index), else -1. Never a later observation (issue 19).
 */
export function referenceCountsRow(log: RawTable, post: number, t: number): number {
  const time = log.columns.tracker_created_at;
  const codes = log.columns.trackable_id.codes;
  let latest = -1;
  for (let r = 0; r < log.length; r++) {
    if (codes[r] === post && time[r] < t && (latest === -1 || time[r] >= time[latest])) latest = r;
  }
  return latest;
}
