/**
 * What ranking a day needs, loaded the same way by `rank`, `publish` and `serve`: the trained model (on
 * the configured backend), its version, and the log snapshot with its catalog and feature context.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDay, utcDay } from '@wemoms/data-schema';
import { requireFile } from '@wemoms/data-schema/node';
import { buildServingGroups, countCandidates, subsetGroups, type TestGroups } from '@wemoms/dataset';
import type { Ranker } from '@wemoms/model';
import { loadRanker, MODEL_FILE, PREPROCESSING_FILE, WEIGHTS_FILE } from '@wemoms/model/node';
import { activateBackend } from '../runtime/backend.js';
import type { CliContext } from '../runtime/context.js';
import { parseDayOption } from '../runtime/days.js';
import { CliError } from '../runtime/errors.js';
import type { LoadedLog } from './load-log.js';

export interface ModelInfo {
  name: string;
  /** First 12 hex digits of the SHA-256 of the model's files: changes with any retraining. */
  version: string;
}

/** The version of the saved model in `dir` (a content hash of model.json, weights.bin, preprocessing.json). */
export function modelVersion(dir: string): string {
  const hash = createHash('sha256');
  for (const file of [MODEL_FILE, WEIGHTS_FILE, PREPROCESSING_FILE])
    hash.update(readFileSync(join(dir, file)));
  return hash.digest('hex').slice(0, 12);
}

/** Loads the configured model (checking it exists) on the configured backend, with its version. */
export async function loadModel(ctx: CliContext): Promise<{ ranker: Ranker; model: ModelInfo }> {
  const { config, paths } = ctx;
  requireFile(`${paths.modelDir}/model.json`, 'trained model', 'train', ctx.workdir);
  await activateBackend(ctx);
  // The version is read before the model: a model replaced in between gets the newer hash, never the older.
  const version = modelVersion(paths.modelDir);
  const ranker = await loadRanker(paths.modelDir);
  return { ranker, model: { name: config.model.name, version } };
}

/** The first and last UTC day with an impression. */
function logDays(times: Float64Array): { first: number; last: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return { first: utcDay(min), last: utcDay(max) };
}

/**
 * The groups `wemoms rank` ranks on `date` (every user active that day, or only `user`), checked: a day
 * outside the log (the message gives the log's range), an unknown or inactive user, a day without users or
 * without posts the day before is a CliError.
 */
export function dayGroups(loaded: LoadedLog, date: string, user?: string): TestGroups {
  const day = parseDayOption('--date', date);
  const { log } = loaded;
  const userIds = log.columns.user_id.dictionary;
  const span = logDays(log.columns.tracker_created_at);
  const logRange = `${formatDay(span.first)}..${formatDay(span.last)}`;
  if (day < span.first || day > span.last)
    throw new CliError(`${date} is outside the log, which covers ${logRange}`);
  let groups = buildServingGroups(log, loaded.catalog, day);
  if (user !== undefined) {
    const g = Array.from(groups.user).findIndex((u) => userIds[u] === user);
    if (g < 0) {
      throw new CliError(
        userIds.includes(user)
          ? `user ${user} has no impression on ${date}: nothing to rank`
          : `unknown user ${user} (not in the log)`,
      );
    }
    groups = subsetGroups(groups, Int32Array.of(g));
  }
  if (groups.length === 0)
    throw new CliError(`no user has an impression on ${date} (the log covers ${logRange}): nothing to rank`);
  if (countCandidates(groups, loaded.catalog) === 0)
    throw new CliError(`no post was created on the day before ${date}: nothing to rank`);
  return groups;
}
