/**
 * `wemoms publish --date D [--store URL]`: batch serving. Ranks every user active on D exactly as
 * `wemoms rank` does (rankUsers) and publishes each one's top k as one snapshot of the feed store: written
 * aside, then made current for D in one atomic step; a failure leaves the previous snapshot served.
 * Retention then deletes the oldest snapshots.
 */
import { formatTimestampMicros } from '@wemoms/data-schema';
import { countCandidates } from '@wemoms/dataset';
import { openFeedStore, publishSnapshot, type UserFeed } from '@wemoms/feed-store';
import { selectCategories } from '../pipeline/categories.js';
import { loadLogSnapshot } from '../pipeline/load-log.js';
import { dayGroups, loadModel } from '../pipeline/load-ranking.js';
import { rankUsers } from '../pipeline/rank-users.js';
import type { PublishOptions } from '../program/publish.js';
import type { CliContext } from '../runtime/context.js';
import { parseDayOption } from '../runtime/days.js';
import { CliError } from '../runtime/errors.js';
import { formatCompact, formatCount } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

export async function run(ctx: CliContext, options: PublishOptions): Promise<void> {
  const { config } = ctx;
  // The store's own snapshot swap makes a run atomic for readers; the workdir is only read, so publishing runs
  // beside a pipeline (the model version is read before the model, see loadModel).
  await runStage(ctx, 'publish', { lock: 'none' }, async () => {
    parseDayOption('--date', options.date); // a bad day fails before anything is loaded
    const { ranker, model } = await loadModel(ctx);
    const loaded = await loadLogSnapshot(ctx);
    const groups = dayGroups(loaded, options.date);
    const total = countCandidates(groups, loaded.catalog);
    let store: Awaited<ReturnType<typeof openFeedStore>>;
    try {
      store = await openFeedStore(config.publish.store, { baseDir: ctx.workdir });
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    const task = ctx.progress.start('publish', total, 'candidates');
    let rankingSeconds = 0;
    // Ranks a chunk, yields batches of feeds; the time between yields is the store's.
    function* batches(): Generator<UserFeed[]> {
      let batch: UserFeed[] = [];
      let started = performance.now();
      for (const { users, candidates } of rankUsers(
        loaded,
        ranker,
        selectCategories(config.features.categories),
        groups,
        { topK: config.rank.topK, chunkRows: config.predict.chunkRows },
      )) {
        for (const user of users) {
          batch.push({
            user_id: user.user_id,
            candidate_time: formatTimestampMicros(user.time),
            candidates: user.candidates,
            items: user.top.map(({ rank, trackable_id, score }) => ({ rank, trackable_id, score })),
          });
        }
        task.tick(candidates);
        if (batch.length >= config.publish.batchUsers) {
          rankingSeconds += (performance.now() - started) / 1000;
          yield batch;
          batch = [];
          started = performance.now();
        }
      }
      rankingSeconds += (performance.now() - started) / 1000;
      if (batch.length > 0) yield batch;
    }
    const started = performance.now();
    let result: Awaited<ReturnType<typeof publishSnapshot>>;
    try {
      result = await publishSnapshot(
        store,
        { date: options.date, model, generated_at: new Date().toISOString() },
        batches(),
        { retention: config.publish.retention },
      );
    } catch (error) {
      throw new CliError(
        `publish ${options.date} failed, the previous snapshot stays served: ${(error as Error).message}`,
      );
    } finally {
      task.done();
      await store.close();
    }
    const storeSeconds = (performance.now() - started) / 1000 - rankingSeconds;
    const { snapshot, pruned } = result;
    const rate = storeSeconds > 0 ? snapshot.users / storeSeconds : 0;
    return {
      count: snapshot.users,
      unit: 'users',
      figures: {
        users: snapshot.users,
        candidates: total,
        rankingSeconds,
        storeSeconds,
        storeUsersPerSecond: rate,
      },
      summary:
        `${formatCount(snapshot.users)} users' top ${config.rank.topK} -> ${store.description} snapshot ${snapshot.id} ` +
        `for ${snapshot.date} (model ${model.name} ${model.version}); store writes ${formatCompact(rate)} users/s` +
        (pruned.length > 0
          ? `; retention removed snapshot${pruned.length > 1 ? 's' : ''} ${pruned.join(', ')}`
          : ''),
    };
  });
}
