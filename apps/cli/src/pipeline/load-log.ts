/** Loads the de-duplicated log snapshot and what every later stage derives from it. */
import { statSync } from 'node:fs';
import type { RawTable } from '@wemoms/data-schema';
import { type RowKeyLog, readRawTableParquet, readRowKeyLog, requireFile } from '@wemoms/data-schema/node';
import { buildPostCatalog, type PostCatalog } from '@wemoms/dataset';
import { BufferArena, createFeatureContext, type FeatureContext } from '@wemoms/features';
import type { CliContext } from '../runtime/context.js';

export interface LoadedLog {
  log: RawTable;
  catalog: PostCatalog;
  features: FeatureContext;
  /**
   * The feature buffers scoreGroups recycles, shared by its successive calls over this log (one per test
   * day and grouping), which run one after the other: a per-call arena would page in a fresh batch of
   * feature arrays (~300 bytes per candidate) for every day. Its slabs are allocated on first use.
   */
  arena: BufferArena;
}

const snapshotKey = (ctx: CliContext): string => {
  requireFile(ctx.paths.logSnapshot, 'log snapshot', 'make-dataset', ctx.workdir);
  const stat = statSync(ctx.paths.logSnapshot);
  return `${ctx.paths.logSnapshot}|${stat.size}|${stat.mtimeMs}`;
};

/**
 * The ids, times and labels of the log snapshot (what merge-features needs): the loaded snapshot when
 * the context's snapshot slot has it, else only those columns of the file.
 */
export async function loadLogKeys(ctx: CliContext): Promise<RowKeyLog> {
  const cached = ctx.snapshot.current;
  if (cached?.key === snapshotKey(ctx)) return (await cached.loaded).log;
  return readRowKeyLog(ctx.paths.logSnapshot);
}

/**
 * Reads data/interim/log.parquet and builds the post catalog and the shared feature context, or returns
 * what the context's snapshot slot (`ctx.snapshot`) holds for the same file (path, size and mtime).
 */
export function loadLogSnapshot(ctx: CliContext): Promise<LoadedLog> {
  const key = snapshotKey(ctx);
  const slot = ctx.snapshot;
  if (slot.current?.key === key) return slot.current.loaded;
  const loaded = readSnapshot(ctx.paths.logSnapshot);
  slot.current = { key, loaded };
  // A failed load is not kept: the next call reads the file again.
  loaded.catch(() => {
    if (slot.current?.loaded === loaded) slot.current = null;
  });
  return loaded;
}

async function readSnapshot(path: string): Promise<LoadedLog> {
  const log = await readRawTableParquet(path);
  // Catalog and feature context on first use: merge-features needs neither.
  let catalog: PostCatalog | null = null;
  let features: FeatureContext | null = null;
  const catalogOf = (): PostCatalog => {
    catalog ??= buildPostCatalog(log);
    return catalog;
  };
  return {
    log,
    arena: new BufferArena(),
    get catalog() {
      return catalogOf();
    },
    get features() {
      // The test candidates' post ages must use the same creation times as the candidate sets.
      features ??= createFeatureContext(log, { postCreationMicros: catalogOf().creationMicros });
      return features;
    },
  };
}
