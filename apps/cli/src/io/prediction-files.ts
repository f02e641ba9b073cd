/**
 * Streamed outputs of predict: every scored candidate (parquet, CSV on request), the top k per group,
 * and the evaluation rows (labels, tie keys and every ranker's scores) that `evaluate` reads. Each file
 * is written one row group per chunk and appears only when complete (temp name + rename).
 */
import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { type DictionaryColumn, formatTimestampMicros, ParquetStreamWriter } from '@wemoms/data-schema';

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
  groupId: Int32Array;
  user: Int32Array;
  post: Int32Array;
  time: Float64Array;
  score: Float32Array;
  rank: Int32Array;
  label: Uint8Array;
}

const constant = (value: string, n: number): DictionaryColumn => ({
  codes: new Int32Array(n),
  dictionary: [value],
});

/** A CSV file written line by line to a temp name, renamed into place on close. */
class CsvFile {
  private readonly temp: string;
  private readonly stream: WriteStream;
  constructor(
    readonly path: string,
    header: string,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.temp = `${path}.tmp-${process.pid}`;
    this.stream = createWriteStream(this.temp);
    this.stream.write(`${header}\n`);
  }
  async write(text: string): Promise<void> {
    if (!this.stream.write(text)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }
  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    renameSync(this.temp, this.path);
  }
  abort(): void {
    this.stream.destroy();
    rmSync(this.temp, { force: true });
  }
}

/** Writes predictions.parquet (every row), top10.parquet (rank <= topK) and, optionally, predictions.csv. */
export class PredictionWriter {
  private readonly all: ParquetStreamWriter;
  private readonly top: ParquetStreamWriter;
  private readonly csv: CsvFile | null;
  topRows = 0;

  constructor(
    paths: { predictions: string; top: string; csv: string | null },
    private readonly userIds: string[],
    private readonly postIds: string[],
    private readonly topK: number,
  ) {
    this.all = new ParquetStreamWriter(paths.predictions, PREDICTION_SCHEMA);
    this.top = new ParquetStreamWriter(paths.top, PREDICTION_SCHEMA);
    this.csv = paths.csv ? new CsvFile(paths.csv, PREDICTION_SCHEMA.map((c) => c.name).join(',')) : null;
  }

  private columns(rows: ScoredRows, pick: Int32Array | null) {
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
      rank: take(rows.rank),
      label: take(rows.label),
    };
  }

  async write(rows: ScoredRows): Promise<void> {
    if (rows.length === 0) return;
    this.all.writeRowGroup(this.columns(rows, null));
    let count = 0;
    for (let i = 0; i < rows.length; i++) if (rows.rank[i] <= this.topK) count++;
    const pick = new Int32Array(count);
    let k = 0;
    for (let i = 0; i < rows.length; i++) if (rows.rank[i] <= this.topK) pick[k++] = i;
    if (count > 0) this.top.writeRowGroup(this.columns(rows, pick));
    this.topRows += count;
    if (this.csv) {
      const lines: string[] = [];
      for (let i = 0; i < rows.length; i++) {
        lines.push(
          `${rows.grouping},${rows.groupId[i]},${this.userIds[rows.user[i]]},${this.postIds[rows.post[i]]},` +
            `${formatTimestampMicros(rows.time[i])},${rows.score[i]},${rows.rank[i]},${rows.label[i] ? 'true' : 'false'}\n`,
        );
        if (lines.length === 65_536) await this.csv.write(lines.splice(0).join(''));
      }
      await this.csv.write(lines.join(''));
    }
  }

  async close(): Promise<void> {
    this.all.close();
    this.top.close();
    await this.csv?.close();
  }

  abort(): void {
    this.all.abort();
    this.top.abort();
    this.csv?.abort();
  }
}
