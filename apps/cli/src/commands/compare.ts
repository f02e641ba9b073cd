/**
 * `wemoms compare`: trains every ranker of `compare.models` on the same split and features, scores each
 * through the pipeline's own `predict` and `evaluate` stages (same candidates, same sampled groups, same
 * metric code: nothing re-implemented here), and writes a leaderboard: eval-day ranking metrics (the model
 * choice), test metrics of the three groupings with the baselines, userDay simulatedCtr@k against the oracle
 * when ground truth exists, how personal the top 10s are, train time and scoring speed.
 *
 * Each ranker `<name>` gets `models/<name>/` and `reports/compare/<name>/` (predictions, top 10, metrics,
 * and `stages.jsonl`, the stage figures the leaderboard reads); the leaderboard goes to
 * `reports/leaderboard.{json,md}`.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { utcDay } from '@wemoms/data-schema';
import { atomicWriteFile, readParquet } from '@wemoms/data-schema/node';
import { TopItemTally } from '@wemoms/metrics';
import { resolvePaths } from '../config/paths.js';
import type { CompareModel, WemomsConfig } from '../config/schema.js';
import type { CompareOptions } from '../program/compare.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { formatCompact } from '../runtime/format.js';
import { runStage, type StageStats } from '../runtime/stage.js';
import { describeRanker } from './train.js';

type MetricRow = Record<string, number | null>;
const GROUPINGS = ['impressions', 'userDay', 'event'] as const;

/** One ranker's line of the leaderboard. */
export interface LeaderboardEntry {
  name: string;
  description: string;
  model: WemomsConfig['model'];
  /** The best epoch's validation figures (eval days; NDCG / MAP over user-day groups at their start). */
  eval: {
    ndcg: number | null;
    map: number | null;
    loss: number | null;
    auc: number | null;
    groups: number;
    bestEpoch: number;
    epochs: number;
    /** Mean over the eval groups of (this ranker's NDCG@k - the best ranker's), and its paired standard error. */
    differenceToBest: number | null;
    differenceStdErr: number | null;
  };
  /** Trainable parameters. */
  parameters: number;
  /** grouping -> the model's metric row (metrics.json). */
  test: Partial<Record<(typeof GROUPINGS)[number], MetricRow>>;
  /** userDay simulatedCtr@k over the oracle's, with ground truth. */
  simulatedCtrVsOracle: number | null;
  /** userDay top 10s: distinct posts per test day (mean) and the share of users whose #1 is theirs alone. */
  personalisation: { distinctTopPosts: number; ownTopShare: number } | null;
  train: { wallSeconds: number; cpuSeconds: number; backend: string };
  scoring: {
    candidates: number;
    /** Candidates per second of predict's score + rank steps. */
    scoreRankPerSecond: number;
    /** Candidates per second of the whole candidate path (featurise + score + rank). */
    candidatePathPerSecond: number;
    predictWallSeconds: number;
  };
}

export interface Leaderboard {
  k: number;
  /** What ranks the leaderboard and picks `best`: the eval-day metric early stopping also watches. */
  selectedBy: string;
  /** The highest eval-day NDCG@k. */
  best: string;
  /**
   * The one-standard-error rule: the ranker with the fewest parameters among those whose eval NDCG@k is
   * within one paired standard error of the best's (differences smaller than that are noise), a pointwise
   * loss first between equals; the default to pick.
   */
  chosen: string;
  entries: LeaderboardEntry[];
  /** Test metrics of the baselines (the same candidates for every ranker). */
  baselines: Partial<Record<(typeof GROUPINGS)[number], Record<string, MetricRow>>>;
  data: Record<string, unknown>;
}

/** The `compare.models` entries to run, in config order. */
export function selectModels(
  models: readonly CompareModel[],
  names: readonly string[] | undefined,
): CompareModel[] {
  if (!names || names.length === 0) return [...models];
  const known = new Set(models.map((m) => m.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0)
    throw new CliError(
      `compare --models: unknown ${unknown.join(', ')}; compare.models has ${[...known].join(', ')}`,
    );
  return models.filter((m) => names.includes(m.name));
}

/** The configuration one ranker runs with: its keys over `model`, its own reports directory. */
export function rankerRunConfig(config: WemomsConfig, entry: CompareModel): WemomsConfig {
  return {
    ...config,
    model: { ...config.model, ...entry },
    paths: { ...config.paths, reports: join(config.paths.reports, 'compare', entry.name) },
    evaluate: { ...config.evaluate, maxGroups: config.compare.maxGroups ?? config.evaluate.maxGroups },
  };
}

export async function run(ctx: CliContext, options: CompareOptions): Promise<void> {
  const entries = selectModels(ctx.config.compare.models, options.models);
  const train = await import('./train.js');
  const predict = await import('./predict.js');
  const evaluate = await import('./evaluate.js');
  await runStage(ctx, 'compare', async () => {
    const results: (LeaderboardEntry & { groupNdcg: readonly number[] })[] = [];
    let baselines: Leaderboard['baselines'] = {};
    let data: Record<string, unknown> = {};
    for (const [i, entry] of entries.entries()) {
      const config = rankerRunConfig(ctx.config, entry);
      const paths = resolvePaths(ctx.workdir, config);
      const statsFile = join(paths.reports, 'stages.jsonl');
      rmSync(statsFile, { force: true });
      const sub: CliContext = { ...ctx, config, paths, statsFile, print: () => {} };
      ctx.progress.log(`compare: ${i + 1}/${entries.length} ${entry.name}: ${describeRanker(config.model)}`);
      await train.run(sub);
      await predict.run(sub);
      await evaluate.run(sub);
      const stages = readStages(statsFile);
      const metrics = JSON.parse(readFileSync(paths.metricsJson, 'utf8'));
      const history = JSON.parse(readFileSync(join(paths.modelDir, 'history.json'), 'utf8'));
      results.push(
        leaderboardEntry(
          entry.name,
          config.model,
          stages,
          metrics,
          history,
          await personalisation(paths.top10),
        ),
      );
      if (i === 0) {
        baselines = baselineRows(metrics);
        data = { ...metrics.data, model: undefined };
      }
    }
    const leaderboard = buildLeaderboard(results, baselines, data, ctx.config.evaluate.k);
    atomicWriteFile(join(ctx.paths.reports, 'leaderboard.json'), `${JSON.stringify(leaderboard, null, 2)}\n`);
    const markdown = formatLeaderboardMarkdown(leaderboard);
    atomicWriteFile(join(ctx.paths.reports, 'leaderboard.md'), markdown);
    ctx.print(`\n${markdown}`);
    const where = relative(ctx.workdir, ctx.paths.reports);
    return {
      count: results.length,
      unit: 'rankers',
      summary: `highest ${leaderboard.selectedBy}: ${leaderboard.best}; chosen (one-SE rule): ${leaderboard.chosen} -> ${where}/leaderboard.json, ${where}/leaderboard.md`,
    };
  });
}

function readStages(statsFile: string): Record<string, StageStats> {
  const out: Record<string, StageStats> = {};
  for (const line of readFileSync(statsFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const stats = JSON.parse(line) as StageStats;
    out[stats.stage] = stats;
  }
  return out;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function leaderboardEntry(
  name: string,
  model: WemomsConfig['model'],
  stages: Record<string, StageStats>,
  metrics: { groupings: Record<string, Record<string, MetricRow>>; data: { k: number } },
  history: {
    epochs: { valNdcg: number | null; valMap: number | null; valLoss: number; valAuc: number | null }[];
    bestEpoch: number;
    validationGroups: number;
    validationGroupNdcg?: number[];
    parameters?: number;
    backend: string;
  },
  personal: LeaderboardEntry['personalisation'],
): LeaderboardEntry & { groupNdcg: readonly number[] } {
  const k = metrics.data.k;
  const best = history.epochs[history.bestEpoch - 1];
  const test: LeaderboardEntry['test'] = {};
  for (const g of GROUPINGS) if (metrics.groupings[g]) test[g] = metrics.groupings[g].model;
  const userDay = metrics.groupings.userDay;
  const model_ = num(userDay?.model?.[`simulatedCtr@${k}`]);
  const oracle = num(userDay?.oracle?.[`simulatedCtr@${k}`]);
  const p = stages.predict;
  const f = p?.figures ?? {};
  const candidates = f.candidates ?? 0;
  return {
    name,
    description: describeRanker(model),
    model,
    eval: {
      ndcg: num(best?.valNdcg),
      map: num(best?.valMap),
      loss: num(best?.valLoss),
      auc: num(best?.valAuc),
      groups: history.validationGroups,
      bestEpoch: history.bestEpoch,
      epochs: history.epochs.length,
      differenceToBest: null,
      differenceStdErr: null,
    },
    groupNdcg: history.validationGroupNdcg ?? [],
    parameters: history.parameters ?? 0,
    test,
    simulatedCtrVsOracle: model_ !== null && oracle ? model_ / oracle : null,
    personalisation: personal,
    train: {
      wallSeconds: stages.train?.wallSeconds ?? Number.NaN,
      cpuSeconds: stages.train?.cpuSeconds ?? Number.NaN,
      backend: history.backend,
    },
    scoring: {
      candidates,
      scoreRankPerSecond: candidates / ((f.scoreSeconds ?? 0) + (f.rankSeconds ?? 0)),
      candidatePathPerSecond:
        candidates / ((f.featurizeSeconds ?? 0) + (f.scoreSeconds ?? 0) + (f.rankSeconds ?? 0)),
      predictWallSeconds: p?.wallSeconds ?? Number.NaN,
    },
  };
}

function baselineRows(metrics: {
  groupings: Record<string, Record<string, MetricRow>>;
}): Leaderboard['baselines'] {
  const out: Leaderboard['baselines'] = {};
  for (const g of GROUPINGS) {
    const rows = metrics.groupings[g];
    if (!rows) continue;
    const { model: _model, ...others } = rows;
    out[g] = others;
  }
  return out;
}

/**
 * How personal the userDay top 10s are, from top10.parquet: the number of distinct posts across the day's
 * top 10s (mean over test days), and the share of users whose #1 post is no other user's #1 that day.
 */
export async function personalisation(top10: string): Promise<LeaderboardEntry['personalisation']> {
  if (!existsSync(top10)) return null;
  const table = await readParquet(top10, {
    columns: ['grouping', 'group_id', 'trackable_id', 'candidate_time', 'rank'],
  });
  const grouping = table.columns.grouping as { codes: Int32Array; dictionary: string[] };
  const userDay = grouping.dictionary.indexOf('userDay');
  if (userDay < 0) return null;
  const groupIds = table.columns.group_id as Int32Array;
  const posts = (table.columns.trackable_id as { codes: Int32Array }).codes;
  const times = table.columns.candidate_time as Float64Array;
  const ranks = table.columns.rank as Int32Array;
  // Per test day, each user's (group's) top list in rank order.
  const byDay = new Map<number, Map<number, number[]>>();
  for (let i = 0; i < table.length; i++) {
    if (grouping.codes[i] !== userDay) continue;
    const day = utcDay(times[i]);
    let groups = byDay.get(day);
    if (!groups) byDay.set(day, (groups = new Map()));
    let top = groups.get(groupIds[i]);
    if (!top) groups.set(groupIds[i], (top = []));
    top[ranks[i] - 1] = posts[i];
  }
  if (byDay.size === 0) return null;
  let distinct = 0;
  let own = 0;
  let users = 0;
  for (const groups of byDay.values()) {
    const tally = new TopItemTally<number>();
    for (const top of groups.values()) tally.add(top);
    const f = tally.figures();
    distinct += f.distinctTopItems;
    own += f.groupsWithOwnFirst;
    users += f.groups;
  }
  return { distinctTopPosts: distinct / byDay.size, ownTopShare: users > 0 ? own / users : 0 };
}

/** Mean and paired standard error of `a - b` over aligned groups (null when they do not align). */
export function pairedDifference(
  a: readonly number[],
  b: readonly number[],
): { mean: number; stdErr: number } | null {
  const n = a.length;
  if (n < 2 || b.length !== n) return null;
  let sum = 0;
  for (let g = 0; g < n; g++) sum += a[g] - b[g];
  const mean = sum / n;
  let squares = 0;
  for (let g = 0; g < n; g++) squares += (a[g] - b[g] - mean) ** 2;
  return { mean, stdErr: Math.sqrt(squares / (n - 1) / n) };
}

/**
 * Sorts by the eval-day NDCG@k (then MAP@k), names the best, and chooses by the one-standard-error rule:
 * the fewest parameters among the rankers whose NDCG@k is within one paired standard error (group by group
 * against the best, same eval groups) of the best's; between equal parameter counts, a pointwise loss
 * (calibrated probabilities, which log loss and the demo's scores read), then the higher NDCG@k.
 */
export function buildLeaderboard(
  entries: (LeaderboardEntry & { groupNdcg: readonly number[] })[],
  baselines: Leaderboard['baselines'],
  data: Record<string, unknown>,
  k: number,
): Leaderboard {
  const key = (e: LeaderboardEntry) => [
    e.eval.ndcg ?? Number.NEGATIVE_INFINITY,
    e.eval.map ?? Number.NEGATIVE_INFINITY,
  ];
  const sorted = [...entries].sort((a, b) => {
    const [a1, a2] = key(a);
    const [b1, b2] = key(b);
    return b1 - a1 || b2 - a2 || a.name.localeCompare(b.name);
  });
  const top = sorted[0];
  let chosen = top;
  for (const entry of sorted) {
    const difference = pairedDifference(entry.groupNdcg, top.groupNdcg);
    entry.eval.differenceToBest = difference?.mean ?? null;
    entry.eval.differenceStdErr = difference?.stdErr ?? null;
    const withinOne = entry === top || (difference !== null && difference.mean >= -difference.stdErr);
    // Fewer parameters first; between equals, a pointwise loss (its scores are probabilities).
    const simpler =
      entry.parameters < chosen.parameters ||
      (entry.parameters === chosen.parameters &&
        entry.model.loss === 'pointwise' &&
        chosen.model.loss !== 'pointwise');
    if (withinOne && simpler) chosen = entry;
  }
  return {
    k,
    selectedBy: `eval-day NDCG@${k}`,
    best: top?.name ?? '',
    chosen: chosen?.name ?? '',
    entries: sorted.map(({ groupNdcg: _groupNdcg, ...entry }) => entry),
    baselines,
    data,
  };
}

const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(4)}`;
const f4 = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(4);

/** The leaderboard as a Markdown document (the table the command prints). */
export function formatLeaderboardMarkdown(board: Leaderboard): string {
  const k = board.k;
  const header = [
    'ranker',
    'model',
    `eval NDCG@${k}`,
    'vs best (± SE)',
    `eval MAP@${k}`,
    'eval AUC',
    `impressions MAP@${k}`,
    `impressions NDCG@${k}`,
    `userDay MAP@${k}`,
    `event MAP@${k}`,
    `userDay simCtr@${k}`,
    'x oracle',
    'top-10 posts/day',
    'own #1',
    'params',
    'train s',
    'score+rank cand/s',
  ];
  const rows = board.entries.map((e) => [
    e.name === board.chosen ? `**${e.name}**` : e.name,
    e.description,
    f4(e.eval.ndcg),
    e.eval.differenceToBest === null || e.name === board.best
      ? '-'
      : `${signed(e.eval.differenceToBest)} ± ${(e.eval.differenceStdErr ?? 0).toFixed(4)}`,
    f4(e.eval.map),
    f4(e.eval.auc),
    f4(e.test.impressions?.[`map@${k}`]),
    f4(e.test.impressions?.[`ndcg@${k}`]),
    f4(e.test.userDay?.[`map@${k}`]),
    f4(e.test.event?.[`map@${k}`]),
    f4(e.test.userDay?.[`simulatedCtr@${k}`]),
    e.simulatedCtrVsOracle === null ? '-' : e.simulatedCtrVsOracle.toFixed(3),
    e.personalisation ? e.personalisation.distinctTopPosts.toFixed(0) : '-',
    e.personalisation ? `${(100 * e.personalisation.ownTopShare).toFixed(1)} %` : '-',
    String(e.parameters),
    e.train.wallSeconds.toFixed(2),
    formatCompact(e.scoring.scoreRankPerSecond),
  ]);
  const table = (cells: string[][]) =>
    [
      `| ${header.join(' | ')} |`,
      `|${header.map(() => '---').join('|')}|`,
      ...cells.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
  const baselineLines: string[] = [];
  for (const g of GROUPINGS) {
    const rows_ = board.baselines[g];
    if (!rows_) continue;
    for (const [ranker, row] of Object.entries(rows_)) {
      baselineLines.push(
        `| ${g} | ${ranker} | ${f4(row[`map@${k}`])} | ${f4(row[`ndcg@${k}`])} | ${f4(row.auc)} | ${f4(row[`simulatedCtr@${k}`])} |`,
      );
    }
  }
  return [
    '# Ranker leaderboard',
    '',
    `Every ranker trained on the same split and features and scored by the same predict and evaluate stages on the same candidates. Ranked by ${board.selectedBy} over the eval days' user-day groups holding an open and a non-open (featurised at the user-day's first impression, like the test groups): the model choice. Test metrics are reported, never used to choose; \`impressions\` is the honest offline ranking metric, userDay simulatedCtr@${k} the online one (synthetic data), \`event\` and \`userDay\` MAP reward exposure (see reports/metrics.md). Highest eval NDCG@${k}: ${board.best}. Chosen: **${board.chosen}**, by the one-standard-error rule: the fewest parameters among the rankers within one paired standard error (eval group by eval group) of the highest, since smaller differences are noise.`,
    '',
    table(rows),
    '',
    `Scoring speed: candidates per second of predict's score and rank steps (${board.entries.map((e) => `${e.name} ${formatCompact(e.scoring.candidates)} candidates`).join(', ')}). Train s: wall seconds of the train stage (load, featurise the eval days, fit, save).`,
    '',
    '## Baselines (same candidates)',
    '',
    `| grouping | ranker | MAP@${k} | NDCG@${k} | AUC | simulatedCtr@${k} |`,
    '|---|---|---:|---:|---:|---:|',
    ...baselineLines,
    '',
  ].join('\n');
}
