/**
 * The raw WeMoms impression-log schema (DESIGN section 4): the one source of truth from which the
 * TypeScript types, the JSON Schema export, validation and the columnar layout are all derived.
 */

/**
 * How a raw JSON value is validated and stored in a column:
 * - `id`: uuid-like string, dictionary-encoded (Int32 codes).
 * - `category`: short string (country, platform, department...), dictionary-encoded; null allowed when nullable.
 * - `timestamp`: `YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM|Z]` string, stored as UTC epoch **microseconds**
 *   in a Float64Array (exact: every integer below 2^53 µs, i.e. until year 2255); null -> NaN.
 * - `bool`: JSON boolean, stored 0/1 in a Uint8Array.
 * - `int`: JSON integer, Int32Array (never null).
 * - `float`: JSON number or null, Float64Array (null -> NaN).
 * - `intList`: JSON array of integers, stored as offsets (Int32Array, length n+1) + values (Int32Array).
 */
export type ColumnKind = 'id' | 'category' | 'timestamp' | 'bool' | 'int' | 'float' | 'intList';

export interface ColumnSpec {
  readonly kind: ColumnKind;
  /** null is a valid value. */
  readonly nullable: boolean;
  /** false for documented columns that real files may omit entirely (they then read as all-null). */
  readonly required: boolean;
  readonly description: string;
  /** Smallest valid value (int columns: counts and durations are >= 0); smaller is `out_of_range`. */
  readonly minimum?: number;
}

// Generic so that each entry keeps its literal kind / nullable / required: RawColumns and RawEventJson
// are derived from them (with a plain ColumnSpec return type every column would type as the union).
const col = <K extends ColumnKind, Nn extends boolean = false, Rq extends boolean = true>(
  kind: K,
  description: string,
  // Optional without initialisers: an initialiser would widen Nn / Rq to boolean when omitted.
  nullable?: Nn,
  required?: Rq,
): {
  readonly kind: K;
  // NoInfer: the `satisfies` context (boolean) must not drive inference, the omitted argument must.
  readonly nullable: NoInfer<Nn>;
  readonly required: NoInfer<Rq>;
  readonly description: string;
} => ({
  kind,
  nullable: (nullable ?? false) as Nn,
  required: (required ?? true) as Rq,
  description,
});

/** An int column that counts something or measures a duration: never negative. */
const count = (description: string) => ({ ...col('int', description), minimum: 0 as const });

/** Every documented column of the raw log, in the file's order. */
export const RAW_SCHEMA = {
  trackable_id: col('id', 'post id'),
  user_id: col('id', 'viewer id'),
  tracker_created_at: col('timestamp', 'impression time'),
  has_been_opened: col('bool', 'the label: the viewer opened the post'),
  user_is_mom: col('bool', 'viewer is a mother'),
  user_is_pregnant: col('bool', 'viewer is pregnant'),
  user_is_trying: col('bool', 'viewer is trying to conceive'),
  user_country_code: col('category', 'viewer country code', true),
  days_since_user_account_creation: count('days since the viewer created her account'),
  user_pregnancy_current_day: col('float', 'pregnancy day, null unless pregnant', true),
  user_pregnancy_current_week: col('float', 'pregnancy week, null unless pregnant', true),
  user_pregnancy_current_month: col('float', 'pregnancy month, null unless pregnant', true),
  user_pregnancy_current_trimester: col('float', 'pregnancy trimester, null unless pregnant', true),
  platform: col('category', 'ios or android', true),
  user_created_at: col('timestamp', 'viewer account creation time', true),
  user_followings_count: count('viewer followings'),
  user_posts_count: count('viewer posts'),
  user_received_comments_count: count('comments the viewer received'),
  user_pictures_count: count('viewer pictures'),
  user_likes_count: count('viewer likes'),
  user_children_count: count('viewer children'),
  user_children_age_month: col('intList', 'ages of the viewer children in months'),
  user_department: col('category', 'viewer French departement', true),
  user_age: col('float', 'viewer age in years (documented, often absent)', true, false),
  user_is_trying_since_days: col(
    'float',
    'days since the viewer started trying (documented, often absent)',
    true,
    false,
  ),
  post_age_in_minutes: count('minutes from post creation to the impression'),
  author_maternity_stage: col('category', 'mom / pregnant / trying', true),
  author_children_count: count('author children'),
  author_children_age_month: col('intList', 'ages of the author children in months'),
  author_children_age_year: col('intList', 'ages of the author children in years'),
  author_amenorrhea_week: col('float', 'author amenorrhea week, pregnant authors only', true),
  author_department: col('category', 'author French departement', true),
  author_age: col('float', 'author age in years', true),
  post_comments_count: count('post comments at impression time'),
  post_likes_count: count('post likes at impression time'),
  survey_answers_count: count('survey answers at impression time'),
  has_picture: col('bool', 'post has a picture'),
  has_text: col('bool', 'post has text'),
  has_video: col('bool', 'post has a video'),
  direct_reports_count: count('reports of the post (always 0 in the real sample)'),
  first_comment_at: col('timestamp', 'time of the first comment', true),
} as const satisfies Record<string, ColumnSpec>;

export type RawColumnName = keyof typeof RAW_SCHEMA;
export const RAW_COLUMN_NAMES = Object.keys(RAW_SCHEMA) as RawColumnName[];

/** The columns that identify an impression; rows are de-duplicated on them. */
export const DEDUP_KEY = ['trackable_id', 'user_id', 'tracker_created_at'] as const;

type JsonValueOf<K extends ColumnKind> = K extends 'id' | 'category' | 'timestamp'
  ? string
  : K extends 'bool'
    ? boolean
    : K extends 'int' | 'float'
      ? number
      : number[];

type Spec<N extends RawColumnName> = (typeof RAW_SCHEMA)[N];
type JsonCell<N extends RawColumnName> =
  | JsonValueOf<Spec<N>['kind']>
  | (Spec<N>['nullable'] extends true ? null : never);

/** One raw log line as JSON, derived from RAW_SCHEMA. */
export type RawEventJson = {
  [N in RawColumnName as Spec<N>['required'] extends true ? N : never]: JsonCell<N>;
} & {
  [N in RawColumnName as Spec<N>['required'] extends true ? never : N]?: JsonCell<N>;
};

/** Storage of one column kind in a columnar batch or log. */
export interface DictionaryColumn {
  /** Code per row; -1 is null. */
  readonly codes: Int32Array;
  /** code -> string. Shared by all batches of one read, so codes are comparable across batches. */
  readonly dictionary: string[];
}
export interface IntListColumn {
  /** Row i's values are values[offsets[i] .. offsets[i+1]). */
  readonly offsets: Int32Array;
  readonly values: Int32Array;
}
type StorageOf<K extends ColumnKind> = K extends 'id' | 'category'
  ? DictionaryColumn
  : K extends 'timestamp' | 'float'
    ? Float64Array
    : K extends 'bool'
      ? Uint8Array
      : K extends 'int'
        ? Int32Array
        : IntListColumn;

/** Columnar storage of every raw column, derived from RAW_SCHEMA. */
export type RawColumns = { [N in RawColumnName]: StorageOf<Spec<N>['kind']> };

/**
 * A columnar slice of the raw log (one batch of a streaming read, or the whole concatenated log).
 * Optional columns absent from the file are present here, all null.
 */
export interface RawTable {
  readonly length: number;
  readonly columns: RawColumns;
}
