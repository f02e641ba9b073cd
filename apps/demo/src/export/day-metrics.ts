import { existsSync } from 'node:fs';
import type { RawTable } from '@wemoms/data-schema';
import {
  buildTestGroups,
  expandCandidates,
  GROUPINGS,
  type Grouping,
  type PostCatalog,
  sampleGroups,
} from '@wemoms/dataset';
import {
  type FeatureContext,
  featurizeCandidates,
  POPULARITY_CATEGORY,
  popularityScores,
} from '@wemoms/features';
import {
  buildMetricsReport,
  evaluateRankers,
  type GroupingName,
  type MetricsReport,
  type RankingEvaluation,
  randomScores,
} from '@wemoms/metrics';
import type { Ranker } from '@wemoms/model';
import { loadGroundTruth, truthScorer } from '@wemoms/synthetic';

export interface DayMetricsOptions {
  /** Groups evaluated per grouping (seeded uniform sample); null = all. */
  readonly maxGroups: number | null;
  readonly seed: number;
  /** Feature categories the ranker reads. */
  readonly categories: readonly string[];
  /** The synthetic ground truth (data/raw/truth), or null: with it, the oracle and simulatedCtr@10. */
  readonly truthDir?: string | null;
}

/**
 * The metrics of ONE test day, per grouping (event, userDay, impressions), the model beside the
 * most-popular and random baselines: the evaluation `wemoms evaluate` runs over all test days, restricted
 * to `day`, with the same packages (dataset groups, as-of featuriser, ranker, metrics). With the synthetic
 * ground truth, the oracle baseline and simulatedCtr@10 too (scored by @wemoms/synthetic's truthScorer,
 * as `wemoms predict` scores them).
 */
export function dayMetrics(
  log: RawTable,
  catalog: PostCatalog,
  context: FeatureContext,
  ranker: Ranker,
  day: number,
  options: DayMetricsOptions,
): MetricsReport {
  const categories = [...new Set([...options.categories, POPULARITY_CATEGORY])];
  const truth =
    options.truthDir && existsSync(options.truthDir)
      ? truthScorer(
          loadGroundTruth(options.truthDir),
          log.columns.user_id.dictionary,
          log.columns.trackable_id.dictionary,
        )
      : null;
  const groupings: Partial<Record<GroupingName, Record<string, RankingEvaluation<10>>>> = {};
  const counts: Record<string, number> = {};
  GROUPINGS.forEach((grouping: Grouping, index) => {
    const all = buildTestGroups(log, catalog, grouping, day);
    if (all.length === 0) return;
    // The CLI's sample rule (dataset's sampleGroups): the same seed samples the same groups as `wemoms predict`.
    const groups = sampleGroups(all, options.maxGroups, options.seed);
    counts[grouping] = all.length;
    const offsets: number[] = [0];
    const labels: number[] = [];
    const tieKeys: number[] = [];
    const model: number[] = [];
    const popularity: number[] = [];
    const trueProbability: number[] = [];
    const chunks = expandCandidates(groups, catalog, { maxRows: 1 << 16 });
    for (const { chunk, features } of featurizeCandidates(context, chunks, { categories })) {
      const scores = ranker.score(features.columns, { allowUnexpected: true });
      const popular = popularityScores(context, chunk, features.columns);
      const base = labels.length;
      if (truth) for (const p of truth.score(chunk).truth) trueProbability.push(p);
      for (let i = 0; i < chunk.length; i++) {
        labels.push(chunk.label[i]);
        tieKeys.push(catalog.postRank[chunk.post[i]]);
        model.push(scores[i]);
        popularity.push(popular[i]);
      }
      for (let h = 1; h <= chunk.groups; h++) offsets.push(base + chunk.offsets[h]);
    }
    groupings[grouping] = evaluateRankers(
      {
        offsets: Int32Array.from(offsets),
        labels: Uint8Array.from(labels),
        tieKeys: Int32Array.from(tieKeys),
        truth: truth ? Float64Array.from(trueProbability) : undefined,
      },
      {
        model: Float32Array.from(model),
        popularity: Float32Array.from(popularity),
        random: randomScores(labels.length, options.seed + index),
      },
      { k: 10 },
    ) as Record<string, RankingEvaluation<10>>;
  });
  return buildMetricsReport({
    groupings,
    data: {
      groupsOfTheDay: counts,
      maxGroupsPerGrouping: options.maxGroups,
      randomSeed: options.seed,
      groundTruth: truth !== null,
    },
  });
}
