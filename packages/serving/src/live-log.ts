/**
 * The log online ranking reads: the loaded snapshot plus the events received since, as an append-only
 * overlay. Ingesting validates and stores events at once (cheap); the features see them when the next
 * view is built: a copy-on-write rebuild (snapshot rows + every event so far -> post catalog -> feature
 * context, indexes warmed) at most `refreshIntervalMs` after the first pending event, then swapped in
 * one assignment. Requests in flight keep the view they started with; nothing is ever mutated under them.
 *
 * Freshness vs latency: an event reaches the features within refreshIntervalMs + one rebuild. A rebuild
 * is O(log rows) and runs on the event loop (measured by the serve bench), so a shorter interval buys
 * freshness with more event-loop time spent rebuilding while events flow; with no events nothing is
 * rebuilt, and the view is the very snapshot `wemoms rank` reads (identical rankings).
 */
import {
  describeIssue,
  parseTimestampMicros,
  type RawTable,
  RawTableBuilder,
  type RowIssue,
  validateRawEvent,
} from '@wemoms/data-schema';
import { buildPostCatalog } from '@wemoms/dataset';
import { CATEGORY_NAMES, createFeatureContext, type FeatureContext, featurize } from '@wemoms/features';
import { appendRawTables } from './append-rows.js';
import type { LogView } from './engine.js';

/** A view of the live log: what one online request ranks against. */
export interface LiveView extends LogView {
  /** Increases with every rebuild (0: the snapshot alone). */
  readonly version: number;
  /** Events included. */
  readonly events: number;
  readonly builtAt: Date;
  /** Seconds the rebuild took (0 for the snapshot). */
  readonly rebuildSeconds: number;
  userCode(userId: string): number;
  postCode(postId: string): number;
}

/** A rejected event: its position in the request and the reader's description of the problem. */
export class EventError extends Error {
  readonly index: number;
  readonly field: string | null;
  constructor(index: number, issue: RowIssue, message: string) {
    super(`events[${index}]: ${message}`);
    this.name = 'EventError';
    this.index = index;
    this.field = issue.column;
  }
}

export interface IngestResult {
  accepted: number;
  /** Events already in the snapshot or received before (same post, user and time): ignored. */
  duplicates: number;
  opens: number;
}

export interface LiveLogOptions {
  readonly refreshIntervalMs: number;
  /** Called after each rebuild (metrics). */
  readonly onRebuild?: (view: LiveView) => void;
  /** Called when a rebuild fails (the previous view stays). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Builds the featuriser's lazy per-key indexes of `features` now (one throwaway query through every
 * category), so the first request ranked against a new log does not pay for them.
 */
export function warmFeatureIndexes(
  features: FeatureContext,
  categories: readonly string[] = CATEGORY_NAMES,
): void {
  if (features.log.length === 0) return;
  featurize(
    features,
    { length: 1, user: Int32Array.of(0), post: Int32Array.of(0), time: Float64Array.of(0) },
    categories,
  );
}

function codeLookup(dictionary: readonly string[]): (id: string) => number {
  let index: Map<string, number> | null = null;
  return (id) => {
    if (index === null) {
      index = new Map();
      for (let c = 0; c < dictionary.length; c++) index.set(dictionary[c], c);
    }
    return index.get(id) ?? -1;
  };
}

function makeView(source: LogView, version: number, events: number, rebuildSeconds: number): LiveView {
  return {
    log: source.log,
    catalog: source.catalog,
    features: source.features,
    version,
    events,
    builtAt: new Date(),
    rebuildSeconds,
    userCode: codeLookup(source.log.columns.user_id.dictionary),
    postCode: codeLookup(source.log.columns.trackable_id.dictionary),
  };
}

/** Rows of each user in `log` (CSR), for duplicate checks against the snapshot. */
function rowsByUser(log: RawTable): { offsets: Int32Array; rows: Int32Array } {
  const users = log.columns.user_id.codes;
  const offsets = new Int32Array(log.columns.user_id.dictionary.length + 1);
  for (let r = 0; r < log.length; r++) offsets[users[r] + 1]++;
  for (let u = 0; u < offsets.length - 1; u++) offsets[u + 1] += offsets[u];
  const fill = offsets.slice(0, -1);
  const rows = new Int32Array(log.length);
  for (let r = 0; r < log.length; r++) rows[fill[users[r]]++] = r;
  return { offsets, rows };
}

export class LiveLog {
  private current: LiveView;
  private readonly base: LogView;
  private readonly builder = new RawTableBuilder(1024);
  /** Event rows taken from the builder at each rebuild (its dictionaries are shared by all of them). */
  private readonly batches: RawTable[] = [];
  private readonly received = new Set<string>();
  /** Every accepted event as received, to replay onto a reloaded snapshot. */
  private readonly accepted: unknown[] = [];
  private baseRows: { offsets: Int32Array; rows: Int32Array } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private rebuilding: Promise<void> | null = null;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(
    base: LogView,
    private readonly options: LiveLogOptions,
  ) {
    this.base = base;
    this.current = makeView(base, 0, 0, 0);
  }

  /** The view requests rank against now. */
  get view(): LiveView {
    return this.current;
  }

  /** Events accepted and not yet in the view. */
  get pending(): number {
    return this.accepted.length - this.current.events;
  }

  /** Every event accepted so far (for a reload's replay). */
  get events(): readonly unknown[] {
    return this.accepted;
  }

  /**
   * Validates `events` as raw log rows (all or nothing: one bad event rejects the request, naming it),
   * then stores those not seen before and schedules a rebuild.
   */
  ingest(events: readonly unknown[]): IngestResult {
    for (let i = 0; i < events.length; i++) {
      const { issue } = validateRawEvent(events[i]);
      if (issue !== null) throw new EventError(i, issue, describeIssue(issue));
    }
    let accepted = 0;
    let duplicates = 0;
    let opens = 0;
    for (const event of events) {
      const row = event as {
        trackable_id: string;
        user_id: string;
        tracker_created_at: string;
        has_been_opened: boolean;
      };
      const time = parseTimestampMicros(row.tracker_created_at);
      const key = `${row.trackable_id}\u0001${row.user_id}\u0001${time}`;
      if (this.received.has(key) || this.inBase(row.user_id, row.trackable_id, time)) {
        duplicates++;
        continue;
      }
      const issue = this.builder.appendRow(event);
      if (issue !== null) throw new EventError(0, issue, describeIssue(issue));
      this.received.add(key);
      this.accepted.push(event);
      accepted++;
      if (row.has_been_opened) opens++;
    }
    if (accepted > 0) this.schedule();
    return { accepted, duplicates, opens };
  }

  private inBase(userId: string, postId: string, time: number): boolean {
    const base = this.base.log;
    const u = this.current.userCode(userId);
    if (u < 0 || u >= base.columns.user_id.dictionary.length) return false;
    this.baseRows ??= rowsByUser(base);
    const { offsets, rows } = this.baseRows;
    const posts = base.columns.trackable_id;
    const times = base.columns.tracker_created_at;
    for (let k = offsets[u]; k < offsets[u + 1]; k++) {
      const r = rows[k];
      if (times[r] === time && posts.dictionary[posts.codes[r]] === postId) return true;
    }
    return false;
  }

  private schedule(delayMs = this.options.refreshIntervalMs): void {
    if (this.timer !== null || this.rebuilding !== null || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.rebuilding = this.rebuild().finally(() => {
        this.rebuilding = null;
        // Events that arrived during the rebuild wait for the next one.
        if (this.pending > 0) this.schedule(this.waiters.length > 0 ? 0 : undefined);
        else this.wake();
      });
    }, delayMs);
  }

  /**
   * Builds the next view from the snapshot and every event accepted so far, and swaps it in. Each step
   * (merge, catalog, feature context, each category's indexes) runs in its own macrotask, so requests
   * are served between steps: the event loop stalls for the longest step, not for the whole rebuild.
   */
  private async rebuild(): Promise<void> {
    if (this.pending === 0) return;
    const started = performance.now();
    const events = this.accepted.length;
    const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));
    try {
      if (this.builder.length > 0) this.batches.push(this.builder.takeBatch(true));
      const log = appendRawTables([this.base.log, ...this.batches]);
      await yieldToRequests();
      const catalog = buildPostCatalog(log);
      await yieldToRequests();
      const features = createFeatureContext(log, { postCreationMicros: catalog.creationMicros });
      for (const name of CATEGORY_NAMES) {
        await yieldToRequests();
        warmFeatureIndexes(features, [name]);
      }
      if (this.closed) return;
      const view = makeView({ log, catalog, features }, this.current.version + 1, events, 0);
      this.current = { ...view, rebuildSeconds: (performance.now() - started) / 1000 };
      this.options.onRebuild?.(this.current);
    } catch (error) {
      this.options.onError?.(error);
      // Nothing would retry a failed rebuild: release the waiters with the previous view.
      this.wake();
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves once every event accepted so far is in the view (rebuilding now if needed). */
  async fresh(): Promise<LiveView> {
    if (this.pending > 0 && !this.closed) {
      const done = new Promise<void>((resolve) => this.waiters.push(resolve));
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
      this.schedule(0);
      await done;
    }
    return this.current;
  }

  /** Stops scheduled rebuilds (pending waiters are released). */
  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.wake();
  }
}
