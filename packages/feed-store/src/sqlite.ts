/**
 * The SQLite feed store (better-sqlite3, WAL). Each snapshot is its own table `feed_<id>` (user_id ->
 * stored feed, format 2 of encode.ts, a BLOB; tables of older versions hold format-1 JSON TEXT and still
 * read; a rowid table: WITHOUT ROWID was slower to fill); `current(date -> snapshot id)` is the pointer. A publish run is one
 * write transaction: create the table, insert every feed, insert the snapshot row, swap the pointer,
 * drop what retention removes, commit. WAL readers see the state before or after that commit, never a
 * part of it, and a failure rolls all of it back. A lookup reads the pointer and the feed in one read
 * transaction, so it never pairs a pointer with a table dropped in between.
 */

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { encodeFeeds, storedFeedJson } from './encode.js';
import { checkPublishOptions, prunedIds } from './retention.js';
import type {
  FeedLookup,
  FeedStore,
  ListedSnapshot,
  PublishOptions,
  PublishResult,
  SnapshotInfo,
  SnapshotMeta,
  SnapshotWriter,
  UserFeed,
} from './types.js';

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement;

interface SnapshotRow {
  id: number;
  date: string;
  model_name: string;
  model_version: string;
  generated_at: string;
  published_at: string;
  users: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS snapshots (
  id INTEGER PRIMARY KEY,
  date TEXT NOT NULL,
  model_name TEXT NOT NULL,
  model_version TEXT NOT NULL,
  generated_at TEXT NOT NULL,
  published_at TEXT NOT NULL,
  users INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS current (date TEXT PRIMARY KEY, snapshot_id INTEGER NOT NULL);
`;

/** better-sqlite3 is an optional dependency (a native addon): a clear error when it was not built. */
function loadDriver(): typeof BetterSqlite3 {
  try {
    return createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  } catch (error) {
    throw new Error(
      'the SQLite feed store needs better-sqlite3, whose native addon is not built here ' +
        `(${(error as Error).message.split('\n')[0]}). Build it with: npm_config_nodedir=/usr pnpm rebuild better-sqlite3 ` +
        '(Node headers from the system; needs python3, make and g++)',
    );
  }
}

const tableOf = (id: number): string => `feed_${id}`;

const infoOf = (row: SnapshotRow): SnapshotInfo => ({
  id: row.id,
  date: row.date,
  model: { name: row.model_name, version: row.model_version },
  generated_at: row.generated_at,
  published_at: row.published_at,
  users: row.users,
});

export class SqliteFeedStore implements FeedStore {
  readonly kind = 'sqlite';
  readonly description: string;
  private readonly db: Database;
  private readonly currentOf: Statement;
  private readonly latest: Statement;
  private readonly snapshotById: Statement;
  /** Snapshot rows are immutable: cached by id. */
  private readonly infos = new Map<number, SnapshotInfo>();
  private readonly feedStatements = new Map<number, Statement>();
  private readonly lookup: (userId: string, date: string | undefined) => FeedLookup;
  private writing = false;

  constructor(path: string) {
    const Driver = loadDriver();
    const file = resolve(path);
    mkdirSync(dirname(file), { recursive: true });
    this.description = `sqlite:${file}`;
    this.db = new Driver(file);
    // 16 KiB pages (only a new file takes it): a stored feed is ~1 KB, and with 4 KiB pages filling a
    // snapshot cost twice the CPU. A 64 MiB page cache keeps the user_id index of a run in memory.
    this.db.pragma('page_size = 16384');
    this.db.pragma('cache_size = -65536');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.currentOf = this.db.prepare('SELECT snapshot_id AS id FROM current WHERE date = ?');
    this.latest = this.db.prepare('SELECT snapshot_id AS id FROM current ORDER BY date DESC LIMIT 1');
    this.snapshotById = this.db.prepare('SELECT * FROM snapshots WHERE id = ?');
    // A deferred read transaction: the pointer and the feed come from one consistent state.
    this.lookup = this.db.transaction((userId: string, date: string | undefined): FeedLookup => {
      const pointer = (date === undefined ? this.latest.get() : this.currentOf.get(date)) as
        | { id: number }
        | undefined;
      if (pointer === undefined) return { snapshot: null, body: null };
      const snapshot = this.info(pointer.id);
      const value = this.feedStatement(pointer.id).get(userId) as Buffer | string | undefined;
      if (value === undefined) return { snapshot, body: null };
      const { json, items } = storedFeedJson(value);
      return { snapshot, body: json, items };
    });
  }

  private info(id: number): SnapshotInfo {
    let info = this.infos.get(id);
    if (info === undefined) {
      const row = this.snapshotById.get(id) as SnapshotRow | undefined;
      if (row === undefined) throw new Error(`${this.description}: snapshot ${id} is current but not listed`);
      info = infoOf(row);
      this.infos.set(id, info);
    }
    return info;
  }

  private feedStatement(id: number): Statement {
    let statement = this.feedStatements.get(id);
    if (statement === undefined) {
      // Pointers move rarely: forget statements of snapshots that are no longer read.
      if (this.feedStatements.size >= 16) this.feedStatements.clear();
      // pluck: the value itself, no row object per lookup.
      statement = this.db.prepare(`SELECT value FROM ${tableOf(id)} WHERE user_id = ?`).pluck();
      this.feedStatements.set(id, statement);
    }
    return statement;
  }

  async getFeed(userId: string, date?: string): Promise<FeedLookup> {
    return this.lookup(userId, date);
  }

  async snapshots(): Promise<ListedSnapshot[]> {
    const rows = this.db
      .prepare(
        `SELECT s.*, (c.snapshot_id IS NOT NULL) AS is_current FROM snapshots s
         LEFT JOIN current c ON c.snapshot_id = s.id ORDER BY s.id DESC`,
      )
      .all() as (SnapshotRow & { is_current: number })[];
    return rows.map((row) => ({ ...infoOf(row), current: row.is_current === 1 }));
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async begin(meta: SnapshotMeta, options: PublishOptions): Promise<SnapshotWriter> {
    checkPublishOptions(options);
    if (this.writing) throw new Error(`${this.description}: a publish run is already in progress`);
    const db = this.db;
    // IMMEDIATE: take the write lock now (another publisher waits busy_timeout, then fails clearly).
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      throw new Error(`${this.description}: cannot start publishing: ${(error as Error).message}`);
    }
    this.writing = true;
    let open = true;
    const finish = () => {
      open = false;
      this.writing = false;
    };
    try {
      const { next } = db.prepare('SELECT coalesce(max(id), 0) + 1 AS next FROM snapshots').get() as {
        next: number;
      };
      const id = next;
      const table = tableOf(id);
      db.exec(`DROP TABLE IF EXISTS ${table}`);
      db.exec(`CREATE TABLE ${table} (user_id TEXT PRIMARY KEY, value BLOB NOT NULL)`);
      const insert = db.prepare(`INSERT INTO ${table} (user_id, value) VALUES (?, ?)`);
      let users = 0;
      const store = this;
      const rollback = () => {
        if (open) {
          db.exec('ROLLBACK');
          finish();
        }
      };
      return {
        async write(feeds: readonly UserFeed[]) {
          if (!open) throw new Error('write after commit or abort');
          try {
            const values = encodeFeeds(feeds);
            // In user id order: neighbouring keys land on the same pages of the user_id index (random
            // uuid order cost ~30% more CPU per insert, measured); multi-row INSERTs bought nothing.
            const order = Array.from(feeds.keys()).sort((a, b) =>
              feeds[a].user_id < feeds[b].user_id ? -1 : feeds[a].user_id > feeds[b].user_id ? 1 : 0,
            );
            for (const f of order) insert.run(feeds[f].user_id, values[f]);
          } catch (error) {
            rollback();
            throw new Error(`${store.description}: publishing ${meta.date}: ${(error as Error).message}`);
          }
          users += feeds.length;
        },
        async commit(): Promise<PublishResult> {
          if (!open) throw new Error('commit after commit or abort');
          try {
            const published_at = new Date().toISOString();
            db.prepare(
              `INSERT INTO snapshots (id, date, model_name, model_version, generated_at, published_at, users)
               VALUES (?, ?, ?, ?, ?, ?, ?)`,
            ).run(id, meta.date, meta.model.name, meta.model.version, meta.generated_at, published_at, users);
            db.prepare(
              'INSERT INTO current (date, snapshot_id) VALUES (?, ?) ON CONFLICT (date) DO UPDATE SET snapshot_id = excluded.snapshot_id',
            ).run(meta.date, id);
            const all = (db.prepare('SELECT id FROM snapshots').all() as { id: number }[]).map((r) => r.id);
            const pruned = prunedIds(all, options.retention);
            for (const old of pruned) {
              db.exec(`DROP TABLE IF EXISTS ${tableOf(old)}`);
              db.prepare('DELETE FROM snapshots WHERE id = ?').run(old);
              db.prepare('DELETE FROM current WHERE snapshot_id = ?').run(old);
            }
            db.exec('COMMIT');
            finish();
            return { snapshot: { ...meta, id, users, published_at }, pruned };
          } catch (error) {
            rollback();
            throw error;
          }
        },
        async abort() {
          rollback();
        },
      };
    } catch (error) {
      db.exec('ROLLBACK');
      finish();
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.writing) {
      this.db.exec('ROLLBACK');
      this.writing = false;
    }
    this.db.close();
  }
}
