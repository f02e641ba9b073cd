/** Reads reports/evaluation-rows.parquet back into per-grouping CSR columns for the metrics. */
import { readParquet } from '@wemoms/data-schema';
import { CliError } from '../runtime/errors.js';

export interface GroupingRows {
  offsets: Int32Array;
  labels: Uint8Array;
  tieKeys: Int32Array;
  model: Float32Array;
  popularity: Float32Array;
  /** null when the file holds no ground truth. */
  truth: Float64Array | null;
}

/** Rows of each grouping, in file order (predict writes groups contiguously). */
export async function readEvaluationRows(path: string): Promise<Map<string, GroupingRows>> {
  const table = await readParquet(path);
  const c = table.columns;
  const grouping = c.grouping as { codes: Int32Array; dictionary: string[] };
  const groupId = c.group_id as Int32Array;
  const label = c.label as Uint8Array;
  const tie = c.tie_key as Int32Array;
  const model = c.model as Float32Array;
  const popularity = c.popularity as Float32Array;
  const truth = c.truth as Float64Array;
  const out = new Map<string, GroupingRows>();
  let start = 0;
  while (start < table.length) {
    const code = grouping.codes[start];
    let end = start;
    while (end < table.length && grouping.codes[end] === code) end++;
    const offsets: number[] = [0];
    for (let i = start + 1; i < end; i++) {
      if (groupId[i] !== groupId[i - 1]) {
        offsets.push(i - start);
      }
    }
    offsets.push(end - start);
    const name = grouping.dictionary[code];
    if (out.has(name))
      throw new CliError(`${path}: rows of grouping ${name} are not contiguous: re-run predict`);
    let hasTruth = false;
    for (let i = start; i < end && !hasTruth; i++) hasTruth = !Number.isNaN(truth[i]);
    out.set(name, {
      offsets: Int32Array.from(offsets),
      labels: label.subarray(start, end),
      tieKeys: tie.subarray(start, end),
      model: model.subarray(start, end),
      popularity: popularity.subarray(start, end),
      truth: hasTruth ? truth.subarray(start, end) : null,
    });
    start = end;
  }
  return out;
}
