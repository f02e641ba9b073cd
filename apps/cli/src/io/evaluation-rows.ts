/**
 * The evaluation rows predict hands to evaluate: per candidate its grouping, group id, label, tie key and
 * every ranker's score. An internal intermediate, so a flat binary layout (a JSON header line, then the
 * raw little-endian typed arrays) rather than parquet: written and read at memory speed.
 *
 * Layout: `WEMOMS-EVAL/1 {"segments":[{grouping,rows}],"hasTruth":bool}\n` then per segment, in order,
 * groupId Int32 x rows, label Uint8 x rows (padded to 4), tieKey Int32, model Float32, popularity
 * Float32, truth Float64 (only when hasTruth).
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from '../runtime/errors.js';

const MAGIC = 'WEMOMS-EVAL/1 ';

export interface EvaluationChunk {
  grouping: string;
  groupId: Int32Array;
  label: Uint8Array;
  tieKey: Int32Array;
  model: Float32Array;
  popularity: Float32Array;
  truth: Float64Array | null;
}

export interface GroupingRows {
  offsets: Int32Array;
  labels: Uint8Array;
  tieKeys: Int32Array;
  model: Float32Array;
  popularity: Float32Array;
  /** null when the run had no ground truth. */
  truth: Float64Array | null;
}

const pad4 = (n: number) => (n + 3) & ~3;
const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * Appends chunks to a body file, then writes header + body to the final path on close (atomic: temp
 * name, then rename). Rows of one grouping must be contiguous, groups contiguous within them.
 */
export class EvaluationRowsWriter {
  private readonly bodyPath: string;
  private readonly fd: number;
  private readonly segments: { grouping: string; rows: number }[] = [];
  private hasTruth: boolean | null = null;
  rows = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.bodyPath = `${path}.body-${process.pid}`;
    this.fd = openSync(this.bodyPath, 'w');
  }

  write(chunk: EvaluationChunk): void {
    const n = chunk.groupId.length;
    if (n === 0) return;
    const withTruth = chunk.truth !== null;
    if (this.hasTruth === null) this.hasTruth = withTruth;
    else if (this.hasTruth !== withTruth)
      throw new Error('evaluation rows: ground truth on some chunks only');
    // One segment per chunk keeps each chunk's arrays contiguous; the reader concatenates by grouping.
    this.segments.push({ grouping: chunk.grouping, rows: n });
    writeSync(this.fd, bytes(chunk.groupId));
    const label = new Uint8Array(pad4(n));
    label.set(chunk.label);
    writeSync(this.fd, label);
    writeSync(this.fd, bytes(chunk.tieKey));
    writeSync(this.fd, bytes(chunk.model));
    writeSync(this.fd, bytes(chunk.popularity));
    if (chunk.truth) writeSync(this.fd, bytes(chunk.truth));
    this.rows += n;
  }

  close(): void {
    closeSync(this.fd);
    const header = `${MAGIC}${JSON.stringify({ segments: this.segments, hasTruth: this.hasTruth ?? false })}\n`;
    const temp = `${this.path}.tmp-${process.pid}`;
    try {
      const body = readFileSync(this.bodyPath);
      const fd = openSync(temp, 'w');
      try {
        writeSync(fd, Buffer.from(header, 'utf8'));
        writeSync(fd, body);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.path);
    } finally {
      rmSync(this.bodyPath, { force: true });
      rmSync(temp, { force: true });
    }
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.bodyPath, { force: true });
  }
}

/** Reads a file written by EvaluationRowsWriter into per-grouping CSR columns, in write order. */
export function readEvaluationRows(path: string): Map<string, GroupingRows> {
  const file = readFileSync(path);
  const newline = file.indexOf(10);
  const head = file.subarray(0, Math.max(0, newline)).toString('utf8');
  if (newline < 0 || !head.startsWith(MAGIC))
    throw new CliError(`${path}: not an evaluation-rows file: re-run predict`);
  const { segments, hasTruth } = JSON.parse(head.slice(MAGIC.length)) as {
    segments: { grouping: string; rows: number }[];
    hasTruth: boolean;
  };
  const totals = new Map<string, number>();
  for (const s of segments) totals.set(s.grouping, (totals.get(s.grouping) ?? 0) + s.rows);
  const out = new Map<string, GroupingRows & { groupId: Int32Array; filled: number }>();
  for (const [grouping, rows] of totals) {
    out.set(grouping, {
      offsets: new Int32Array(0),
      groupId: new Int32Array(rows),
      labels: new Uint8Array(rows),
      tieKeys: new Int32Array(rows),
      model: new Float32Array(rows),
      popularity: new Float32Array(rows),
      truth: hasTruth ? new Float64Array(rows) : null,
      filled: 0,
    });
  }
  // Copy out of the file buffer (its offsets need not be aligned for typed-array views).
  let at = newline + 1;
  const take = (n: number) => {
    if (at + n > file.length) throw new CliError(`${path}: truncated: re-run predict`);
    const slice = new Uint8Array(n);
    slice.set(file.subarray(at, at + n));
    at += n;
    return slice.buffer;
  };
  for (const { grouping, rows: n } of segments) {
    const target = out.get(grouping)!;
    const o = target.filled;
    target.groupId.set(new Int32Array(take(4 * n)), o);
    target.labels.set(new Uint8Array(take(pad4(n))).subarray(0, n), o);
    target.tieKeys.set(new Int32Array(take(4 * n)), o);
    target.model.set(new Float32Array(take(4 * n)), o);
    target.popularity.set(new Float32Array(take(4 * n)), o);
    if (target.truth) target.truth.set(new Float64Array(take(8 * n)), o);
    target.filled += n;
  }
  if (at !== file.length) throw new CliError(`${path}: ${file.length - at} trailing bytes: re-run predict`);
  const result = new Map<string, GroupingRows>();
  for (const [grouping, t] of out) {
    const starts: number[] = [0];
    for (let i = 1; i < t.groupId.length; i++) if (t.groupId[i] !== t.groupId[i - 1]) starts.push(i);
    starts.push(t.groupId.length);
    result.set(grouping, {
      offsets: Int32Array.from(starts),
      labels: t.labels,
      tieKeys: t.tieKeys,
      model: t.model,
      popularity: t.popularity,
      truth: t.truth,
    });
  }
  return result;
}
