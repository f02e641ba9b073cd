/**
 * On-disk layout of the synthetic ground truth (shared by the writer and the loader).
 *
 * DIR/index.json   TruthIndex (below): ids, per-day groups, file names.
 * DIR/day-YYYY-MM-DD.bin   for test day d: one row per `userDay` group then one per `event` group, each
 *                  row the true open probability of every post created on d-1 (ids ascending), as
 *                  uint16 little-endian, p = value / 65535.
 * DIR/shown.bin    one 20-byte record per line of the generated log, in file order: float64 impression
 *                  time (UTC micros), uint32 viewer ref, uint32 post ref, float32 true p (little-endian).
 */

export const TRUTH_FORMAT = 'wemoms-synthetic-truth';
export const TRUTH_VERSION = 1;
export const TRUTH_INDEX_FILE = 'index.json';
export const SHOWN_FILE = 'shown.bin';
export const SHOWN_RECORD_BYTES = 20;
/** uint16 quantisation of probabilities. */
export const PROBABILITY_SCALE = 65535;

/** Groups of one candidate table: viewer refs and candidate times (UTC micros), row order of the file. */
export interface TruthGroups {
  readonly users: number[];
  readonly times: number[];
}

export interface TruthDayEntry {
  /** Day of the groups (d), YYYY-MM-DD. */
  readonly day: string;
  /** Creation day of the candidate posts (d-1). */
  readonly candidatesDay: string;
  readonly file: string;
  /** Candidate posts (= ids of postDays[candidatesDay]). */
  readonly posts: number;
  /** One group per viewer active on d, at her first impression of d. Rows 0..userDay.users.length-1. */
  readonly userDay: TruthGroups;
  /** One group per opened impression on d of a post created on d-1, at its time. Rows after userDay. */
  readonly events: TruthGroups;
}

export interface TruthIndex {
  readonly format: typeof TRUTH_FORMAT;
  readonly version: number;
  /** The options that produced the log. */
  readonly generator: {
    readonly rows: number;
    readonly seed: number;
    readonly start: string;
    readonly days: number;
  };
  readonly probabilityEncoding: string;
  /** Viewer ids; a viewer ref is an index into this list. */
  readonly viewers: string[];
  /** Posts per creation day, ids ascending; a post ref counts through these lists in order. */
  readonly postDays: { readonly day: string; readonly ids: string[] }[];
  readonly days: TruthDayEntry[];
  readonly shown: { readonly file: string; readonly records: number; readonly recordBytes: number };
}
