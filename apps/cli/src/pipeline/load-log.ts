/** Loads the de-duplicated log snapshot and what every later stage derives from it. */
import { type RawTable, readRawTableParquet } from '@wemoms/data-schema';
import { buildPostCatalog, type PostCatalog } from '@wemoms/dataset';
import { createFeatureContext, type FeatureContext } from '@wemoms/features';
import { requireFile } from '../io/require-file.js';
import type { CliContext } from '../runtime/context.js';

export interface LoadedLog {
  log: RawTable;
  catalog: PostCatalog;
  features: FeatureContext;
}

/** Reads data/interim/log.parquet and builds the post catalog and the shared feature context. */
export async function loadLogSnapshot(ctx: CliContext): Promise<LoadedLog> {
  requireFile(ctx.paths.logSnapshot, 'log snapshot', 'make-dataset', ctx.workdir);
  const log = await readRawTableParquet(ctx.paths.logSnapshot);
  const catalog = buildPostCatalog(log);
  // The test candidates' post ages must use the same creation times as the candidate sets.
  const features = createFeatureContext(log, { postCreationMicros: catalog.creationMicros });
  return { log, catalog, features };
}
