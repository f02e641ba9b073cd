/**
 * The demo's data contract: what `scripts/export-demo.ts` writes under `public/data/` and what the browser
 * app reads. One file per concept, all relative to the data directory:
 *
 * ```
 * manifest.json            DemoManifest (written last: its presence means the export is complete)
 * users.json               DemoUser[] (the sampled users active on the day, with profile and opens)
 * posts.parquet            one row per candidate post: trackable_id + the author fields the what-if needs
 * candidates/<i>.parquet   user i's candidate feature columns (trackable_id + every model input)
 * model/                   model.json weights.bin preprocessing.json history.json (copied from models/<name>)
 * metrics.json             reports/metrics.json of the pipeline run (optional)
 * ```
 */

export const DEMO_FORMAT_VERSION = 1;

export const MANIFEST_FILE = 'manifest.json';
export const USERS_FILE = 'users.json';
export const POSTS_FILE = 'posts.parquet';
export const CANDIDATES_DIR = 'candidates';
export const MODEL_DIR = 'model';
export const METRICS_FILE = 'metrics.json';
export const HISTORY_FILE = 'history.json';

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
  /** Candidate posts per user (every user of a day has the same candidate set). */
  readonly candidates: number;
  readonly users: number;
  /** Users active on the day, before sampling. */
  readonly activeUsers: number;
  readonly hasMetrics: boolean;
  readonly hasHistory: boolean;
}

/** The viewer profile fields the demo shows and the what-if controls edit. */
export interface DemoProfile {
  readonly isMom: boolean;
  readonly isPregnant: boolean;
  readonly isTrying: boolean;
  readonly pregnancyWeek: number | null;
  readonly childrenCount: number;
  readonly childrenAgeMonths: readonly number[];
  readonly department: string | null;
  readonly country: string | null;
  readonly platform: string | null;
  readonly daysSinceAccountCreation: number;
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
