/**
 * `wemoms predict` (alias `make-predictions`): for each grouping and test day, expand the candidates in
 * bounded chunks, featurise them as of the candidate time, score, rank, and stream out every prediction,
 * the top k per group and the evaluation rows (labels + model, popularity and true scores); the files and
 * the true scores are produced in a worker thread while the next chunk is featurised.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { formatDay, ParquetStreamWriter } from '@wemoms/data-schema';
import { countCandidates, type Grouping, readDataset } from '@wemoms/dataset';
import { buildCategoryFrame, countWithoutEarlierObservation, getCategory } from '@wemoms/features';
import { loadRanker } from '@wemoms/model/node';
import { PredictionWriter } from '../io/prediction-files.js';
import { requireFile } from '../io/require-file.js';
import { selectCategories } from '../pipeline/categories.js';
import { loadLogSnapshot } from '../pipeline/load-log.js';
import { sampleGroups } from '../pipeline/sample-groups.js';
import { scoreGroups } from '../pipeline/score-groups.js';
import { activateBackend } from '../runtime/backend.js';
import type { CliContext } from '../runtime/context.js';
import { formatCount } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

/** The most-popular baseline's score: the post's opens over the trailing day (DESIGN section 6). */
export const POPULARITY_CATEGORY = 'postPopularity';
export const POPULARITY_FEATURE = 'post_pop_opens_1d';

const GROUPING_SALT: Record<Grouping, number> = { event: 1, userDay: 2, impressions: 3 };

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
    const categories = selectCategories(config.features.categories);
    const { log } = loaded;
    requireFile(paths.testGroups, 'test groups', 'make-dataset', ctx.workdir);
    const dataset = await readDataset(paths.processed, log);

    // Plan first: sampled groups per grouping and day, so the progress bar knows the candidate total.
    const plan = config.evaluate.groupings.map((grouping) => ({
      grouping,
      days: dataset.groups[grouping].map((groups) =>
        sampleGroups(
          groups,
          config.evaluate.maxGroups,
          config.evaluate.seed,
          GROUPING_SALT[grouping] * 100_003 + groups.day,
        ),
      ),
    }));
    let total = 0;
    for (const p of plan) for (const g of p.days) total += countCandidates(g, loaded.catalog);

    const predictions = new PredictionWriter(
      {
        predictions: paths.predictions,
        top: paths.top10,
        evaluationRows: paths.evaluationRows,
        csv: config.predict.csv ? paths.predictionsCsv : null,
      },
      log.columns.user_id.dictionary,
      log.columns.trackable_id.dictionary,
      config.predict.topK,
      { rows: total, truthDir },
    );
    let featureWriter: ParquetStreamWriter | null = null;
    const figures: Record<string, number> = {};
    const times = {
      expandAndFeaturize: 0,
      score: 0,
      rank: 0,
      popularity: 0,
      write: 0,
    };
    let writerSeconds = { parquet: 0, truth: 0, evaluation: 0 };
    const task = ctx.progress.start('predict', total, 'candidates');
    // Per grouping: candidates whose post has no observation before the candidate time (issue 19).
    const unobserved: string[] = [];
    try {
      for (const { grouping, days: dayGroups } of plan) {
        let candidates = 0;
        let groups = 0;
        let withoutEarlierObservation = 0;
        for (const groupsOfDay of dayGroups) {
          groups += groupsOfDay.length;
          for (const scored of scoreGroups(
            loaded,
            ranker,
            categories,
            groupsOfDay,
            config.predict.chunkRows,
            times,
          )) {
            const { chunk, features } = scored;
            let started = performance.now();
            const popularity =
              features.columns[POPULARITY_FEATURE] ??
              buildCategoryFrame(getCategory(POPULARITY_CATEGORY), loaded.features, chunk).columns[
                POPULARITY_FEATURE
              ];
            times.popularity += (performance.now() - started) / 1000;
            // Their counters are missing (the as-of rule reads no later row): reported, not hidden.
            const without = countWithoutEarlierObservation(loaded.features, chunk);
            withoutEarlierObservation += without;
            started = performance.now();
            // Returns once the worker has room: the chunk is copied, so the buffers can be reused.
            await predictions.write({
              grouping,
              length: chunk.length,
              groupId: chunk.groupId,
              user: chunk.user,
              post: chunk.post,
              time: chunk.time,
              score: scored.scores,
              rank: scored.ranks,
              label: chunk.label,
              tieKey: scored.tieKeys,
              popularity: popularity as Float32Array,
              withoutEarlierObservation: without,
              day: groupsOfDay.day,
            });
            if (config.predict.writeFeatures) {
              featureWriter ??= new ParquetStreamWriter(paths.testFeatures, [
                { name: 'grouping', type: 'string', nullable: false },
                { name: 'group_id', type: 'int32', nullable: false },
                ...features.specs.map((s) => ({
                  name: s.name,
                  type: s.type === 'numeric' ? ('float' as const) : ('string' as const),
                })),
              ]);
              featureWriter.writeRowGroup({
                grouping: { codes: new Int32Array(chunk.length), dictionary: [grouping] },
                group_id: chunk.groupId,
                ...features.columns,
              });
            }
            times.write += (performance.now() - started) / 1000;
            candidates += chunk.length;
            task.tick(chunk.length);
          }
        }
        figures[`${grouping}Groups`] = groups;
        figures[`${grouping}Candidates`] = candidates;
        figures[`${grouping}WithoutEarlierObservation`] = withoutEarlierObservation;
        unobserved.push(
          `${grouping} ${formatCount(withoutEarlierObservation)} (${formatShare(withoutEarlierObservation, candidates)})`,
        );
        ctx.progress.log(
          `predict: ${grouping}: ${formatCount(groups)} groups, ${formatCount(candidates)} candidates over ${dayGroups.length} days (${dayGroups.map((g) => formatDay(g.day)).join(', ')})`,
        );
      }
      task.done();
      const started = performance.now();
      writerSeconds = await predictions.close();
      times.write += (performance.now() - started) / 1000;
      featureWriter?.close();
    } catch (error) {
      task.done();
      predictions.abort();
      featureWriter?.abort();
      throw error;
    }
    const where = relative(ctx.workdir, paths.reports);
    return {
      count: total,
      unit: 'candidates',
      figures: {
        ...figures,
        candidates: total,
        featurizeSeconds: times.expandAndFeaturize,
        scoreSeconds: times.score,
        rankSeconds: times.rank,
        popularitySeconds: times.popularity,
        writeWaitSeconds: times.write,
        writerParquetSeconds: writerSeconds.parquet,
        writerTruthSeconds: writerSeconds.truth,
        writerEvaluationSeconds: writerSeconds.evaluation,
      },
      summary:
        `${formatCount(total)} candidates scored${config.evaluate.maxGroups ? ` (at most ${config.evaluate.maxGroups} groups per grouping and day)` : ''}; ` +
        `${where}/predictions.parquet, ${where}/top10.parquet (${formatCount(predictions.topRows)} rows)` +
        `${config.predict.csv ? `, ${where}/predictions.csv` : ''}${truthDir ? '; ground truth attached' : ''}; ` +
        `candidates whose post has no observation before their time (counters missing): ${unobserved.join(', ')}; ` +
        `featurise ${times.expandAndFeaturize.toFixed(1)} s, score ${times.score.toFixed(1)} s, rank ${times.rank.toFixed(1)} s, ` +
        `popularity ${times.popularity.toFixed(1)} s, waiting for the writer ${times.write.toFixed(1)} s ` +
        `(writer thread: parquet ${writerSeconds.parquet.toFixed(1)} s, truth ${writerSeconds.truth.toFixed(1)} s, ` +
        `evaluation rows ${writerSeconds.evaluation.toFixed(1)} s)`,
    };
  });
}

/** `part` as a percentage of `whole` with one decimal ("n/a" for an empty whole). */
function formatShare(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : 'n/a';
}
