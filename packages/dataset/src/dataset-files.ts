import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type DictionaryColumn,
  formatDay,
  type ParquetReadValues,
  parseDay,
  type RawTable,
} from '@wemoms/data-schema';
import {
  atomicWriteFile,
  ParquetStreamWriter,
  type RowKeyLog,
  readParquet,
  rowKeyParquetColumns,
  writeParquet,
} from '@wemoms/data-schema/node';
import { groupKey } from './build-test-groups.js';
import type { Dataset, DatasetSummary } from './make-dataset.js';
import { postsCreatedOn } from './post-catalog.js';
import { CANDIDATE_SET, GROUPINGS, type Grouping, type TestGroups } from './test-groups.js';

/** File names inside the dataset directory (data/processed by default). */
export const DATASET_FILES = {
  train: 'train.parquet',
  eval: 'eval.parquet',
  test: 'test.parquet',
  testPosts: 'test_posts.parquet',
  summary: 'dataset-summary.json',
} as const;

const TEST_SCHEMA = [
  { name: 'grouping', type: 'string', nullable: false },
  { name: 'day', type: 'string', nullable: false },
  { name: 'group_id', type: 'int32', nullable: false },
  { name: 'group_key', type: 'string', nullable: false },
  { name: 'user_id', type: 'string', nullable: false },
  { name: 'trackable_id', type: 'string', nullable: false },
  { name: 'candidate_time', type: 'timestamp', nullable: false },
  { name: 'label', type: 'boolean', nullable: false },
] as const;

/** One row group of test.parquet: the labelled posts of one grouping on one day. */
function testRowGroup(log: RawTable, groups: TestGroups) {
  const n = groups.post.length;
  const groupId = new Int32Array(n);
  const user = new Int32Array(n);
  const time = new Float64Array(n);
  const keys: string[] = new Array(n);
  for (let g = 0; g < groups.length; g++) {
    const key = groupKey(groups, g, log.columns.user_id.dictionary);
    for (let i = groups.offsets[g]; i < groups.offsets[g + 1]; i++) {
      groupId[i] = groups.groupId[g];
      user[i] = groups.user[g];
      time[i] = groups.time[g];
      keys[i] = key;
    }
  }
  return {
    grouping: new Array<string>(n).fill(groups.grouping),
    day: new Array<string>(n).fill(formatDay(groups.day)),
    group_id: groupId,
    group_key: keys,
    user_id: { codes: user, dictionary: log.columns.user_id.dictionary },
    trackable_id: { codes: groups.post, dictionary: log.columns.trackable_id.dictionary },
    candidate_time: time,
    label: groups.label,
  };
}

/**
 * Writes train.parquet, eval.parquet, test.parquet (one row per labelled (grouping, group, post):
 * positives for event/userDay, shown posts for impressions), test_posts.parquet (each test day's
 * candidate pool: the posts created the day before, with creation and first-seen times) and
 * dataset-summary.json into `dir`. Each file is atomic (temp name + rename); the summary goes last, so
 * its presence marks a complete set. Candidates are not written: expandCandidates rebuilds them from the
 * groups and the pool.
 */
export function writeDataset(dir: string, dataset: Dataset): void {
  const { log, split, catalog } = dataset;
  // Train/eval file: row index into the de-duplicated log, ids, impression time, label.
  writeParquet(join(dir, DATASET_FILES.train), rowKeyParquetColumns(log, split.train, { label: true }));
  writeParquet(join(dir, DATASET_FILES.eval), rowKeyParquetColumns(log, split.eval, { label: true }));

  const writer = new ParquetStreamWriter(join(dir, DATASET_FILES.test), TEST_SCHEMA);
  try {
    for (const grouping of GROUPINGS) {
      for (const groups of dataset.groups[grouping]) {
        if (groups.post.length > 0) writer.writeRowGroup(testRowGroup(log, groups));
      }
    }
    writer.close();
  } catch (error) {
    writer.abort();
    throw error;
  }

  const days: string[] = [];
  const posts: number[] = [];
  for (const day of dataset.testDays) {
    for (const p of postsCreatedOn(catalog, day - 1)) {
      days.push(formatDay(day));
      posts.push(p);
    }
  }
  const postCodes = Int32Array.from(posts);
  writeParquet(join(dir, DATASET_FILES.testPosts), [
    { name: 'day', type: 'string', nullable: false, data: days },
    {
      name: 'trackable_id',
      type: 'string',
      nullable: false,
      data: { codes: postCodes, dictionary: log.columns.trackable_id.dictionary },
    },
    {
      name: 'created_at',
      type: 'timestamp',
      nullable: false,
      data: Float64Array.from(postCodes, (p) => catalog.creationMicros[p]),
    },
    {
      name: 'first_seen_at',
      type: 'timestamp',
      nullable: false,
      data: Float64Array.from(postCodes, (p) => catalog.firstSeenMicros[p]),
    },
  ]);
  atomicWriteFile(join(dir, DATASET_FILES.summary), `${JSON.stringify(dataset.summary, null, 2)}\n`);
}

/** A train or eval file read back against its log. */
export interface SplitRows {
  /** Row indices into the de-duplicated log. */
  readonly rows: Int32Array;
  readonly label: Uint8Array;
}

/** What readDataset returns: the split rows and the test groups, coded with the log's dictionaries. */
export interface DatasetFiles {
  readonly train: SplitRows;
  readonly eval: SplitRows;
  /** Per grouping, one TestGroups per test day with at least one group, ascending days. */
  readonly groups: Readonly<Record<Grouping, TestGroups[]>>;
  readonly summary: DatasetSummary;
}

function dictionaryColumn(
  path: string,
  values: ParquetReadValues | undefined,
  name: string,
): DictionaryColumn {
  if (values === undefined || !('codes' in values))
    throw new Error(`${path}: column ${name}: expected strings`);
  return values;
}

function numbers(path: string, values: ParquetReadValues | undefined, name: string): ArrayLike<number> {
  if (values === undefined || !ArrayBuffer.isView(values))
    throw new Error(`${path}: column ${name}: missing`);
  return values;
}

/**
 * id -> code of a log dictionary, built once per dictionary (a million ids take a good part of a second).
 * A pure memo of an immutable dictionary, not a hidden dependency: the codes are the same without it.
 */
const dictionaryIndexes = new WeakMap<readonly string[], Map<string, number>>();

function dictionaryIndex(dictionary: readonly string[]): Map<string, number> {
  let index = dictionaryIndexes.get(dictionary);
  if (!index) {
    index = new Map();
    for (let c = 0; c < dictionary.length; c++) index.set(dictionary[c], c);
    dictionaryIndexes.set(dictionary, index);
  }
  return index;
}

/** Maps a file's string column onto a log dictionary's codes; unknown ids are an error. */
function recode(
  path: string,
  column: DictionaryColumn,
  logDictionary: readonly string[],
  name: string,
): Int32Array {
  const index = dictionaryIndex(logDictionary);
  const toLog = column.dictionary.map((id) => index.get(id) ?? -1);
  const codes = new Int32Array(column.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const code = column.codes[i] < 0 ? -1 : toLog[column.codes[i]];
    if (code < 0) {
      throw new Error(
        `${path}: row ${i}: column ${name}: ${JSON.stringify(column.dictionary[column.codes[i]] ?? null)} is not in the log`,
      );
    }
    codes[i] = code;
  }
  return codes;
}

/**
 * Whether a file's id column names the log's ids at the given rows: each file code is matched to the
 * log code at its first row by comparing the strings, later rows compare codes (no id -> code index).
 */
function sameIds(
  column: DictionaryColumn,
  logColumn: DictionaryColumn,
  rows: ArrayLike<number>,
  length: number,
): number {
  const toLog = new Int32Array(column.dictionary.length).fill(-1);
  for (let i = 0; i < length; i++) {
    const c = column.codes[i];
    const logCode = logColumn.codes[rows[i]];
    if (c < 0) return i;
    if (toLog[c] === -1) {
      if (column.dictionary[c] !== logColumn.dictionary[logCode]) return i;
      toLog[c] = logCode;
    } else if (toLog[c] !== logCode) return i;
  }
  return -1;
}

async function readSplit(path: string, log: RowKeyLog): Promise<SplitRows> {
  const file = await readParquet(path);
  const rows = numbers(path, file.columns.row, 'row');
  const time = numbers(path, file.columns.tracker_created_at, 'tracker_created_at');
  const label = numbers(path, file.columns.label, 'label');
  const out = new Int32Array(file.length);
  const stale = (i: number, r: number) =>
    new Error(`${path}: row ${i}: log row ${r} does not match the de-duplicated log (stale file?)`);
  for (let i = 0; i < file.length; i++) {
    const r = rows[i];
    // The file must describe this very log: a stale file from another run would misalign every feature.
    if (!(r >= 0 && r < log.length) || log.columns.tracker_created_at[r] !== time[i]) throw stale(i, r);
    out[i] = r;
  }
  for (const name of ['user_id', 'trackable_id'] as const) {
    const bad = sameIds(
      dictionaryColumn(path, file.columns[name], name),
      log.columns[name],
      out,
      file.length,
    );
    if (bad >= 0) throw stale(bad, out[bad]);
  }
  return { rows: out, label: Uint8Array.from(label) };
}

async function readTestGroups(path: string, log: RawTable): Promise<Record<Grouping, TestGroups[]>> {
  const file = await readParquet(path);
  const grouping = dictionaryColumn(path, file.columns.grouping, 'grouping');
  const day = dictionaryColumn(path, file.columns.day, 'day');
  const groupId = numbers(path, file.columns.group_id, 'group_id');
  const time = numbers(path, file.columns.candidate_time, 'candidate_time');
  const label = numbers(path, file.columns.label, 'label');
  const user = recode(
    path,
    dictionaryColumn(path, file.columns.user_id, 'user_id'),
    log.columns.user_id.dictionary,
    'user_id',
  );
  const post = recode(
    path,
    dictionaryColumn(path, file.columns.trackable_id, 'trackable_id'),
    log.columns.trackable_id.dictionary,
    'trackable_id',
  );
  const dayNumbers = day.dictionary.map((d) => parseDay(d));
  const result = Object.fromEntries(GROUPINGS.map((g) => [g, [] as TestGroups[]])) as Record<
    Grouping,
    TestGroups[]
  >;
  let i = 0;
  while (i < file.length) {
    // One run of rows per (grouping, day), as writeDataset writes them.
    const name = grouping.dictionary[grouping.codes[i]] as Grouping;
    if (!GROUPINGS.includes(name))
      throw new Error(`${path}: row ${i}: unknown grouping ${JSON.stringify(name)}`);
    const dayCode = day.codes[i];
    let end = i;
    while (end < file.length && grouping.codes[end] === grouping.codes[i] && day.codes[end] === dayCode)
      end++;
    const gUser: number[] = [];
    const gTime: number[] = [];
    const gId: number[] = [];
    const offsets = [0];
    for (let r = i; r < end; r++) {
      if (r === i || groupId[r] !== groupId[r - 1]) {
        if (r > i) offsets.push(r - i);
        gId.push(groupId[r]);
        gUser.push(user[r]);
        gTime.push(time[r]);
      }
    }
    offsets.push(end - i);
    result[name].push({
      grouping: name,
      day: dayNumbers[dayCode],
      candidates: CANDIDATE_SET[name],
      length: gId.length,
      groupId: Int32Array.from(gId),
      user: Int32Array.from(gUser),
      time: Float64Array.from(gTime),
      offsets: Int32Array.from(offsets),
      post: post.slice(i, end),
      label: Uint8Array.from({ length: end - i }, (_, k) => label[i + k]),
    });
    i = end;
  }
  return result;
}

/**
 * Reads a dataset directory written by writeDataset back against the same de-duplicated log (ids are
 * re-coded with the log's dictionaries; a file that does not match the log is an error naming it).
 */
export async function readDataset(dir: string, log: RawTable): Promise<DatasetFiles> {
  const { train, eval: evalRows, summary } = await readTrainEval(dir, log);
  return { train, eval: evalRows, groups: await readTestGroups(join(dir, DATASET_FILES.test), log), summary };
}

/** The train and eval rows of a dataset directory (readDataset without the test groups). */
export async function readTrainEval(
  dir: string,
  log: RowKeyLog,
): Promise<Pick<DatasetFiles, 'train' | 'eval' | 'summary'>> {
  const summaryPath = join(dir, DATASET_FILES.summary);
  let summary: DatasetSummary;
  try {
    summary = JSON.parse(await readFile(summaryPath, 'utf8')) as DatasetSummary;
  } catch (error) {
    throw new Error(`${summaryPath}: cannot read the dataset summary: ${(error as Error).message}`);
  }
  return {
    train: await readSplit(join(dir, DATASET_FILES.train), log),
    eval: await readSplit(join(dir, DATASET_FILES.eval), log),
    summary,
  };
}
