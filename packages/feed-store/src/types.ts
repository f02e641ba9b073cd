/**
 * What a published feed is: per user, the top posts of one day with their scores and ranks, grouped in
 * immutable snapshots (one per publish run) that a per-day pointer makes current.
 */

/** One ranked post of a user's feed. */
export interface FeedItem {
  readonly rank: number;
  readonly trackable_id: string;
  readonly score: number;
}

/** A user's published top posts for one day. */
export interface UserFeed {
  readonly user_id: string;
  /** The instant she was ranked at (her first impression of the day), `YYYY-MM-DD HH:MM:SS.ffffff+00:00`. */
  readonly candidate_time: string;
  /** How many candidates were ranked. */
  readonly candidates: number;
  readonly items: readonly FeedItem[];
}

/** Describes a snapshot before it is published. */
export interface SnapshotMeta {
  /** The feed day, YYYY-MM-DD. */
  readonly date: string;
  readonly model: { readonly name: string; readonly version: string };
  /** When the ranking was computed (ISO 8601). */
  readonly generated_at: string;
}

/** A published snapshot. */
export interface SnapshotInfo extends SnapshotMeta {
  /** Publication sequence number, increasing per store. */
  readonly id: number;
  readonly users: number;
  /** When the pointer was swapped to it (ISO 8601). */
  readonly published_at: string;
}

/** A snapshot as listed by `snapshots()`: retained, and whether its day's pointer designates it. */
export interface ListedSnapshot extends SnapshotInfo {
  readonly current: boolean;
}

/**
 * The answer to a feed lookup. `snapshot` is null when no snapshot serves the day; `body` is null when
 * the snapshot has no feed for the user, else the JSON text of `{candidate_time, candidates, items}`
 * rendered from the stored value without building objects (the service frames and sends it as text),
 * and `items` its number of items.
 */
export type FeedLookup =
  | { readonly snapshot: null; readonly body: null }
  | { readonly snapshot: SnapshotInfo; readonly body: null }
  | { readonly snapshot: SnapshotInfo; readonly body: string; readonly items: number };

export interface PublishOptions {
  /** Snapshots kept after this publish, newest first (this one included); older ones are deleted. */
  readonly retention: number;
}

/** The result of a commit. */
export interface PublishResult {
  readonly snapshot: SnapshotInfo;
  /** Ids of the snapshots deleted by retention. */
  readonly pruned: number[];
}

/**
 * One publish run in progress. Nothing written is visible to readers before `commit`, which makes the
 * new snapshot current for its day in one atomic step; `abort` (or a failure) leaves the store as it was.
 */
export interface SnapshotWriter {
  write(feeds: readonly UserFeed[]): Promise<void>;
  commit(): Promise<PublishResult>;
  abort(): Promise<void>;
}

/** A feed store: SQLite (`sqlite:<path>`) or Redis (`redis://host:port/db`). */
export interface FeedStore {
  /** The store's URL without credentials, for logs and /readyz. */
  readonly description: string;
  readonly kind: 'sqlite' | 'redis';
  /** Starts a publish run for `meta.date`. Only one run at a time per store. */
  begin(meta: SnapshotMeta, options: PublishOptions): Promise<SnapshotWriter>;
  /** The user's feed in the current snapshot of `date` (default: the latest day that has one). */
  getFeed(userId: string, date?: string): Promise<FeedLookup>;
  /** Retained snapshots, newest first. */
  snapshots(): Promise<ListedSnapshot[]>;
  /** Resolves when the store answers (for readiness checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
