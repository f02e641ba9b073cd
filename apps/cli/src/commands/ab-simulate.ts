/**
 * `wemoms ab simulate`: the online test the study could not run, on a synthetic log with ground truth.
 * Users are split between two arms (seeded, by user, with the planned weights); every test day, each user
 * active that day is served her arm's top 10 of yesterday's posts, ranked as `wemoms rank` ranks them
 * (scoreGroups, as of her first impression of the day), and opens each with the generator's true
 * probability (a seeded draw). The impressions go to an events file, which `ab analyze`'s reader and
 * analysis then read like any other; the report puts the simulated lift beside the true expected lift and
 * the offline metrics (reports/metrics.json).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { markdownTable, type ReportSection, type ReportTable } from '@wemoms/charts';
import { formatDay, parseDay, seededRandom } from '@wemoms/data-schema';
import { requireFile } from '@wemoms/data-schema/node';
import { buildServingGroups, countCandidates, subsetGroups } from '@wemoms/dataset';
import {
  analyzeExperiment,
  ExperimentInputError,
  formatLiftInterval,
  formatPercent,
  formatSignedPercent,
} from '@wemoms/experiments';
import { rankWithinGroups } from '@wemoms/metrics';
import { type ArmRanker, loadArmRanker } from '../ab/arm-rankers.js';
import { printAnalysis, writeAbReport } from '../ab/report-files.js';
import { abReportDir, analysisOptions, plannedWeights } from '../ab/settings.js';
import {
  readExperimentEvents,
  type SimulatedEvents,
  writeExperimentEvents,
} from '../io/experiment-events.js';
import { loadLogSnapshot } from '../pipeline/load-log.js';
import { scoreGroups, topRowsOfGroups } from '../pipeline/score-groups.js';
import { createTruthScorer } from '../pipeline/truth.js';
import type { AbSimulateOptions } from '../program/ab.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { formatCount } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

/** Growable typed columns of the served impressions. */
class EventColumns {
  length = 0;
  user = new Int32Array(1024);
  arm = new Uint8Array(1024);
  post = new Int32Array(1024);
  rank = new Uint8Array(1024);
  time = new Float64Array(1024);
  opened = new Uint8Array(1024);

  push(user: number, arm: number, post: number, rank: number, time: number, opened: boolean) {
    if (this.length === this.user.length) {
      const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.user = grow(this.user);
      this.arm = grow(this.arm);
      this.post = grow(this.post);
      this.rank = grow(this.rank);
      this.time = grow(this.time);
      this.opened = grow(this.opened);
    }
    const i = this.length++;
    this.user[i] = user;
    this.arm[i] = arm;
    this.post[i] = post;
    this.rank[i] = rank;
    this.time[i] = time;
    this.opened[i] = opened ? 1 : 0;
  }
}

/** Per arm: what was served and what the truth expected. */
interface ArmTotals {
  users: Set<number>;
  impressions: number;
  opens: number;
  expectedOpens: number;
}

/** metrics.json's figure for a ranker, or null. */
function offlineMetric(metrics: unknown, grouping: string, ranker: string, key: string): number | null {
  const v = (metrics as { groupings?: Record<string, Record<string, Record<string, unknown>>> })?.groupings?.[
    grouping
  ]?.[ranker]?.[key];
  return typeof v === 'number' ? v : null;
}

export async function run(ctx: CliContext, options: AbSimulateOptions): Promise<void> {
  // Only reports/ab (or --out) is written: lock that, not the whole workdir.
  const outputDir = abReportDir(ctx, options.out);
  await runStage(ctx, 'ab simulate', { outputs: [outputDir], lock: 'outputs' }, async () => {
    const { config, paths } = ctx;
    const sim = config.ab.simulate;
    if (!existsSync(paths.truth))
      throw new CliError(
        `ab simulate needs the ground truth of a synthetic log at ${relative(ctx.workdir, paths.truth)} (generate-data writes it): a real log has no true open probabilities to draw opens from`,
      );
    requireFile(paths.logSnapshot, 'log snapshot', 'make-dataset', ctx.workdir);
    const specs = [sim.control, sim.treatment];
    if (specs[0] === specs[1])
      throw new CliError(
        `the control and treatment rankers are both ${specs[0]}: nothing to compare (an A/A test needs no simulation)`,
      );
    const first = parseDay(options.first ?? config.split.test.first);
    const last = parseDay(options.last ?? config.split.test.last);
    if (first > last) throw new CliError(`--first ${formatDay(first)} is after --last ${formatDay(last)}`);

    const loaded = await loadLogSnapshot(ctx);
    const { log, catalog } = loaded;
    const userIds = log.columns.user_id.dictionary;
    const postIds = log.columns.trackable_id.dictionary;
    const truth = createTruthScorer(paths.truth, userIds, postIds);
    if (!truth) throw new CliError(`no ground truth at ${relative(ctx.workdir, paths.truth)}`);
    const rankers: ArmRanker[] = [];
    for (const [a, spec] of specs.entries())
      rankers.push(await loadArmRanker(ctx, spec, truth, sim.seed * 31 + a));

    // Randomisation by user: one seeded draw per user of the log, with the planned weights.
    const weights = plannedWeights(ctx, 2);
    const share0 = weights[0] / (weights[0] + weights[1]);
    const split = seededRandom(sim.seed);
    const armOfUser = Uint8Array.from({ length: userIds.length }, () => (split() < share0 ? 0 : 1));
    const draw = seededRandom(sim.seed + 1);
    const k = config.rank.topK;
    const events = new EventColumns();
    const totals: ArmTotals[] = specs.map(() => ({
      users: new Set(),
      impressions: 0,
      opens: 0,
      expectedOpens: 0,
    }));
    const skipped: string[] = [];

    let candidates = 0;
    for (let day = first; day <= last; day++) {
      const groups = buildServingGroups(log, catalog, day);
      if (groups.length === 0 || countCandidates(groups, catalog) === 0) {
        skipped.push(formatDay(day));
        continue;
      }
      for (let a = 0; a < 2; a++) {
        const chosen = Int32Array.from(
          Array.from(groups.user.keys()).filter((g) => armOfUser[groups.user[g]] === a),
        );
        if (chosen.length === 0) continue;
        const armGroups = subsetGroups(groups, chosen);
        const ranker = rankers[a];
        const task = ctx.progress.start(
          `ab simulate ${formatDay(day)} ${ranker.spec}`,
          countCandidates(armGroups, catalog),
          'candidates',
        );
        for (const scored of scoreGroups(
          loaded,
          ranker.scorer,
          ranker.categories,
          armGroups,
          config.predict.chunkRows,
        )) {
          const { chunk } = scored;
          const scores = ranker.rescore ? ranker.rescore(chunk) : scored.scores;
          const ranks = rankWithinGroups(chunk.offsets, scores, scored.tieKeys);
          const best = topRowsOfGroups(chunk.offsets, ranks, k);
          // The served rows, group by group, for the truth (which evaluates a group's rows together).
          const rows = Array.from(best).filter((i) => i >= 0);
          const served = {
            length: rows.length,
            groupId: Int32Array.from(rows, (i) => chunk.groupId[i]),
            user: Int32Array.from(rows, (i) => chunk.user[i]),
            post: Int32Array.from(rows, (i) => chunk.post[i]),
            time: Float64Array.from(rows, (i) => chunk.time[i]),
          };
          const p = truth.score(served).truth;
          for (let j = 0; j < rows.length; j++) {
            if (Number.isNaN(p[j]))
              throw new CliError(
                `no true open probability for post ${postIds[served.post[j]]} on ${formatDay(day)}`,
              );
            const opened = draw() < p[j];
            events.push(served.user[j], a, served.post[j], ranks[rows[j]], served.time[j], opened);
            const t = totals[a];
            t.users.add(served.user[j]);
            t.impressions++;
            t.opens += opened ? 1 : 0;
            t.expectedOpens += p[j];
          }
          candidates += chunk.length;
          task.tick(chunk.length);
        }
        task.done();
      }
    }
    if (events.length === 0)
      throw new CliError(
        `no user was active between ${formatDay(first)} and ${formatDay(last)}: nothing to simulate`,
      );

    const dir = outputDir;
    const eventsPath = options.events ? resolve(options.events) : join(dir, 'simulated-events.jsonl');
    const n = events.length;
    const simulated: SimulatedEvents = {
      length: n,
      userIds,
      postIds,
      arms: specs,
      user: events.user.subarray(0, n),
      arm: events.arm.subarray(0, n),
      post: events.post.subarray(0, n),
      rank: events.rank.subarray(0, n),
      time: events.time.subarray(0, n),
      opened: events.opened.subarray(0, n),
    };
    await writeExperimentEvents(eventsPath, simulated);

    // Analyse the file like any events file: the reader validates what the simulation wrote.
    const read = await readExperimentEvents(eventsPath, specs);
    const days = read.table.length > 0 ? new Set(read.table.day).size : 0;
    let analysis: ReturnType<typeof analyzeExperiment>;
    try {
      analysis = analyzeExperiment(
        read.table,
        analysisOptions(ctx, specs, {
          userIds: read.userIds,
          // The simulated test lasts the simulated days: its planned end, and the longest minimum it can honour.
          plannedDays: config.ab.plannedDays ?? days,
          minDays: Math.min(config.ab.minDays, days),
        }),
      );
    } catch (error) {
      if (error instanceof ExperimentInputError) throw new CliError(`${eventsPath}: ${error.message}`);
      throw error;
    }

    // Ground truth and offline metrics beside the simulated result.
    const expected = totals.map((t) => t.expectedOpens / t.impressions);
    const trueLift = expected[1] / expected[0] - 1;
    const metrics = existsSync(paths.metricsJson)
      ? JSON.parse(readFileSync(paths.metricsJson, 'utf8'))
      : null;
    const offlineName = (r: ArmRanker) =>
      r.kind === 'model' ? (r.modelName === config.model.name ? 'model' : null) : r.kind;
    const kk = config.evaluate.k;
    const offline = (r: ArmRanker, grouping: string, key: string) => {
      const name = offlineName(r);
      return name && metrics ? offlineMetric(metrics, grouping, name, key) : null;
    };
    const simCtr = rankers.map((r) => offline(r, 'userDay', `simulatedCtr@${kk}`));
    const offlineLift = simCtr[0] !== null && simCtr[1] !== null ? simCtr[1] / simCtr[0] - 1 : null;
    const c = analysis.comparisons[0];
    const table: ReportTable = {
      caption: `Simulated test (seed ${sim.seed}) beside the ground truth and the offline metrics${metrics ? ` (${relative(ctx.workdir, paths.metricsJson)})` : ' (no reports/metrics.json: run evaluate)'}`,
      columns: [
        'arm',
        'users',
        'impressions',
        'simulated CTR',
        'true expected CTR',
        `offline simulatedCtr@${kk} (userDay)`,
        `offline MAP@${kk} (impressions)`,
      ],
      rows: rankers.map((r, a) => {
        const map = offline(r, 'impressions', `map@${kk}`);
        const sctr = simCtr[a];
        return [
          r.spec,
          formatCount(totals[a].users.size),
          formatCount(totals[a].impressions),
          formatPercent(totals[a].opens / totals[a].impressions),
          formatPercent(expected[a]),
          sctr === null ? 'n/a' : formatPercent(sctr),
          map === null ? 'n/a' : map.toFixed(4),
        ];
      }),
    };
    const headline =
      `Simulated lift of ${specs[1]} over ${specs[0]}: ${formatSignedPercent(c.relativeLift)} ` +
      `(${Math.round((1 - analysis.settings.comparisonAlpha) * 100)} % CI ${formatLiftInterval(c.liftLower, c.liftUpper)}, ` +
      `always-valid ${formatLiftInterval(c.alwaysValidLiftLower, c.alwaysValidLiftUpper)}); ` +
      `true expected lift ${formatSignedPercent(trueLift)}` +
      (offlineLift !== null
        ? `; offline simulatedCtr@${kk} lift ${formatSignedPercent(offlineLift)} (userDay groups)`
        : '');
    const note =
      `Every user active on a test day (${formatDay(first)}..${formatDay(last)}${skipped.length ? `, no candidates on ${skipped.join(', ')}` : ''}) ` +
      `is served her arm's top ${k} of the previous day's posts, ranked as \`wemoms rank\` ranks them, and opens each with the generator's true probability ` +
      `(seeded draws). The true expected CTR is the mean of those probabilities; the offline simulatedCtr@${kk} averages the same probabilities ` +
      `over the userDay groups only (users with an open that day), hence a different level. Events: ${relative(ctx.workdir, eventsPath) || eventsPath}.`;
    const sections: ReportSection[] = [
      { title: 'Simulation', text: `${headline}. ${note}`, tables: [table] },
    ];
    await writeAbReport(dir, analysis, {
      title: `Simulated A/B test: ${specs[1]} vs ${specs[0]}`,
      subtitle: `synthetic log ${relative(ctx.workdir, paths.raw) || paths.raw}, ${formatDay(first)}..${formatDay(last)}, seed ${sim.seed}`,
      markdown: ['## Simulation', `${headline}.`, note, markdownTable(table)],
      sections,
      json: {
        simulation: {
          control: specs[0],
          treatment: specs[1],
          seed: sim.seed,
          first: formatDay(first),
          last: formatDay(last),
          events: eventsPath,
          trueExpectedCtr: expected,
          trueLift,
          offlineSimulatedCtr: simCtr,
          offlineLift,
        },
      },
    });
    ctx.print(`${headline}.`);
    ctx.print('');
    printAnalysis(ctx, analysis, dir);
    return {
      count: candidates,
      unit: 'candidates',
      figures: {
        impressions: events.length,
        lift: c.relativeLift,
        liftLower: c.liftLower,
        liftUpper: c.liftUpper,
        trueLift,
      },
      summary: `${formatCount(events.length)} impressions served to ${formatCount(read.userIds.length)} users -> ${relative(ctx.workdir, eventsPath) || eventsPath}, ${relative(ctx.workdir, dir)}/report.md; ${analysis.verdict.decision}`,
    };
  });
}
