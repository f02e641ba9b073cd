/**
 * The one place that reaches into hyparquet's and hyparquet-writer's unexported modules.
 *
 * Both packages expose `./src/*.js` in their `exports` map but promise nothing about those files between
 * minor versions, so every name that their public entries do not export is imported here and nowhere else,
 * the versions are pinned exactly in package.json, and `hyparquet-internals.test.ts` fails loudly (naming the
 * module and the expected shape) when an upgrade moves, renames or changes one of them. Names that are public
 * (`snappyUncompress` from 'hyparquet', `ByteWriter` from 'hyparquet-writer') are imported from the packages'
 * main entries where they are used.
 */

/** Thrift-compact page header decoder (hyparquet/src/column.js): reads one `PageHeader` at `reader.offset`. */
export { parquetHeader } from 'hyparquet/src/column.js';
/** RLE / bit-packed hybrid decoder (hyparquet/src/encoding.js): the tests' independent reference decoder. */
export { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
/** Parquet footer writer (hyparquet-writer/src/metadata.js): `FileMetaData` + its length + `PAR1`. */
export { writeMetadata } from 'hyparquet-writer/src/metadata.js';
/** Snappy block compressor (hyparquet-writer/src/snappy.js); hyparquet exports only the decompressor. */
export { snappyCompress } from 'hyparquet-writer/src/snappy.js';
/** Thrift compact-protocol struct serialiser (hyparquet-writer/src/thrift.js), for page headers. */
export { serializeTCompactProtocol } from 'hyparquet-writer/src/thrift.js';
