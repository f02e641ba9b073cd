import type { ParquetColumnSpec } from '@wemoms/data-schema';
import { ParquetStreamWriter } from '@wemoms/data-schema/node';
import { BufferArena } from '../arena.js';
import { type FeaturizeCandidatesOptions, featurizeCandidates } from '../candidates.js';
import { CATEGORY_NAMES, getCategory } from '../registry.js';
import type { FeatureContext, QueryPoints } from '../types.js';
import { featureParquetSpec } from './frame-parquet.js';

/** A candidate chunk as dataset's expandCandidates yields it (the fields written here). */
export interface CandidateRows extends QueryPoints {
  readonly groupId: Int32Array;
  readonly label: Uint8Array;
}

/** One grouping's candidate stream (day by day). */
export interface CandidateSource {
  readonly grouping: string;
  readonly chunks: Iterable<CandidateRows>;
}

export interface TestFeaturesResult {
  readonly path: string;
  readonly rows: number;
  readonly rowsByGrouping: Record<string, number>;
}

const KEY_SCHEMA: ParquetColumnSpec[] = [
  { name: 'grouping', type: 'string', nullable: false },
  { name: 'group_id', type: 'int32', nullable: false },
  { name: 'user_id', type: 'string', nullable: false },
  { name: 'trackable_id', type: 'string', nullable: false },
  { name: 'candidate_time', type: 'timestamp', nullable: false },
  { name: 'label', type: 'boolean', nullable: false },
];

/**
 * Featurises every candidate of the given groupings as of its group's time and streams them into one
 * parquet file (data/processed/test_features.parquet), one row group per featurised chunk: grouping,
 * group id, ids, candidate time, label, then the features. Memory stays bounded by a batch of chunks;
 * the file appears only when complete (temp name + rename), and is removed if featurisation fails.
 */
export function writeTestFeatures(
  path: string,
  context: FeatureContext,
  sources: Iterable<CandidateSource>,
  options: FeaturizeCandidatesOptions = {},
): TestFeaturesResult {
  const names = options.categories ?? CATEGORY_NAMES;
  const specs = names.flatMap((name) => getCategory(name).outputs);
  const writer = new ParquetStreamWriter(path, [...KEY_SCHEMA, ...specs.map(featureParquetSpec)], {
    metadata: { 'wemoms.features': 'test candidates' },
  });
  const c = context.log.columns;
  const rowsByGrouping: Record<string, number> = {};
  const arena = new BufferArena();
  try {
    for (const source of sources) {
      const groupingDictionary = [source.grouping];
      // Each row group is encoded before the next chunk is asked for: the batch arrays can be recycled.
      for (const { chunk, features } of featurizeCandidates(context, source.chunks, {
        reuseBuffers: arena,
        ...options,
      })) {
        if (chunk.length === 0) continue;
        writer.writeRowGroup({
          grouping: { codes: new Int32Array(chunk.length), dictionary: groupingDictionary },
          group_id: chunk.groupId,
          user_id: { codes: chunk.user, dictionary: c.user_id.dictionary },
          trackable_id: { codes: chunk.post, dictionary: c.trackable_id.dictionary },
          candidate_time: chunk.time,
          label: chunk.label,
          ...features.columns,
        });
        rowsByGrouping[source.grouping] = (rowsByGrouping[source.grouping] ?? 0) + chunk.length;
      }
    }
    writer.close();
  } catch (error) {
    writer.abort();
    throw error;
  }
  return { path, rows: writer.rows, rowsByGrouping };
}
