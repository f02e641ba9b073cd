/**
 * The evaluation rows predict hands to evaluate: per candidate its grouping, group id, label, tie key and
 * every ranker's score. An internal intermediate, so a flat binary layout rather than parquet: written and
 * read at disk speed, each column of each grouping read straight into its final typed array.
 *
 * Layout: `WEMOMS-EVAL/3 {"groupings":[{grouping,rows,withoutEarlierObservation,days}],"hasTruth":bool}`
 * padded with spaces to 4,096 bytes with the last one `\n`, then column by column (groupId Int32, label
 * Uint8, tieKey Int32, model Float32, popularity Float32, then only when hasTruth truth Float64 and ceiling
 * Float64), each the rows of every grouping in the header's order, each column padded to a multiple of 8
 * bytes. `withoutEarlierObservation` counts the grouping's candidates whose post has no observation
 * before the candidate time (their counters are missing, issue 19); `days` lists its test days.
 */

import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { tempPathFor } from '@wemoms/data-schema/node';
import { CliError } from '../runtime/errors.js';

const MAGIC = 'WEMOMS-EVAL/3 ';

export interface EvaluationChunk {
  grouping: string;
  groupId: Int32Array;
  label: Uint8Array;
  tieKey: Int32Array;
  model: Float32Array;
  popularity: Float32Array;
  truth: Float64Array | null;
  /** The observable ceiling's probabilities: present exactly when truth is. */
  ceiling: Float64Array | null;
  /** Candidates of the chunk whose post has no observation before the candidate time. */
  withoutEarlierObservation?: number;
  /** Test day of the chunk (days since the epoch). */
  day?: number;
}

export interface GroupingRows {
  offsets: Int32Array;
  /** Group id (test.parquet's group_id) of each group, in offsets order. */
  groupIds: Int32Array;
  labels: Uint8Array;
  tieKeys: Int32Array;
  model: Float32Array;
  popularity: Float32Array;
  /** null when the run had no ground truth. */
  truth: Float64Array | null;
  /** The observable ceiling's probabilities; null without ground truth. */
  ceiling: Float64Array | null;
  /** Candidates whose post has no observation before the candidate time. */
  withoutEarlierObservation: number;
  /** Test days (days since the epoch) the grouping's rows come from, ascending. */
  days: number[];
}

const COLUMNS = ['groupId', 'label', 'tieKey', 'model', 'popularity', 'truth', 'ceiling'] as const;
type ColumnName = (typeof COLUMNS)[number];
const TRUTH_COLUMNS: ReadonlySet<ColumnName> = new Set(['truth', 'ceiling']);
const ELEMENT_BYTES: Record<ColumnName, number> = {
  groupId: 4,
  label: 1,
  tieKey: 4,
  model: 4,
  popularity: 4,
  truth: 8,
  ceiling: 8,
};

interface HeaderGrouping {
  grouping: string;
  rows: number;
  withoutEarlierObservation: number;
  days: number[];
}

const pad8 = (n: number) => (n + 7) & ~7;
const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Bytes reserved for the header: the grouping counts are known only at the end. */
const HEADER_BYTES = 4096;

/**
 * Writes each chunk's columns in place, at their final offsets in one temporary file (the total row count
 * is known up front), then the header, then renames it into place on close (atomic): no second copy.
 * Each grouping's rows must be written contiguously.
 */
export class EvaluationRowsWriter {
  private readonly temp: string;
  private readonly fd: number;
  private readonly columns: ColumnName[];
  private readonly columnStart: Record<ColumnName, number>;
  private readonly groupings: HeaderGrouping[] = [];
  private closed = false;
  rows = 0;

  /**
   * @param expectedRows the exact number of rows that will be written
   * @param hasTruth whether every chunk carries ground-truth scores
   */
  constructor(
    readonly path: string,
    private readonly expectedRows: number,
    private readonly hasTruth: boolean,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.columns = COLUMNS.filter((c) => hasTruth || !TRUTH_COLUMNS.has(c));
    this.columnStart = {} as Record<ColumnName, number>;
    let at = HEADER_BYTES;
    for (const c of this.columns) {
      this.columnStart[c] = at;
      at += pad8(expectedRows * ELEMENT_BYTES[c]);
    }
    this.temp = tempPathFor(path);
    this.fd = openSync(this.temp, 'w');
  }

  write(chunk: EvaluationChunk): void {
    const n = chunk.groupId.length;
    if (n === 0) return;
    if ((chunk.truth !== null) !== this.hasTruth || (chunk.ceiling !== null) !== this.hasTruth)
      throw new Error(
        `evaluation rows: ground truth ${this.hasTruth ? 'missing on' : 'not expected on'} a chunk`,
      );
    if (this.rows + n > this.expectedRows)
      throw new Error(`evaluation rows: more than the ${this.expectedRows} rows announced`);
    let last = this.groupings.at(-1);
    if (last?.grouping !== chunk.grouping) {
      if (this.groupings.some((g) => g.grouping === chunk.grouping))
        throw new Error(`evaluation rows: grouping ${chunk.grouping} written in two separate runs`);
      last = { grouping: chunk.grouping, rows: 0, withoutEarlierObservation: 0, days: [] };
      this.groupings.push(last);
    }
    last.rows += n;
    last.withoutEarlierObservation += chunk.withoutEarlierObservation ?? 0;
    if (chunk.day !== undefined && !last.days.includes(chunk.day)) {
      last.days.push(chunk.day);
      last.days.sort((a, b) => a - b);
    }
    const values: Record<ColumnName, ArrayBufferView | null> = {
      groupId: chunk.groupId,
      label: chunk.label,
      tieKey: chunk.tieKey,
      model: chunk.model,
      popularity: chunk.popularity,
      truth: chunk.truth,
      ceiling: chunk.ceiling,
    };
    try {
      for (const c of this.columns) {
        writeSync(
          this.fd,
          bytes(values[c]!),
          0,
          n * ELEMENT_BYTES[c],
          this.columnStart[c] + this.rows * ELEMENT_BYTES[c],
        );
      }
    } catch (error) {
      // A failed write (a full disk) names no file: this one.
      (error as NodeJS.ErrnoException).path ??= this.temp;
      throw error;
    }
    this.rows += n;
  }

  close(): void {
    if (this.rows !== this.expectedRows) {
      this.abort();
      throw new Error(`evaluation rows: ${this.rows} rows written, ${this.expectedRows} announced`);
    }
    const head = `${MAGIC}${JSON.stringify({ groupings: this.groupings, hasTruth: this.hasTruth })}`;
    if (head.length >= HEADER_BYTES) throw new Error('evaluation rows: header too long');
    try {
      writeSync(this.fd, Buffer.from(`${head.padEnd(HEADER_BYTES - 1, ' ')}\n`, 'utf8'), 0, HEADER_BYTES, 0);
      // The last column's padding: the file ends where the reader expects it.
      const end =
        this.columnStart[this.columns.at(-1)!] +
        pad8(this.expectedRows * ELEMENT_BYTES[this.columns.at(-1)!]);
      ftruncateSync(this.fd, end);
      closeSync(this.fd);
      this.closed = true;
      renameSync(this.temp, this.path);
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** Discards the temporary file; the target path is left untouched. */
  abort(): void {
    if (!this.closed) {
      this.closed = true;
      closeSync(this.fd);
    }
    rmSync(this.temp, { force: true });
  }
}

/** A grouping of an evaluation-rows file: its name and candidate count. */
export interface EvaluationRowsGrouping {
  readonly grouping: string;
  readonly rows: number;
}

interface Header {
  readonly groupings: HeaderGrouping[];
  readonly hasTruth: boolean;
  /** The columns stored (the truth columns only with ground truth), in file order. */
  readonly columns: ColumnName[];
  /** Rows of every grouping. */
  readonly total: number;
  /** Byte offset of the first column. */
  readonly start: number;
}

/** Reads and checks the header (and the file's size against it) of an open evaluation-rows file. */
function readHeader(fd: number, path: string): Header {
  const size = statSync(path).size;
  const probe = Buffer.alloc(Math.min(size, 1 << 16));
  readSync(fd, probe, 0, probe.length, 0);
  const newline = probe.indexOf(10);
  const head = probe.subarray(0, Math.max(0, newline)).toString('utf8');
  if (newline < 0 || !head.startsWith(MAGIC))
    throw new CliError(`${path}: not an evaluation-rows file: re-run predict`);
  const { groupings, hasTruth } = JSON.parse(head.slice(MAGIC.length)) as {
    groupings: HeaderGrouping[];
    hasTruth: boolean;
  };
  const total = groupings.reduce((s, g) => s + g.rows, 0);
  const columns = COLUMNS.filter((c) => hasTruth || !TRUTH_COLUMNS.has(c));
  const expected = newline + 1 + columns.reduce((s, c) => s + pad8(total * ELEMENT_BYTES[c]), 0);
  if (size !== expected) {
    throw new CliError(
      `${path}: ${size < expected ? 'truncated' : `${size - expected} trailing bytes`}: re-run predict`,
    );
  }
  return { groupings, hasTruth, columns, total, start: newline + 1 };
}

/** The groupings of an evaluation-rows file and their candidate counts, in write order (the header only). */
export function evaluationRowsGroupings(path: string): EvaluationRowsGrouping[] {
  const fd = openSync(path, 'r');
  try {
    return readHeader(fd, path).groupings.map(({ grouping, rows }) => ({ grouping, rows }));
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a file written by EvaluationRowsWriter into per-grouping CSR columns, in write order: every
 * grouping, or only those in `only` (the others' bytes are not read).
 */
export function readEvaluationRows(path: string, only?: ReadonlySet<string>): Map<string, GroupingRows> {
  const fd = openSync(path, 'r');
  try {
    const { groupings, hasTruth, columns, total, start } = readHeader(fd, path);
    const wanted = groupings.map(({ grouping }) => only === undefined || only.has(grouping));
    // Every (column, grouping) is one contiguous region: read it straight into its typed array.
    const allocate = (c: ColumnName, n: number): ArrayBufferView => {
      switch (c) {
        case 'label':
          return new Uint8Array(n);
        case 'model':
        case 'popularity':
          return new Float32Array(n);
        case 'truth':
        case 'ceiling':
          return new Float64Array(n);
        default:
          return new Int32Array(n);
      }
    };
    const arrays = groupings.map(() => ({}) as Record<ColumnName, ArrayBufferView>);
    let at = start;
    for (const c of columns) {
      let offset = at;
      groupings.forEach(({ rows }, g) => {
        const length = rows * ELEMENT_BYTES[c];
        if (!wanted[g]) {
          offset += length;
          return;
        }
        const target = allocate(c, rows);
        let done = 0;
        while (done < length) {
          const read = readSync(fd, bytes(target), done, length - done, offset + done);
          if (read <= 0) throw new CliError(`${path}: truncated: re-run predict`);
          done += read;
        }
        offset += length;
        arrays[g][c] = target;
      });
      at += pad8(total * ELEMENT_BYTES[c]);
    }
    const result = new Map<string, GroupingRows>();
    groupings.forEach(({ grouping, withoutEarlierObservation, days }, g) => {
      if (!wanted[g]) return;
      const a = arrays[g];
      const groupId = a.groupId as Int32Array;
      const starts: number[] = [0];
      for (let i = 1; i < groupId.length; i++) if (groupId[i] !== groupId[i - 1]) starts.push(i);
      starts.push(groupId.length);
      result.set(grouping, {
        offsets: Int32Array.from(starts),
        groupIds: Int32Array.from(starts.slice(0, -1), (start) => groupId[start]),
        labels: a.label as Uint8Array,
        tieKeys: a.tieKey as Int32Array,
        model: a.model as Float32Array,
        popularity: a.popularity as Float32Array,
        truth: hasTruth ? (a.truth as Float64Array) : null,
        ceiling: hasTruth ? (a.ceiling as Float64Array) : null,
        withoutEarlierObservation,
        days,
      });
    });
    return result;
  } finally {
    closeSync(fd);
  }
}
