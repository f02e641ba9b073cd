/**
 * @wemoms/data-schema, browser-safe: the raw event schema, validation, row rules, time, de-duplication, the
 * in-memory raw table and the project's one seeded PRNG (`Rng`, `seededRandom`). File IO (the gzip JSON-lines
 * reader, parquet files, atomic writes) is Node-only, in `@wemoms/data-schema/node`.
 */
export {
  compactKeptRuns,
  type DuplicateScan,
  deduplicate,
  firstOccurrenceRows,
  type LabelConflictExample,
  type LabelConflicts,
  noLabelConflicts,
  promoteKept,
  scanDuplicates,
} from './deduplicate.js';
export { dictionaryRank } from './dictionary.js';
export { rawEventJsonSchema } from './json-schema.js';
export { lowerBound } from './lower-bound.js';
export type {
  ParquetColumn,
  ParquetColumnSpec,
  ParquetColumnType,
  ParquetReadValues,
  ParquetTable,
  ParquetWriteValues,
} from './parquet-types.js';
export {
  cumulativeOf,
  hash32,
  hashNormal,
  hashUniform,
  pickCumulativeAt,
  Rng,
  seededRandom,
  shuffleInPlace,
  splitmix32,
} from './random.js';
export { RawLogError } from './raw-log-error.js';
export { EXPECTED_BY_KIND, RawTableBuilder, type RowShape } from './raw-table-builder.js';
export { describeIssue, describeValue, type RejectReason, type RowIssue } from './row-issue.js';
export {
  defaultImpressionWindow,
  describeImpressionWindow,
  EARLIEST_PLAUSIBLE_IMPRESSION,
  impressionWindowOfDays,
  type RowRules,
  type TimeWindow,
} from './row-rules.js';
export {
  type ColumnKind,
  type ColumnSpec,
  DEDUP_KEY,
  type DictionaryColumn,
  type IntListColumn,
  RAW_COLUMN_NAMES,
  RAW_SCHEMA,
  type RawColumnName,
  type RawColumns,
  type RawEventJson,
  type RawTable,
} from './schema.js';
export { compactRowsInPlace, takeRows } from './take-rows.js';
export {
  civilFromDays,
  daysFromCivil,
  formatDay,
  formatTimestampMicros,
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
  parseDay,
  parseTimestampBytes,
  parseTimestampMicros,
  utcDay,
} from './time.js';
export { assertRawEvent, type RawEventValidation, validateRawEvent } from './validate-raw-event.js';
