import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDay, formatTimestampMicros, type ParquetColumn, parseDay } from '@wemoms/data-schema';
import { readRawTableParquet, requireFile, writeParquet } from '@wemoms/data-schema/node';
import { buildPostCatalog, buildServingGroups, postsCreatedOn, subsetGroups } from '@wemoms/dataset';
import { CATEGORIES, createFeatureContext } from '@wemoms/features';
import { HISTORY_FILE, MODEL_FILE, PREPROCESSING_FILE, WEIGHTS_FILE } from '@wemoms/model';
import { loadRanker, selectBackend } from '@wemoms/model/node';
import { type CodedColumn, ColumnLayoutPlanner, type ExportColumn } from '../column-layout.js';
import {
  AUTHOR_DAYS_COLUMN,
  AUTHOR_ROW_COLUMN,
  AUTHORS_FILE,
  CANDIDATES_DIR,
  candidatesPath,
  DAY_METRICS_FILE,
  DEMO_FORMAT_VERSION,
  type DemoFeatureSpec,
  type DemoManifest,
  type DemoUser,
  EXPORT_ID_METADATA,
  MANIFEST_FILE,
  METRICS_FILE,
  MODEL_DIR,
  POSTS_FILE,
  USER_FEATURES_FILE,
  USERS_FILE,
} from '../format.js';
import { AuthorTableBuilder } from './authors.js';
import { dayMetrics } from './day-metrics.js';
import { writeDirectoryAtomically } from './output-dir.js';
import { profilesAt } from './profiles.js';
import { sampleUsers } from './sample-users.js';
import { featurizeUsers, type UserCandidateFeatures } from './user-candidates.js';

export interface ExportOptions {
  /** The ranked day d, `YYYY-MM-DD`. */
  readonly date: string;
  /** de-duplicated log snapshot written by `wemoms make-dataset` (data/interim/log.parquet). */
  readonly logPath: string;
  /** models/<name>/ of `wemoms train`. */
  readonly modelDir: string;
  /** reports/metrics.json of `wemoms evaluate`; skipped when absent. */
  readonly metricsPath: string;
  /** Synthetic ground truth (data/raw/truth): the day's table then has the oracle and simulatedCtr@10. */
  readonly truthDir?: string | null;
  /** The data directory to (re)create, e.g. apps/demo/public/data. */
  readonly outDir: string;
  readonly maxUsers: number;
  readonly seed: number;
  /** Groups per grouping in the day's metrics (seeded sample); null = every group of the day. */
  readonly metricGroups: number | null;
  /** Shown in the page footer. */
  readonly workdir: string;
  /** Progress lines (default: none). */
  readonly log?: (message: string) => void;
}

export interface ExportSummary {
  readonly manifest: DemoManifest;
  readonly usersWithOpens: number;
  /** Size of the whole export directory. */
  readonly bytes: number;
  /** Bytes of candidates/ per exported user (what grows with --max-users). */
  readonly bytesPerUser: number;
}

/**
 * Exports one day for the demo: the model files, the metrics and, for a seeded sample of the users active
 * on the day, their profile, opens and every candidate's features. Candidates and their features come
 * from exactly what `wemoms rank` runs (dataset's serving groups at each user's first impression of the
 * day, expanded and featurised by @wemoms/features' featurizeCandidates), so the page's scores equal the
 * CLI's. The output directory is replaced atomically.
 */
export async function exportDemo(options: ExportOptions): Promise<ExportSummary> {
  const say = options.log ?? (() => {});
  requireFile(options.logPath, 'log snapshot', 'make-dataset');
  for (const file of [MODEL_FILE, WEIGHTS_FILE, PREPROCESSING_FILE, HISTORY_FILE])
    requireFile(join(options.modelDir, file), `model file ${file}`, 'train');
  const day = parseDay(options.date);
  await selectBackend('auto', { log: say });
  const ranker = await loadRanker(options.modelDir);
  const specs: DemoFeatureSpec[] = ranker.preprocessing.featureSpecs.map((s) => ({
    name: s.name,
    type: s.type,
  }));
  // Only the categories whose outputs the model reads.
  const wanted = new Set(specs.map((s) => s.name));
  const categories = CATEGORIES.filter((c) => c.outputs.some((o) => wanted.has(o.name))).map((c) => c.name);

  say(`export: reading ${options.logPath}`);
  const log = await readRawTableParquet(options.logPath);
  const catalog = buildPostCatalog(log);
  const context = createFeatureContext(log, { postCreationMicros: catalog.creationMicros });
  const serving = buildServingGroups(log, catalog, day);
  if (serving.length === 0)
    throw new Error(`no user is active on ${options.date} in ${options.logPath}: pick a test day`);
  const dayPosts = postsCreatedOn(catalog, day - 1);
  if (dayPosts.length === 0)
    throw new Error(`no post was created on ${formatDay(day - 1)}: nothing to rank on ${options.date}`);
  const groups = subsetGroups(serving, sampleUsers(serving, options.maxUsers, options.seed));
  say(
    `export: ${groups.length} of ${serving.length} users active on ${options.date}, ${dayPosts.length} candidates each`,
  );

  const userIds = log.columns.user_id.dictionary;
  const postIds = log.columns.trackable_id.dictionary;
  const profiles = profilesAt(context, log, groups.user, groups.time);

  // Pass 1: where each column goes (constant per user, shared by all, or per user), from the data.
  const names = [...specs.map((s) => s.name), AUTHOR_ROW_COLUMN, AUTHOR_DAYS_COLUMN];
  const planner = new ColumnLayoutPlanner(names);
  const authors = new AuthorTableBuilder(log);
  let candidateOrder: Int32Array | null = null;
  for (const user of featurizeUsers(context, catalog, groups, categories, authors)) {
    candidateOrder ??= user.chunk.post.slice();
    const { chunk } = user;
    if (chunk.length !== candidateOrder.length || chunk.post.some((p, i) => p !== candidateOrder?.[i]))
      throw new Error(
        `user ${userIds[groups.user[user.group]]}: candidates differ from the day's candidate list`,
      );
    planner.observe(userColumns(user, specs));
  }
  const layout = planner.layout(groups.length);
  say(
    `export: ${layout.constant.length} columns constant per user, ${layout.shared.length} shared by every user, ${layout.perUser.length} per user and candidate`,
  );
  const createdAt = new Date().toISOString();
  // Every file compressed (data-schema leaves float columns uncompressed by default, for speed): many
  // per-user columns are mostly 0 or NaN. A chunk whose sample does not shrink is still stored as is.
  const fileOptions = { metadata: { [EXPORT_ID_METADATA]: createdAt }, codec: 'SNAPPY' as const };

  return writeDirectoryAtomically(
    options.outDir,
    async (dir) => {
      mkdirSync(join(dir, CANDIDATES_DIR));
      const users: DemoUser[] = [];
      const constants = new Map<string, ExportColumn[]>(layout.constant.map((n) => [n, []]));
      // Pass 2: the same featurisation (deterministic), each user's own columns written.
      for (const user of featurizeUsers(context, catalog, groups, categories, authors)) {
        const g = user.group;
        const columns = userColumns(user, specs);
        for (const name of layout.constant) constants.get(name)?.push(columns[name]);
        writeParquet(
          join(dir, candidatesPath(g)),
          layout.perUser.map((name) => parquetColumn(name, columns[name])),
          fileOptions,
        );
        const { chunk } = user;
        const opened: string[] = [];
        for (let i = 0; i < chunk.length; i++) if (chunk.label[i] === 1) opened.push(postIds[chunk.post[i]]);
        users.push({
          userId: userIds[groups.user[g]],
          file: g,
          candidateTimeMicros: groups.time[g],
          candidateTime: formatTimestampMicros(groups.time[g]),
          profile: profiles[g],
          opened,
        });
      }
      const posts = candidateOrder ?? new Int32Array(0);
      const shared = planner.reference();
      writeParquet(
        join(dir, POSTS_FILE),
        [
          {
            name: 'trackable_id',
            type: 'string',
            nullable: false,
            data: { codes: posts, dictionary: postIds },
          },
          {
            name: 'tie_key',
            type: 'int32',
            nullable: false,
            data: Int32Array.from(posts, (p) => catalog.postRank[p]),
          },
          ...layout.shared.map((name) => parquetColumn(name, shared[name])),
        ],
        fileOptions,
      );
      writeParquet(
        join(dir, USER_FEATURES_FILE),
        layout.constant.map((name) => parquetColumn(name, firstValues(constants.get(name) ?? []))),
        fileOptions,
      );
      writeFileSync(join(dir, AUTHORS_FILE), JSON.stringify(authors.table));
      writeFileSync(join(dir, USERS_FILE), JSON.stringify(users));
      mkdirSync(join(dir, MODEL_DIR));
      for (const file of [MODEL_FILE, WEIGHTS_FILE, PREPROCESSING_FILE, HISTORY_FILE])
        copyFileSync(join(options.modelDir, file), join(dir, MODEL_DIR, file));
      say(`export: metrics of ${options.date} (${options.metricGroups ?? 'all'} groups per grouping)`);
      const ofDay = dayMetrics(log, catalog, context, ranker, day, {
        maxGroups: options.metricGroups,
        seed: options.seed,
        categories,
        truthDir: options.truthDir ?? null,
      });
      writeFileSync(join(dir, DAY_METRICS_FILE), JSON.stringify(ofDay, null, 1));
      const hasMetrics = existsSync(options.metricsPath);
      if (hasMetrics) copyFileSync(options.metricsPath, join(dir, METRICS_FILE));
      else say(`export: no ${options.metricsPath} (run \`wemoms evaluate\`): the page will show no metrics`);
      const manifest: DemoManifest = {
        version: DEMO_FORMAT_VERSION,
        date: options.date,
        candidateDay: formatDay(day - 1),
        createdAt,
        source: { workdir: options.workdir, modelDir: options.modelDir },
        featureSpecs: specs,
        layout,
        candidates: posts.length,
        users: users.length,
        activeUsers: serving.length,
        hasMetrics,
        hasDayMetrics: true,
        hasHistory: true,
      };
      // Written last: a manifest means a complete export.
      writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
      const bytes = directoryBytes(dir);
      return {
        manifest,
        usersWithOpens: users.filter((u) => u.opened.length > 0).length,
        bytes,
        bytesPerUser: directoryBytes(join(dir, CANDIDATES_DIR)) / Math.max(1, users.length),
      };
    },
    MANIFEST_FILE,
  );
}

/** A user's exported columns by name: every model input plus where her candidates' authors are. */
function userColumns(
  user: UserCandidateFeatures,
  specs: readonly DemoFeatureSpec[],
): Record<string, ExportColumn> {
  const columns: Record<string, ExportColumn> = {};
  for (const spec of specs) {
    const data = user.features.columns[spec.name];
    if (!data)
      throw new Error(`the featuriser produced no column ${spec.name} (the model was trained on it)`);
    columns[spec.name] = data as ExportColumn;
  }
  columns[AUTHOR_ROW_COLUMN] = user.authorRow;
  columns[AUTHOR_DAYS_COLUMN] = user.authorDays;
  return columns;
}

/** A column in the parquet type that keeps its values exactly (float32 stays FLOAT, float64 DOUBLE). */
function parquetColumn(name: string, data: ExportColumn): ParquetColumn {
  if ('codes' in data)
    return { name, type: 'string', data: { codes: data.codes, dictionary: [...data.dictionary] } };
  if (data instanceof Float32Array) return { name, type: 'float', data };
  if (data instanceof Float64Array) return { name, type: 'double', data };
  return { name, type: 'int32', nullable: false, data };
}

/** One column of each user's first value (the constants of user-features.parquet, one row per user). */
function firstValues(columns: readonly ExportColumn[]): ExportColumn {
  const first = columns[0];
  if (!first) return new Float32Array(0);
  if ('codes' in first) {
    const dictionary: string[] = [];
    const index = new Map<string, number>();
    const codes = Int32Array.from(columns, (c) => {
      const coded = c as CodedColumn;
      const code = coded.codes[0];
      if (code < 0) return -1;
      const value = coded.dictionary[code];
      let at = index.get(value);
      if (at === undefined) {
        at = dictionary.length;
        dictionary.push(value);
        index.set(value, at);
      }
      return at;
    });
    return { codes, dictionary };
  }
  const out = new (first.constructor as new (n: number) => Float32Array | Float64Array | Int32Array)(
    columns.length,
  );
  columns.forEach((c, i) => {
    out[i] = (c as Float32Array)[0];
  });
  return out;
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(path) : statSync(path).size;
  }
  return total;
}
