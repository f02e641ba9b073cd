/**
 * Streamed outputs of predict: every scored candidate (parquet, CSV on request), the top k per group,
 * and the evaluation rows (labels, tie keys and every ranker's scores, the ground truth's included) that
 * `evaluate` reads. Each file is written one row group per chunk and appears only when complete (temp name
 * + rename). The parquet encoding, the ground-truth scoring and the evaluation rows run in a worker
 * thread (prediction-worker.ts) while the main thread featurises and scores the next chunk.
 */

import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { type DictionaryColumn, formatTimestampMicros } from '@wemoms/data-schema';
import { ParquetStreamWriter, tempPathFor } from '@wemoms/data-schema/node';
import { workerEntry } from '@wemoms/features/node';
import { rankWithinGroups } from '@wemoms/metrics';
import { createTruthScorer, type TruthScorer, type TruthScores } from '../pipeline/truth.js';
import { AtomicTextFile } from '../runtime/atomic-text-file.js';
import { EvaluationRowsWriter } from './evaluation-rows.js';
import type {
  PredictionWorkerData,
  PredictionWorkerReply,
  PredictionWorkerRequest,
} from './prediction-worker.js';
import { deserializeError } from './worker-errors.js';

export const PREDICTION_SCHEMA = [
  { name: 'grouping', type: 'string', nullable: false },
  { name: 'group_id', type: 'int32', nullable: false },
  { name: 'user_id', type: 'string', nullable: false },
  { name: 'trackable_id', type: 'string', nullable: false },
  { name: 'candidate_time', type: 'timestamp', nullable: false },
  { name: 'score', type: 'float', nullable: false },
  { name: 'rank', type: 'int32', nullable: false },
  { name: 'label', type: 'boolean', nullable: false },
] as const;

/** One scored chunk: whole groups, rows of a group contiguous. */
export interface ScoredRows {
  grouping: string;
  length: number;
  /** Where each group's rows start (CSR, length groups + 1, from 0 to `length`). */
  offsets: Int32Array;
  groupId: Int32Array;
  user: Int32Array;
  post: Int32Array;
  time: Float64Array;
  score: Float32Array;
  /**
   * 1-based rank within the group, when the caller has it; else the files writer ranks the rows (score
   * descending, then tie key) itself, in the worker thread when there is one.
   */
  rank?: Int32Array;
  label: Uint8Array;
  /** Post-id rank, the tie-break key (for evaluate). */
  tieKey: Int32Array;
  /** The most-popular baseline's score (for evaluate). */
  popularity: Float32Array;
  /** Candidates of the chunk whose post has no observation before the candidate time (issue 19). */
  withoutEarlierObservation: number;
  /** Test day of the chunk's groups (days since the epoch): evaluate counts distinct posts per day. */
  day: number;
}

const constant = (value: string, n: number): DictionaryColumn => ({
  codes: new Int32Array(n),
  dictionary: [value],
});

export interface PredictionFilePaths {
  predictions: string;
  top: string;
  evaluationRows: string;
}

/** Where the writer's time went (in the worker thread when there is one). */
export interface PredictionFileSeconds {
  /** Ranking the rows within their groups (when the caller did not). */
  rank: number;
  parquet: number;
  truth: number;
  evaluation: number;
}

/** What the evaluation rows need to know up front. */
export interface EvaluationRowsSpec {
  /** Exactly the number of rows predict will write. */
  rows: number;
  /** The ground-truth directory (scores every candidate), or null for none. */
  truthDir: string | null;
}

/** Rows of a chunk with rank <= topK: min(topK, size) per group, since ranks are 1 .. size in a group. */
function topCount(rows: ScoredRows, topK: number): number {
  const { offsets } = rows;
  let count = 0;
  for (let g = 0; g + 1 < offsets.length; g++) count += Math.min(topK, offsets[g + 1] - offsets[g]);
  return count;
}

/** The rows' ranks within their groups: the caller's, or computed here. */
function ranksOf(rows: ScoredRows): Int32Array {
  const n = rows.length;
  return rows.rank ?? rankWithinGroups(rows.offsets, rows.score.subarray(0, n), rows.tieKey.subarray(0, n));
}

/**
 * Writes predictions.parquet (every row), top10.parquet (rank <= topK) and the evaluation rows (with the
 * ground truth's score of every candidate when there is one) in the calling thread.
 */
export class PredictionFiles {
  private readonly all: ParquetStreamWriter;
  private readonly top: ParquetStreamWriter;
  private readonly evaluation: EvaluationRowsWriter;
  private readonly truth: TruthScorer | null;

  constructor(
    paths: PredictionFilePaths,
    private readonly userIds: string[],
    private readonly postIds: string[],
    private readonly topK: number,
    evaluation: EvaluationRowsSpec,
  ) {
    this.truth = evaluation.truthDir ? createTruthScorer(evaluation.truthDir, userIds, postIds) : null;
    this.all = new ParquetStreamWriter(paths.predictions, PREDICTION_SCHEMA);
    try {
      this.top = new ParquetStreamWriter(paths.top, PREDICTION_SCHEMA);
      try {
        this.evaluation = new EvaluationRowsWriter(
          paths.evaluationRows,
          evaluation.rows,
          this.truth !== null,
        );
      } catch (error) {
        this.top.abort();
        throw error;
      }
    } catch (error) {
      this.all.abort();
      throw error;
    }
  }

  private columns(rows: ScoredRows, rank: Int32Array, pick: Int32Array | null) {
    const take = <T extends Int32Array | Float32Array | Float64Array | Uint8Array>(a: T): T => {
      if (!pick) return a;
      const out = new (a.constructor as new (n: number) => T)(pick.length);
      for (let i = 0; i < pick.length; i++) out[i] = a[pick[i]];
      return out;
    };
    const n = pick ? pick.length : rows.length;
    return {
      grouping: constant(rows.grouping, n),
      group_id: take(rows.groupId),
      user_id: { codes: take(rows.user), dictionary: this.userIds },
      trackable_id: { codes: take(rows.post), dictionary: this.postIds },
      candidate_time: take(rows.time),
      score: take(rows.score),
      rank: take(rank),
      label: take(rows.label),
    };
  }

  /** Seconds spent so far on the parquet files, the ground truth and the evaluation rows. */
  readonly seconds: PredictionFileSeconds = { rank: 0, parquet: 0, truth: 0, evaluation: 0 };

  write(rows: ScoredRows): void {
    if (rows.length === 0) return;
    let started = performance.now();
    const rank = ranksOf(rows);
    this.seconds.rank += (performance.now() - started) / 1000;
    started = performance.now();
    this.all.writeRowGroup(this.columns(rows, rank, null));
    const count = topCount(rows, this.topK);
    if (count > 0) {
      const pick = new Int32Array(count);
      let k = 0;
      for (let i = 0; i < rows.length; i++) if (rank[i] <= this.topK) pick[k++] = i;
      this.top.writeRowGroup(this.columns(rows, rank, pick));
    }
    this.seconds.parquet += (performance.now() - started) / 1000;
    let truth: TruthScores | null = null;
    if (this.truth) {
      started = performance.now();
      truth = this.truth.score(rows);
      this.seconds.truth += (performance.now() - started) / 1000;
    }
    started = performance.now();
    this.evaluation.write({
      grouping: rows.grouping,
      groupId: rows.groupId,
      label: rows.label,
      tieKey: rows.tieKey,
      model: rows.score,
      popularity: rows.popularity,
      truth: truth?.truth ?? null,
      ceiling: truth?.ceiling ?? null,
      withoutEarlierObservation: rows.withoutEarlierObservation,
      day: rows.day,
    });
    this.seconds.evaluation += (performance.now() - started) / 1000;
  }

  close(): void {
    this.all.close();
    this.top.close();
    this.evaluation.close();
  }

  abort(): void {
    this.all.abort();
    this.top.abort();
    this.evaluation.abort();
  }
}

// The worker: dist/prediction-worker.js next to the bundle, prediction-worker.ts in the sources.
const workerSpec = () => workerEntry(import.meta.url, 'prediction-worker');

/** A copy of the chunk whose buffers can be transferred (the caller keeps using its own arrays). */
function detachedCopy(rows: ScoredRows): { rows: ScoredRows; buffers: ArrayBuffer[] } {
  const copy: ScoredRows = {
    grouping: rows.grouping,
    length: rows.length,
    offsets: rows.offsets.slice(),
    groupId: rows.groupId.slice(0, rows.length),
    user: rows.user.slice(0, rows.length),
    post: rows.post.slice(0, rows.length),
    time: rows.time.slice(0, rows.length),
    score: rows.score.slice(0, rows.length),
    rank: rows.rank?.slice(0, rows.length),
    label: rows.label.slice(0, rows.length),
    tieKey: rows.tieKey.slice(0, rows.length),
    popularity: rows.popularity.slice(0, rows.length),
    withoutEarlierObservation: rows.withoutEarlierObservation,
    day: rows.day,
  };
  const buffers = [
    copy.offsets,
    copy.groupId,
    copy.user,
    copy.post,
    copy.time,
    copy.score,
    ...(copy.rank ? [copy.rank] : []),
    copy.label,
    copy.tieKey,
    copy.popularity,
  ].map((a) => a.buffer as ArrayBuffer);
  return { rows: copy, buffers };
}

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
  answered: Promise<void>;
}

/**
 * PredictionFiles in a worker thread. Each request gets one reply, in order; at most `maxInFlight` chunks
 * are queued or being written (write() waits for a reply beyond that). A worker failure rejects the
 * pending and every later write/close with the worker's error.
 */
class PredictionFilesWorker {
  private readonly worker: Worker;
  private readonly pending: Pending[] = [];
  private readonly temps: string[];
  private failure: Error | null = null;
  private state: 'open' | 'closing' | 'closed' | 'aborted' = 'open';
  private closedSeconds: PredictionFileSeconds | null = null;

  constructor(
    paths: PredictionFilePaths,
    userIds: string[],
    postIds: string[],
    topK: number,
    evaluation: EvaluationRowsSpec,
    private readonly maxInFlight: number,
  ) {
    this.temps = [tempPathFor(paths.predictions), tempPathFor(paths.top), tempPathFor(paths.evaluationRows)];
    const spec = workerSpec();
    const workerData: PredictionWorkerData = { paths, userIds, postIds, topK, evaluation };
    this.worker = new Worker(spec.entry, { eval: spec.eval, workerData, execArgv: spec.execArgv });
    this.worker.on('message', (reply: PredictionWorkerReply) => {
      if (reply.type === 'error') this.fail(deserializeError(reply.error));
      else {
        if (reply.seconds) this.closedSeconds = reply.seconds;
        this.pending.shift()?.resolve();
      }
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (this.state === 'open' || this.pending.length > 0)
        this.fail(new Error(`the prediction files worker exited with code ${code}`));
    });
  }

  /** Rejects every pending and later call with the worker's own error (an fs error keeps its code and path). */
  private fail(error: Error): void {
    if (this.failure || this.state === 'aborted') return;
    this.failure = error;
    for (const p of this.pending.splice(0)) p.reject(this.failure);
    void this.worker.terminate();
  }

  private request(message: PredictionWorkerRequest, transfer: ArrayBuffer[] = []): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const answered = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    answered.catch(() => {}); // reported by the call that awaits it or by a later call
    this.pending.push({ resolve, reject, answered });
    this.worker.postMessage(message, transfer);
    return answered;
  }

  async write(rows: ScoredRows): Promise<void> {
    if (this.state !== 'open') throw new Error(`prediction files writer is ${this.state}`);
    // Backpressure: at most maxInFlight chunks copied and queued for (or being written by) the worker.
    while (this.pending.length >= this.maxInFlight && !this.failure) await this.pending[0].answered;
    if (this.failure) throw this.failure;
    const copy = detachedCopy(rows);
    void this.request({ type: 'write', rows: copy.rows }, copy.buffers);
  }

  async close(): Promise<PredictionFileSeconds> {
    if (this.state !== 'open') throw new Error(`prediction files writer is ${this.state}`);
    this.state = 'closing';
    try {
      await this.request({ type: 'close' });
      this.state = 'closed';
      return this.closedSeconds ?? { rank: 0, parquet: 0, truth: 0, evaluation: 0 };
    } finally {
      await this.worker.terminate();
    }
  }

  abort(): void {
    if (this.state === 'closed' || this.state === 'aborted') return;
    this.state = 'aborted';
    if (!this.failure) this.worker.postMessage({ type: 'abort' } satisfies PredictionWorkerRequest);
    const removeTemps = () => {
      for (const temp of this.temps) {
        try {
          rmSync(temp, { force: true });
        } catch {
          // abort is best effort, like ParquetStreamWriter.abort
        }
      }
    };
    removeTemps();
    void this.worker.terminate().then(removeTemps, removeTemps);
  }
}

export interface PredictionWriterOptions {
  /** Write the files in a worker thread (default true); false writes them in this thread. */
  worker?: boolean;
  /** With a worker: chunks queued or being written before write() waits (default 2). */
  maxInFlight?: number;
}

/**
 * Writes predictions.parquet (every row), top10.parquet (rank <= topK), the evaluation rows and,
 * optionally, predictions.csv.
 */
export class PredictionWriter {
  private readonly files: PredictionFiles | PredictionFilesWorker;
  private readonly csv: AtomicTextFile | null;
  topRows = 0;

  constructor(
    paths: PredictionFilePaths & { csv: string | null },
    private readonly userIds: string[],
    private readonly postIds: string[],
    private readonly topK: number,
    evaluation: EvaluationRowsSpec,
    options: PredictionWriterOptions = {},
  ) {
    const filePaths = {
      predictions: paths.predictions,
      top: paths.top,
      evaluationRows: paths.evaluationRows,
    };
    this.files =
      options.worker === false
        ? new PredictionFiles(filePaths, userIds, postIds, topK, evaluation)
        : new PredictionFilesWorker(
            filePaths,
            userIds,
            postIds,
            topK,
            evaluation,
            Math.max(1, options.maxInFlight ?? 2),
          );
    this.csv = paths.csv
      ? new AtomicTextFile(paths.csv, `${PREDICTION_SCHEMA.map((c) => c.name).join(',')}\n`)
      : null;
  }

  async write(rows: ScoredRows): Promise<void> {
    if (rows.length === 0) return;
    this.topRows += topCount(rows, this.topK);
    if (!this.csv) return this.files.write(rows);
    // The CSV needs the ranks here: computed once, and handed on to the files.
    const rank = ranksOf(rows);
    const written = this.files.write({ ...rows, rank });
    const lines: string[] = [];
    for (let i = 0; i < rows.length; i++) {
      lines.push(
        `${rows.grouping},${rows.groupId[i]},${this.userIds[rows.user[i]]},${this.postIds[rows.post[i]]},` +
          `${formatTimestampMicros(rows.time[i])},${rows.score[i]},${rank[i]},${rows.label[i] ? 'true' : 'false'}\n`,
      );
      if (lines.length === 65_536) await this.csv.write(lines.splice(0).join(''));
    }
    await this.csv.write(lines.join(''));
    await written;
  }

  /** Closes every file; returns where the writer's time went. */
  async close(): Promise<PredictionFileSeconds> {
    let seconds: PredictionFileSeconds;
    if (this.files instanceof PredictionFiles) {
      this.files.close();
      seconds = this.files.seconds;
    } else seconds = await this.files.close();
    await this.csv?.close();
    return seconds;
  }

  abort(): void {
    this.files.abort();
    this.csv?.abort();
  }
}
