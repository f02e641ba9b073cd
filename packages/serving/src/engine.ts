/**
 * What the service ranks with, supplied by its host (`wemoms serve` builds it from the trained model and
 * the log snapshot, with the same ranking code as `wemoms rank`): the service owns HTTP, the live event
 * overlay and monitoring; the engine owns features, model and ranking.
 */
import type { RawTable } from '@wemoms/data-schema';
import type { PostCatalog, TestGroups } from '@wemoms/dataset';
import type { FeatureContext } from '@wemoms/features';

export interface ModelInfo {
  readonly name: string;
  readonly version: string;
}

/** A log and what ranking derives from it (the CLI's LoadedLog has this shape). */
export interface LogView {
  readonly log: RawTable;
  readonly catalog: PostCatalog;
  readonly features: FeatureContext;
}

/** Contextual signals of an online request, applied on top of the logged features. */
export interface RankContext {
  /** The platform the request comes from (`ios`, `android`); null keeps the user's logged platform. */
  readonly platform: string | null;
}

export interface RankedItem {
  readonly rank: number;
  readonly trackable_id: string;
  readonly score: number;
}

export interface ServingEngine {
  readonly model: ModelInfo;
  /** The loaded log snapshot; ingested events are overlaid on it. */
  readonly base: LogView;
  /** Describes the snapshot (file, size, time) for /readyz. */
  readonly snapshot: string;
  /**
   * The top `topK` of each group of `groups`, ranked against `view` exactly as `wemoms rank` ranks (as-of
   * features, the model, score then post-id tie-break). Synchronous: one request's ranking at a time.
   */
  rank(view: LogView, groups: TestGroups, context: RankContext, topK: number): RankedItem[][];
}
