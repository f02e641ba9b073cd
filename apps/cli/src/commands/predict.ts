/**
 * `wemoms predict` (alias `make-predictions`): for each grouping and test day, expand the candidates in
 * bounded chunks, featurise them as of the candidate time, score, and stream out every prediction with its
 * rank, the top k per group and the evaluation rows (labels + model, popularity and true scores); the
 * ranks, the files and the true scores are produced in a worker thread while the next chunk is featurised.
 *
 * Four steps, one function each: `planPredictions` (which groups of which grouping and day, and how many
 * candidates), `scorePlan` (featurise and score, chunk by chunk, timed per step), `PredictOutputs`
 * (ranks within groups, the prediction, top-k, evaluation-row and optional feature files) and
 * `summarisePredictions` (the stage's figures and summary line, with the scoring speed).
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { formatDay } from '@wemoms/data-schema';
import { ParquetStreamWriter, requireFile } from '@wemoms/data-schema/node';
import { countCandidates, type Grouping, sampleGroups, type TestGroups } from '@wemoms/dataset';
import { type DatasetFiles, readDataset } from '@wemoms/dataset/node';
import { countWithoutEarlierObservation, type FeatureFrame, popularityScores } from '@wemoms/features';
import type { Ranker } from '@wemoms/model';
import { loadRanker } from '@wemoms/model/node';
import type { PipelinePaths } from '../config/paths.js';
import type { WemomsConfig } from '../config/schema.js';
import { type PredictionFileSeconds, PredictionWriter } from '../io/prediction-files.js';
import { selectCategories } from '../pipeline/categories.js';
import { type LoadedLog, loadLogSnapshot } from '../pipeline/load-log.js';
import { type ScoredChunk, type StepTimes, scoreGroups } from '../pipeline/score-groups.js';
import { activateBackend } from '../runtime/backend.js';
import type { CliContext } from '../runtime/context.js';
import { formatCompact, formatCount } from '../runtime/format.js';
import { runStage, type StageOutcome } from '../runtime/stage.js';

/** What predict scores: per grouping, the (sampled) groups of each test day, and the candidate total. */
export interface PredictionPlan {
  readonly groupings: readonly { grouping: Grouping; days: readonly TestGroups[] }[];
  readonly candidates: number;
}

/**
 * Step 1, plan: the groups of every configured grouping and test day (a seeded sample of at most
 * `evaluate.maxGroups` per grouping and day), and how many candidates they expand to (for the progress bar).
 */
export function planPredictions(
  config: Pick<WemomsConfig, 'evaluate'>,
  dataset: Pick<DatasetFiles, 'groups'>,
  loaded: Pick<LoadedLog, 'catalog'>,
): PredictionPlan {
  const groupings = config.evaluate.groupings.map((grouping) => ({
    grouping,
    days: dataset.groups[grouping].map((groups) =>
      sampleGroups(groups, config.evaluate.maxGroups, config.evaluate.seed),
    ),
  }));
  let candidates = 0;
  for (const p of groupings) for (const g of p.days) candidates += countCandidates(g, loaded.catalog);
  return { groupings, candidates };
}

/** One scored chunk of the plan, with the popularity baseline's scores and what it says about counters. */
export interface PlannedChunk extends ScoredChunk {
  readonly grouping: Grouping;
  /** Test day of the chunk's groups (days since the epoch). */
  readonly day: number;
  readonly popularity: Float32Array;
  /** Candidates whose post has no observation before their time (their counters are missing). */
  readonly withoutEarlierObservation: number;
}

/** Seconds per step of `scorePlan` (featurise, score; popularity), accumulated over the chunks. */
export interface ScoreTimes extends StepTimes {
  popularity: number;
}

/** Per grouping: groups, candidates and candidates without an earlier observation of their post. */
export interface GroupingCounts {
  grouping: Grouping;
  groups: number;
  candidates: number;
  days: readonly number[];
  withoutEarlierObservation: number;
}

/**
 * Step 2, score: every planned group, a chunk of whole groups at a time: as-of features, the ranker's scores
 * (scoreGroups), the popularity baseline's score; the ranks within groups are left to the writer thread.
 * `counts` gets one entry per grouping once its chunks are all yielded. A chunk's buffers are valid until
 * the next one is requested.
 */
export function* scorePlan(
  plan: PredictionPlan,
  loaded: LoadedLog,
  ranker: Pick<Ranker, 'score'>,
  categories: readonly string[],
  chunkRows: number,
  times: ScoreTimes,
  counts: GroupingCounts[],
): Generator<PlannedChunk> {
  for (const { grouping, days } of plan.groupings) {
    const count: GroupingCounts = {
      grouping,
      groups: 0,
      candidates: 0,
      days: days.map((g) => g.day),
      withoutEarlierObservation: 0,
    };
    for (const groupsOfDay of days) {
      count.groups += groupsOfDay.length;
      for (const scored of scoreGroups(loaded, ranker, categories, groupsOfDay, chunkRows, times)) {
        const started = performance.now();
        const popularity = popularityScores(loaded.features, scored.chunk, scored.features.columns);
        times.popularity += (performance.now() - started) / 1000;
        // Their counters are missing (the as-of rule reads no later row): reported, not hidden.
        const without = countWithoutEarlierObservation(loaded.features, scored.chunk);
        count.withoutEarlierObservation += without;
        count.candidates += scored.chunk.length;
        yield { ...scored, grouping, day: groupsOfDay.day, popularity, withoutEarlierObservation: without };
      }
    }
    counts.push(count);
  }
}

/**
 * Step 3, write: the ranks within groups and the prediction files (predictions, top k, evaluation rows, CSV on
 * request; ranked and written by a worker thread) and, with `predict.writeFeatures`, the test candidates'
 * features. Every file appears whole or not at all: `abort` removes what was started.
 */
export class PredictOutputs {
  readonly #predictions: PredictionWriter;
  #features: ParquetStreamWriter | null = null;
  /** Seconds the main thread waited for the writer (its queue full, or closing). */
  waitSeconds = 0;

  constructor(
    private readonly paths: PipelinePaths,
    private readonly config: WemomsConfig,
    log: LoadedLog['log'],
    rows: number,
    truthDir: string | null,
  ) {
    this.#predictions = new PredictionWriter(
      {
        predictions: paths.predictions,
        top: paths.top10,
        evaluationRows: paths.evaluationRows,
        csv: config.predict.csv ? paths.predictionsCsv : null,
      },
      log.columns.user_id.dictionary,
      log.columns.trackable_id.dictionary,
      config.predict.topK,
      { rows, truthDir },
    );
  }

  /** Rows written to the top-k file so far. */
  get topRows(): number {
    return this.#predictions.topRows;
  }

  /** Queues one scored chunk; returns once the writer has room (the chunk is copied: its buffers may be reused). */
  async write(scored: PlannedChunk): Promise<void> {
    const started = performance.now();
    const { chunk } = scored;
    await this.#predictions.write({
      grouping: scored.grouping,
      length: chunk.length,
      offsets: chunk.offsets,
      groupId: chunk.groupId,
      user: chunk.user,
      post: chunk.post,
      time: chunk.time,
      score: scored.scores,
      label: chunk.label,
      tieKey: scored.tieKeys,
      popularity: scored.popularity,
      withoutEarlierObservation: scored.withoutEarlierObservation,
      day: scored.day,
    });
    if (this.config.predict.writeFeatures)
      this.#writeFeatures(scored.grouping, chunk.groupId, scored.features);
    this.waitSeconds += (performance.now() - started) / 1000;
  }

  #writeFeatures(grouping: Grouping, groupId: Int32Array, features: FeatureFrame): void {
    this.#features ??= new ParquetStreamWriter(this.paths.testFeatures, [
      { name: 'grouping', type: 'string', nullable: false },
      { name: 'group_id', type: 'int32', nullable: false },
      ...features.specs.map((s) => ({
        name: s.name,
        type: s.type === 'numeric' ? ('float' as const) : ('string' as const),
      })),
    ]);
    this.#features.writeRowGroup({
      grouping: { codes: new Int32Array(groupId.length), dictionary: [grouping] },
      group_id: groupId,
      ...features.columns,
    });
  }

  /** Finishes every file; resolves to the writer thread's seconds per step. */
  async close(): Promise<PredictionFileSeconds> {
    const started = performance.now();
    const seconds = await this.#predictions.close();
    this.#features?.close();
    this.waitSeconds += (performance.now() - started) / 1000;
    return seconds;
  }

  abort(): void {
    this.#predictions.abort();
    this.#features?.abort();
  }
}

/** What a predict run measured, for its summary. */
export interface PredictRun {
  plan: PredictionPlan;
  counts: readonly GroupingCounts[];
  times: ScoreTimes;
  /** Seconds the main thread waited for the writers. */
  writeWaitSeconds: number;
  /** The writer thread's seconds: ranking within groups, parquet files, ground truth, evaluation rows. */
  writerSeconds: PredictionFileSeconds;
  topRows: number;
  truthAttached: boolean;
}

/**
 * Step 4, summarise: the stage's figures (per grouping, per step, the scoring speed) and its summary line.
 * The scoring speed is candidates per second of the model's score step alone (`scoreCandidatesPerSecond`) and
 * of the whole candidate path (featurise + score on the main thread, rank on the writer thread).
 */
export function summarisePredictions(
  run: PredictRun,
  config: Pick<WemomsConfig, 'evaluate' | 'predict'>,
  where: string,
): StageOutcome {
  const { plan, counts, times, writerSeconds } = run;
  const total = plan.candidates;
  const figures: Record<string, number> = {};
  for (const c of counts) {
    figures[`${c.grouping}Groups`] = c.groups;
    figures[`${c.grouping}Candidates`] = c.candidates;
    figures[`${c.grouping}WithoutEarlierObservation`] = c.withoutEarlierObservation;
  }
  const scoreRate = times.score > 0 ? total / times.score : 0;
  const scoreCpu = times.scoreCpu ?? 0;
  const scoreCpuRate = scoreCpu > 0 ? total / scoreCpu : 0;
  const pathSeconds = times.expandAndFeaturize + times.score + writerSeconds.rank;
  const pathRate = pathSeconds > 0 ? total / pathSeconds : 0;
  const unobserved = counts.map(
    (c) =>
      `${c.grouping} ${formatCount(c.withoutEarlierObservation)} (${formatShare(c.withoutEarlierObservation, c.candidates)})`,
  );
  return {
    count: total,
    unit: 'candidates',
    figures: {
      ...figures,
      candidates: total,
      featurizeSeconds: times.expandAndFeaturize,
      scoreSeconds: times.score,
      rankSeconds: writerSeconds.rank,
      scoreCandidatesPerSecond: scoreRate,
      scoreCpuSeconds: scoreCpu,
      scoreCandidatesPerCpuSecond: scoreCpuRate,
      candidatePathPerSecond: pathRate,
      popularitySeconds: times.popularity,
      writeWaitSeconds: run.writeWaitSeconds,
      writerParquetSeconds: writerSeconds.parquet,
      writerTruthSeconds: writerSeconds.truth,
      writerEvaluationSeconds: writerSeconds.evaluation,
    },
    summary:
      `${formatCount(total)} candidates scored${config.evaluate.maxGroups ? ` (at most ${config.evaluate.maxGroups} groups per grouping and day)` : ''}; ` +
      `${where}/predictions.parquet, ${where}/top10.parquet (${formatCount(run.topRows)} rows)` +
      `${config.predict.csv ? `, ${where}/predictions.csv` : ''}${run.truthAttached ? '; ground truth attached' : ''}; ` +
      `candidates whose post has no observation before their time (counters missing): ${unobserved.join(', ')}; ` +
      `scoring ${formatCompact(scoreRate)} candidates/s (score ${times.score.toFixed(1)} s, ${scoreCpu.toFixed(1)} CPU-s: ${formatCompact(scoreCpuRate)}/CPU-s; with featurise ${times.expandAndFeaturize.toFixed(1)} s and rank ${writerSeconds.rank.toFixed(1)} s: ${formatCompact(pathRate)}/s), ` +
      `popularity ${times.popularity.toFixed(1)} s, waiting for the writer ${run.writeWaitSeconds.toFixed(1)} s ` +
      `(writer thread: rank ${writerSeconds.rank.toFixed(1)} s, parquet ${writerSeconds.parquet.toFixed(1)} s, truth ${writerSeconds.truth.toFixed(1)} s, ` +
      `evaluation rows ${writerSeconds.evaluation.toFixed(1)} s)`,
  };
}

export async function run(ctx: CliContext): Promise<void> {
  const { config, paths } = ctx;
  const outputs = [
    paths.predictions,
    paths.top10,
    paths.evaluationRows,
    ...(config.predict.csv ? [paths.predictionsCsv] : []),
    ...(config.predict.writeFeatures ? [paths.testFeatures] : []),
  ];
  await runStage(ctx, 'predict', { outputs }, async () => {
    requireFile(`${paths.modelDir}/model.json`, 'trained model', 'train', ctx.workdir);
    await activateBackend(ctx);
    const ranker = await loadRanker(paths.modelDir);
    const loaded = await loadLogSnapshot(ctx);
    const truthDir = existsSync(paths.truth) ? paths.truth : null;
    requireFile(paths.testGroups, 'test groups', 'make-dataset', ctx.workdir);
    const dataset = await readDataset(paths.processed, loaded.log);

    const plan = planPredictions(config, dataset, loaded);
    const outputFiles = new PredictOutputs(paths, config, loaded.log, plan.candidates, truthDir);
    const times: ScoreTimes = { expandAndFeaturize: 0, score: 0, scoreCpu: 0, popularity: 0 };
    const counts: GroupingCounts[] = [];
    const task = ctx.progress.start('predict', plan.candidates, 'candidates');
    let writerSeconds: PredictRun['writerSeconds'];
    try {
      const categories = selectCategories(config.features.categories);
      let reported = 0;
      for (const scored of scorePlan(
        plan,
        loaded,
        ranker,
        categories,
        config.predict.chunkRows,
        times,
        counts,
      )) {
        await outputFiles.write(scored);
        task.tick(scored.chunk.length);
        for (; reported < counts.length; reported++) logGrouping(ctx, counts[reported]);
      }
      for (; reported < counts.length; reported++) logGrouping(ctx, counts[reported]);
      task.done();
      writerSeconds = await outputFiles.close();
    } catch (error) {
      task.done();
      outputFiles.abort();
      throw error;
    }
    return summarisePredictions(
      {
        plan,
        counts,
        times,
        writeWaitSeconds: outputFiles.waitSeconds,
        writerSeconds,
        topRows: outputFiles.topRows,
        truthAttached: truthDir !== null,
      },
      config,
      relative(ctx.workdir, paths.reports),
    );
  });
}

function logGrouping(ctx: CliContext, c: GroupingCounts): void {
  ctx.progress.log(
    `predict: ${c.grouping}: ${formatCount(c.groups)} groups, ${formatCount(c.candidates)} candidates over ${c.days.length} days (${c.days.map((d) => formatDay(d)).join(', ')})`,
  );
}

/** `part` as a percentage of `whole` with one decimal ("n/a" for an empty whole). */
function formatShare(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : 'n/a';
}
