/**
 * @wemoms/data-schema/node: the Node-only half (node:fs, node:zlib): the streaming raw-log reader, parquet
 * files, row-key logs and atomic file writes. The browser-safe half is the package's main entry.
 */
export { atomicWriteFile, tempPathFor } from './atomic-write.js';
export { type ReadParquetOptions, readParquet } from './parquet-read.js';
export {
  defaultNullable,
  ParquetStreamWriter,
  type ParquetWriterOptions,
  valuesLength,
  type WriteParquetOptions,
  writeParquet,
} from './parquet-write.js';
export {
  RAW_TABLE_PARQUET_SCHEMA,
  rawTableParquetColumns,
  rawTableRowGroup,
  readRawTableParquet,
  writeRawTableParquet,
} from './raw-table-parquet.js';
export {
  type LoadRawOptions,
  loadRawLog,
  type RawLogReport,
  type ReadRawOptions,
  readRawBatches,
} from './read-raw-log.js';
export { MissingInputError, requireFile } from './require-file.js';
export {
  ROW_KEY_LOG_COLUMNS,
  type RowKeyColumnsOptions,
  type RowKeyLog,
  readRowKeyLog,
  rowKeyParquetColumns,
} from './row-keys.js';
