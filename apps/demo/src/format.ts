/**
 * The demo's data contract: what `scripts/export-demo.ts` writes under `public/data/` and what the browser
 * app reads. One file per concept, all relative to the data directory:
 *
 * ```
 * manifest.json            DemoManifest (written last: its presence means the export is complete), with
 *                          `layout`: which file holds each model input (see column-layout.ts)
 * users.json               DemoUser[] (the sampled users active on the day, with profile and opens)
 * posts.parquet            one row per candidate post (ascending id): trackable_id, tie_key, and the inputs
 *                          shared by every user (layout.shared: the post's media, its author...)
 * user-features.parquet    one row per user (row i = user i): the inputs constant across her candidates
 *                          (layout.constant: her profile, her activity)
 * authors.json             AuthorTable: the author fields of the log rows describing the candidates' authors
 * candidates/<i>.parquet   user i's candidates, in posts.parquet order: only the inputs that vary per user
 *                          and candidate (layout.perUser: post age and popularity as of her time, user x
 *                          post features; __author / __author_days, which AuthorTable entry and how many
 *                          days before her time, land wherever their values put them)
 * model/                   model.json weights.bin preprocessing.json history.json (copied from models/<name>;
 *                          history.json holds the training curves)
 * metrics.json             reports/metrics.json of the pipeline run: all test days (optional)
 * day-metrics.json         the same report restricted to the exported day (computed by the export)
 * ```
 */

import type { ColumnLayout } from './column-layout.js';

/** 2: inputs split by where they vary (layout), no trackable_id in candidate files. */
export const DEMO_FORMAT_VERSION = 2;

export const MANIFEST_FILE = 'manifest.json';
export const USERS_FILE = 'users.json';
export const POSTS_FILE = 'posts.parquet';
export const USER_FEATURES_FILE = 'user-features.parquet';
/** Parquet key-value metadata naming the export a file belongs to (its manifest's createdAt). */
export const EXPORT_ID_METADATA = 'wemoms.demo.export';
export const AUTHORS_FILE = 'authors.json';
export const CANDIDATES_DIR = 'candidates';
export const MODEL_DIR = 'model';
export const METRICS_FILE = 'metrics.json';
export const DAY_METRICS_FILE = 'day-metrics.json';
/** The model's training history (a copy of model/history.json's path inside the data directory). */
export const HISTORY_PATH = 'model/history.json';

/** The command that (re)creates the data directory, shown by the app when files are missing. */
export const EXPORT_COMMAND =
  'pnpm pipeline && pnpm --filter @wemoms/demo start -- --workdir . --date 2023-01-30';

/** A model input column as the featuriser declares it (mirrors @wemoms/features' FeatureSpec). */
export interface DemoFeatureSpec {
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
}

export interface DemoManifest {
  readonly version: typeof DEMO_FORMAT_VERSION;
  /** The ranked day d (`YYYY-MM-DD`): candidates are the posts created on d-1. */
  readonly date: string;
  readonly candidateDay: string;
  readonly createdAt: string;
  /** Where the export read from (for the page footer; never fetched). */
  readonly source: { readonly workdir: string; readonly modelDir: string };
  readonly featureSpecs: readonly DemoFeatureSpec[];
  /** Which file holds each model input (and the author columns). */
  readonly layout: ColumnLayout;
  /** Candidate posts per user (every user of a day has the same candidate set). */
  readonly candidates: number;
  readonly users: number;
  /** Users active on the day, before sampling. */
  readonly activeUsers: number;
  readonly hasMetrics: boolean;
  readonly hasDayMetrics: boolean;
  readonly hasHistory: boolean;
}

/** Candidate-file columns that are not model inputs (see CandidateAuthors in the app's what-if.ts). */
export const AUTHOR_ROW_COLUMN = '__author';
export const AUTHOR_DAYS_COLUMN = '__author_days';

/**
 * The author fields of the log rows the featuriser read for the candidates' authors (columnar JSON):
 * what the what-if controls need to recompute the user x post features.
 */
export interface AuthorTable {
  readonly stage: (string | null)[];
  readonly amenorrheaWeek: (number | null)[];
  readonly childrenAgeMonths: number[][];
  readonly department: (string | null)[];
}

/**
 * The viewer profile as the featuriser sees it at her candidate time (her as-of observation advanced to
 * that time: pregnancy week and children's ages are fractional), shown by the demo and edited by the
 * what-if controls.
 */
export interface DemoProfile {
  readonly isMom: boolean;
  readonly isPregnant: boolean;
  readonly isTrying: boolean;
  readonly pregnancyWeek: number | null;
  /** The profile's children counter (as observed; the age list may be shorter when ages are unknown). */
  readonly childrenCount: number;
  readonly childrenAgeMonths: readonly number[];
  readonly department: string | null;
  readonly country: string | null;
  readonly platform: string | null;
  readonly accountAgeDays: number;
}

export interface DemoUser {
  readonly userId: string;
  /** Index i of `candidates/<i>.parquet`. */
  readonly file: number;
  /** As-of time of her features: her first impression on the day, UTC µs and formatted. */
  readonly candidateTimeMicros: number;
  readonly candidateTime: string;
  readonly profile: DemoProfile;
  /** Candidate posts (created on d-1) she opened on day d. */
  readonly opened: readonly string[];
}

/** Path of user `file`'s candidate features inside the data directory. */
export function candidatesPath(file: number): string {
  return `${CANDIDATES_DIR}/${file}.parquet`;
}
