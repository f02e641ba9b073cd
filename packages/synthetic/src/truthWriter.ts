/**
 * Writes the ground truth (layout in truthFormat.ts) while the log is generated: one day file as each
 * day completes, shown records streamed, the index last. Everything goes to a temporary directory that
 * replaces DIR only when complete.
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
import { temporarySibling } from './gzipLines.js';
import {
  PROBABILITY_SCALE,
  SHOWN_FILE,
  SHOWN_RECORD_BYTES,
  TRUTH_FORMAT,
  TRUTH_INDEX_FILE,
  TRUTH_VERSION,
  type TruthDayEntry,
  type TruthIndex,
} from './truthFormat.js';

/** Records buffered before a write to shown.bin. */
const SHOWN_BUFFER_RECORDS = 1 << 14;

interface PendingDay {
  readonly day: number;
  readonly posts: number;
  readonly userDay: { users: number[]; times: number[]; rows: Uint16Array[] };
  readonly events: { users: number[]; times: number[]; rows: Uint16Array[] };
}

/** Quantises a probability to uint16. */
export const quantiseProbability = (p: number) => Math.round(Math.min(1, Math.max(0, p)) * PROBABILITY_SCALE);

export class GroundTruthWriter {
  readonly dir: string;
  private readonly temp: string;
  private readonly generator: TruthIndex['generator'];
  private readonly viewers: string[] = [];
  private readonly viewerRefs = new Map<number, number>();
  private readonly postDays: { day: string; ids: string[] }[] = [];
  private readonly postDayOffset = new Map<number, number>();
  private postsListed = 0;
  private readonly days: TruthDayEntry[] = [];
  private pending: PendingDay | null = null;
  private readonly shownFd: number;
  private readonly shownBuffer = new ArrayBuffer(SHOWN_BUFFER_RECORDS * SHOWN_RECORD_BYTES);
  private readonly shownView = new DataView(this.shownBuffer);
  private shownBuffered = 0;
  private shownRecords = 0;
  /** Bytes of probability tables written. */
  tableBytes = 0;
  /** (viewer, post) pairs in the day tables. */
  pairs = 0;

  constructor(dir: string, generator: TruthIndex['generator']) {
    this.dir = dir;
    this.generator = generator;
    mkdirSync(dirname(dir), { recursive: true });
    this.temp = temporarySibling(dir);
    mkdirSync(this.temp, { recursive: true });
    this.shownFd = openSync(join(this.temp, SHOWN_FILE), 'w');
  }

  /** Ref of a viewer (by member index), registering her id on first use. */
  viewerRef(member: number, id: () => string): number {
    let ref = this.viewerRefs.get(member);
    if (ref === undefined) {
      ref = this.viewers.length;
      this.viewers.push(id());
      this.viewerRefs.set(member, ref);
    }
    return ref;
  }

  /** Lists the posts created on `day` (ids ascending); returns the post ref of the first. */
  addPostDay(day: number, sortedIds: string[]): number {
    const offset = this.postsListed;
    this.postDays.push({ day: formatDay(day), ids: sortedIds });
    this.postDayOffset.set(day, offset);
    this.postsListed += sortedIds.length;
    return offset;
  }

  /** The ref of the post ranked `rank` (ids ascending) among the posts of `creationDay`. */
  postRef(creationDay: number, rank: number): number {
    const offset = this.postDayOffset.get(creationDay);
    if (offset === undefined)
      throw new Error(`ground truth: posts of day ${formatDay(creationDay)} were never listed`);
    return offset + rank;
  }

  /** Appends the true probability of one line of the log (call in file order, duplicates included). */
  addShown(micros: number, viewerRef: number, postRef: number, p: number): void {
    const o = this.shownBuffered * SHOWN_RECORD_BYTES;
    this.shownView.setFloat64(o, micros, true);
    this.shownView.setUint32(o + 8, viewerRef, true);
    this.shownView.setUint32(o + 12, postRef, true);
    this.shownView.setFloat32(o + 16, p, true);
    this.shownRecords++;
    if (++this.shownBuffered === SHOWN_BUFFER_RECORDS) this.flushShown();
  }

  private flushShown(): void {
    writeSync(this.shownFd, new Uint8Array(this.shownBuffer, 0, this.shownBuffered * SHOWN_RECORD_BYTES));
    this.shownBuffered = 0;
  }

  /** Starts the candidate tables of day `day` (candidates: the `posts` posts created on day - 1). */
  beginDay(day: number, posts: number): void {
    if (this.pending) throw new Error('ground truth: beginDay before finishDay');
    this.pending = {
      day,
      posts,
      userDay: { users: [], times: [], rows: [] },
      events: { users: [], times: [], rows: [] },
    };
  }

  /** Adds one group row (probabilities quantised, in the candidates' id order). */
  addGroup(kind: 'userDay' | 'events', viewerRef: number, micros: number, row: Uint16Array): void {
    const p = this.pending;
    if (!p) throw new Error('ground truth: addGroup outside a day');
    if (row.length !== p.posts)
      throw new Error(`ground truth: row of ${row.length} posts, expected ${p.posts}`);
    p[kind].users.push(viewerRef);
    p[kind].times.push(micros);
    p[kind].rows.push(row);
  }

  /** Writes the pending day's table. */
  finishDay(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    const file = `day-${formatDay(p.day)}.bin`;
    const rows = [...p.userDay.rows, ...p.events.rows];
    const out = new Uint8Array(rows.length * p.posts * 2);
    const view = new DataView(out.buffer);
    let o = 0;
    for (const row of rows) {
      for (let k = 0; k < row.length; k++, o += 2) view.setUint16(o, row[k], true);
    }
    writeFileSync(join(this.temp, file), out);
    this.tableBytes += out.length;
    this.pairs += rows.length * p.posts;
    this.days.push({
      day: formatDay(p.day),
      candidatesDay: formatDay(p.day - 1),
      file,
      posts: p.posts,
      userDay: { users: p.userDay.users, times: p.userDay.times },
      events: { users: p.events.users, times: p.events.times },
    });
  }

  /** Writes the index and moves the finished directory to `dir` (replacing an older one). */
  close(): void {
    this.finishDay();
    this.flushShown();
    closeSync(this.shownFd);
    const index: TruthIndex = {
      format: TRUTH_FORMAT,
      version: TRUTH_VERSION,
      generator: this.generator,
      probabilityEncoding: `uint16le, p = value / ${PROBABILITY_SCALE}`,
      viewers: this.viewers,
      postDays: this.postDays,
      days: this.days,
      shown: { file: SHOWN_FILE, records: this.shownRecords, recordBytes: SHOWN_RECORD_BYTES },
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
    try {
      closeSync(this.shownFd);
    } catch {
      // already closed
    }
    rmSync(this.temp, { recursive: true, force: true });
  }
}
