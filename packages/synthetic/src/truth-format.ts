/**
 * On-disk layout of the synthetic ground truth (shared by the writer and the loader).
 *
 * Materialising "every post of d-1 for every user active on d" costs ~120 million (user, post) pairs
 * at the default size (~245 MB as uint16, and minutes to compute). Instead the truth saves the state
 * the click model reads, and the loader evaluates the model on demand, exactly as the generator did:
 *
 * DIR/index.json  TruthIndexFile: options (the seed rebuilds every member's traits and every id), the
 *                 viewers' member indices, the `userDay` and `event` groups of every day (viewer, time).
 *                 No id strings: ids are pure functions of (seed, index) (members.ts uuidFromKey), and at
 *                 10M rows the ~10M post ids alone would make the JSON text longer than a V8 string can be.
 * DIR/posts.bin   one POST_RECORD_BYTES record per post ever created, by creation order (post index):
 *                 float64 creation (UTC micros), float32 appeal, float32 author amenorrhea week (NaN),
 *                 int16 author departement (-1 none), uint8 media flags, uint8 author stage,
 *                 uint8 author children count, uint8 pad, 4 x int16 author children ages (months).
 * DIR/shown.bin   one SHOWN_RECORD_BYTES record per line of the generated log, in file order: float64
 *                 impression time, uint32 viewer ref, uint32 post index, float32 true p, uint8 opened,
 *                 3 pad bytes. All little-endian.
 */

export const TRUTH_FORMAT = 'wemoms-synthetic-truth';
export const TRUTH_VERSION = 3;
export const TRUTH_INDEX_FILE = 'index.json';
export const POSTS_FILE = 'posts.bin';
export const SHOWN_FILE = 'shown.bin';
export const POST_RECORD_BYTES = 32;
export const SHOWN_RECORD_BYTES = 24;

/** Groups of one kind on one day: viewer refs and candidate times (UTC micros). */
export interface TruthGroups {
  readonly users: number[];
  readonly times: number[];
}

export interface TruthDayEntry {
  /** Day of the groups (d), YYYY-MM-DD. */
  readonly day: string;
  /** Creation day of the candidate posts (d-1). */
  readonly candidatesDay: string;
  /** Post indices of the candidates: [firstPost, firstPost + posts). */
  readonly firstPost: number;
  readonly posts: number;
  /** One group per viewer active on d, at her first impression of d. */
  readonly userDay: TruthGroups;
  /** One group per opened impression on d of a post created on d-1, at its time. */
  readonly events: TruthGroups;
}

/** A loaded truth index: the file's fields plus the ids derived from the seed. */
export interface TruthIndex extends TruthIndexFile {
  /** Viewer ids; a viewer ref indexes them and viewerMembers. */
  readonly viewers: string[];
  /** Post ids by post index. */
  readonly postIds: string[];
}

/** index.json as written. */
export interface TruthIndexFile {
  readonly format: typeof TRUTH_FORMAT;
  readonly version: number;
  /** The options that produced the log, and the app size they implied. */
  readonly generator: {
    readonly rows: number;
    readonly seed: number;
    readonly start: string;
    readonly days: number;
    readonly members: number;
  };
  /** Member index of each viewer ref. */
  readonly viewerMembers: number[];
  readonly posts: { readonly file: string; readonly records: number; readonly recordBytes: number };
  readonly days: TruthDayEntry[];
  readonly shown: { readonly file: string; readonly records: number; readonly recordBytes: number };
}
