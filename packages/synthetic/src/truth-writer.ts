/**
 * Writes the ground truth (layout in truth-format.ts) while the log is generated: post records as posts
 * are created, shown records as lines are written, groups as they happen, the index last. Everything
 * goes to a temporary directory that replaces DIR only when complete.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { formatDay } from '@wemoms/data-schema';
import { temporarySibling } from './gzip-lines.js';
import { MAX_CHILDREN } from './members.js';
import type { PostStore } from './posts.js';
import {
  POST_RECORD_BYTES,
  POSTS_FILE,
  SHOWN_FILE,
  SHOWN_RECORD_BYTES,
  TRUTH_FORMAT,
  TRUTH_INDEX_FILE,
  TRUTH_VERSION,
  type TruthDayEntry,
  type TruthIndexFile,
} from './truth-format.js';

const BUFFER_BYTES = 1 << 19;

/** Fixed-size little-endian records appended to a file through a buffer. */
class RecordFile {
  private readonly fd: number;
  private readonly buffer = new ArrayBuffer(BUFFER_BYTES);
  readonly view = new DataView(this.buffer);
  private used = 0;
  records = 0;

  constructor(
    path: string,
    private readonly recordBytes: number,
  ) {
    this.fd = openSync(path, 'w');
  }

  /** Byte offset in `view` of a new record (zeroed). */
  next(): number {
    if (this.used + this.recordBytes > BUFFER_BYTES) this.flush();
    const o = this.used;
    new Uint8Array(this.buffer, o, this.recordBytes).fill(0);
    this.used += this.recordBytes;
    this.records++;
    return o;
  }

  flush(): void {
    if (this.used > 0) writeSync(this.fd, new Uint8Array(this.buffer, 0, this.used));
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  closeQuietly(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

interface PendingDay {
  day: number;
  firstPost: number;
  posts: number;
  userDay: { users: number[]; times: number[] };
  events: { users: number[]; times: number[] };
}

export class GroundTruthWriter {
  readonly dir: string;
  private readonly temp: string;
  private readonly generator: TruthIndexFile['generator'];
  private readonly viewerMembers: number[] = [];
  private readonly viewerRefs = new Map<number, number>();
  private postsAdded = 0;
  private readonly days: TruthDayEntry[] = [];
  private pending: PendingDay | null = null;
  private readonly postsFile: RecordFile;
  private readonly shownFile: RecordFile;
  userDayGroups = 0;
  eventGroups = 0;
  /** (viewer, post) pairs the groups cover. */
  pairs = 0;

  constructor(dir: string, generator: TruthIndexFile['generator']) {
    this.dir = dir;
    this.generator = generator;
    mkdirSync(dirname(dir), { recursive: true });
    this.temp = temporarySibling(dir);
    mkdirSync(this.temp, { recursive: true });
    this.postsFile = new RecordFile(join(this.temp, POSTS_FILE), POST_RECORD_BYTES);
    this.shownFile = new RecordFile(join(this.temp, SHOWN_FILE), SHOWN_RECORD_BYTES);
  }

  /** Ref of a viewer (by member index), registering her on first use. */
  viewerRef(member: number): number {
    let ref = this.viewerRefs.get(member);
    if (ref === undefined) {
      ref = this.viewerMembers.length;
      this.viewerMembers.push(member);
      this.viewerRefs.set(member, ref);
    }
    return ref;
  }

  /** Saves what the click model reads of a post; posts must come in creation order. */
  addPost(posts: PostStore, post: number): void {
    if (post !== this.postsAdded) throw new Error(`ground truth: post ${post} out of creation order`);
    this.postsAdded++;
    const s = posts.slot(post);
    const o = this.postsFile.next();
    const v = this.postsFile.view;
    v.setFloat64(o, posts.creation[s], true);
    v.setFloat32(o + 8, posts.appeal[s], true);
    v.setFloat32(o + 12, posts.authorWeek[s], true);
    v.setInt16(o + 16, posts.authorDepartment[s], true);
    v.setUint8(o + 18, posts.flags[s]);
    v.setUint8(o + 19, posts.authorStage[s]);
    v.setUint8(o + 20, posts.authorChildCount[s]);
    for (let k = 0; k < MAX_CHILDREN; k++)
      v.setInt16(o + 22 + 2 * k, posts.authorChildMonths[s * MAX_CHILDREN + k], true);
  }

  /** Appends one line of the log (call in file order, duplicates included). */
  addShown(micros: number, viewerRef: number, post: number, p: number, opened: boolean): void {
    const o = this.shownFile.next();
    const v = this.shownFile.view;
    v.setFloat64(o, micros, true);
    v.setUint32(o + 8, viewerRef, true);
    v.setUint32(o + 12, post, true);
    v.setFloat32(o + 16, p, true);
    v.setUint8(o + 20, opened ? 1 : 0);
  }

  /** Starts the groups of day `day`, whose candidates are posts [firstPost, firstPost + posts). */
  beginDay(day: number, firstPost: number, posts: number): void {
    this.finishDay();
    this.pending = {
      day,
      firstPost,
      posts,
      userDay: { users: [], times: [] },
      events: { users: [], times: [] },
    };
  }

  /** Adds a `userDay` group (first impression of a viewer on the day) or an `event` group (an open). */
  addGroup(kind: 'userDay' | 'events', viewerRef: number, micros: number): void {
    const p = this.pending;
    if (!p) throw new Error('ground truth: addGroup outside a day');
    p[kind].users.push(viewerRef);
    p[kind].times.push(micros);
    this.pairs += p.posts;
    if (kind === 'userDay') this.userDayGroups++;
    else this.eventGroups++;
  }

  private finishDay(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.days.push({
      day: formatDay(p.day),
      candidatesDay: formatDay(p.day - 1),
      firstPost: p.firstPost,
      posts: p.posts,
      userDay: p.userDay,
      events: p.events,
    });
  }

  /** Writes the index and moves the finished directory to `dir` (replacing an older one). */
  close(): void {
    this.finishDay();
    this.postsFile.close();
    this.shownFile.close();
    const index: TruthIndexFile = {
      format: TRUTH_FORMAT,
      version: TRUTH_VERSION,
      generator: this.generator,
      viewerMembers: this.viewerMembers,
      posts: { file: POSTS_FILE, records: this.postsFile.records, recordBytes: POST_RECORD_BYTES },
      days: this.days,
      shown: { file: SHOWN_FILE, records: this.shownFile.records, recordBytes: SHOWN_RECORD_BYTES },
    };
    writeFileSync(join(this.temp, TRUTH_INDEX_FILE), JSON.stringify(index));
    let old: string | null = null;
    if (existsSync(this.dir)) {
      old = temporarySibling(this.dir);
      renameSync(this.dir, old);
    }
    renameSync(this.temp, this.dir);
    if (old) rmSync(old, { recursive: true, force: true });
  }

  /** Discards everything written (after a failure). */
  abort(): void {
    this.postsFile.closeQuietly();
    this.shownFile.closeQuietly();
    rmSync(this.temp, { recursive: true, force: true });
  }
}
