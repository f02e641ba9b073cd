import { deduplicate, type LabelConflicts, noLabelConflicts, type RawTable } from '@wemoms/data-schema';
import { buildTestGroups } from './build-test-groups.js';
import { type GroupingSummary, summariseGrouping } from './group-summary.js';
import { buildPostCatalog, type PostCatalog } from './post-catalog.js';
import { type LogSplit, type SplitSummary, splitLog } from './split.js';
import { DEFAULT_SPLIT, daysOf, resolveSplitConfig, type SplitConfig } from './split-config.js';
import { GROUPINGS, type Grouping, type TestGroups } from './test-groups.js';

/** Everything `make-dataset` produces, before it is written. */
export interface Dataset {
  /** The de-duplicated log: every row index of the split refers to it. */
  readonly log: RawTable;
  readonly split: LogSplit;
  readonly catalog: PostCatalog;
  /** The test days, ascending (days since 1970-01-01). */
  readonly testDays: number[];
  /** Per grouping, one TestGroups per test day (same order as testDays); ids run on across days. */
  readonly groups: Readonly<Record<Grouping, TestGroups[]>>;
  readonly summary: DatasetSummary;
}

/** The figures printed by `make-dataset` and saved as dataset-summary.json. */
export interface DatasetSummary {
  /**
   * Rows of the log as given, and ordinary duplicates removed on (trackable_id, user_id,
   * tracker_created_at): repeated rows of a key whose rows all agree on the label.
   */
  readonly inputRows: number;
  readonly duplicates: number;
  /** Keys whose rows disagree on the label: counted apart, kept once as opened (data-schema scanDuplicates). */
  readonly labelConflicts: LabelConflicts;
  readonly split: SplitSummary;
  /** Distinct posts observed in the de-duplicated log. */
  readonly posts: number;
  readonly test: Readonly<Record<Grouping, GroupingSummary>>;
}

/**
 * The groups of one grouping over several test days, numbered (day, candidate time, user id) from 0.
 */
export function buildAllTestGroups(
  log: RawTable,
  catalog: PostCatalog,
  grouping: Grouping,
  days: readonly number[],
): TestGroups[] {
  const result: TestGroups[] = [];
  let nextId = 0;
  for (const day of [...days].sort((a, b) => a - b)) {
    const groups = buildTestGroups(log, catalog, grouping, day, { firstGroupId: nextId });
    nextId += groups.length;
    result.push(groups);
  }
  return result;
}

export interface MakeDatasetOptions {
  /**
   * The caller already de-duplicated `raw` (e.g. `loadRawLog(path, {deduplicate: true})`) and dropped
   * this many ordinary duplicates: makeDataset does not de-duplicate again, and its summary counts them.
   */
  readonly duplicatesRemoved?: number;
  /** With duplicatesRemoved: the label conflicts the caller's de-duplication found (default none). */
  readonly labelConflicts?: LabelConflicts;
}

/**
 * De-duplicates the raw log (via data-schema), splits it, builds the post catalog and the test groups
 * of every grouping for every test day. Memory: the group definitions hold only labelled posts; the
 * candidates (groups x previous-day posts) are expanded later, a chunk at a time.
 */
export function makeDataset(
  raw: RawTable,
  config: SplitConfig = DEFAULT_SPLIT,
  options: MakeDatasetOptions = {},
): Dataset {
  const resolved = resolveSplitConfig(config);
  const removed = options.duplicatesRemoved;
  const {
    table: log,
    duplicates,
    labelConflicts,
  } = removed === undefined
    ? deduplicate(raw)
    : { table: raw, duplicates: removed, labelConflicts: options.labelConflicts ?? noLabelConflicts() };
  const split = splitLog(log, config);
  const catalog = buildPostCatalog(log);
  const testDays = daysOf(resolved.test);
  const groups = {} as Record<Grouping, TestGroups[]>;
  const test = {} as Record<Grouping, GroupingSummary>;
  for (const grouping of GROUPINGS) {
    groups[grouping] = buildAllTestGroups(log, catalog, grouping, testDays);
    test[grouping] = summariseGrouping(groups[grouping], catalog);
  }
  return {
    log,
    split,
    catalog,
    testDays,
    groups,
    summary: {
      inputRows: removed === undefined ? raw.length : raw.length + removed + labelConflicts.rowsRemoved,
      duplicates,
      labelConflicts,
      split: split.summary,
      posts: catalog.postsByCreation.length,
      test,
    },
  };
}
