/**
 * `wemoms ab plan | analyze | simulate`: online evaluation. Flags override the `ab` config section;
 * the handlers are apps/cli/src/commands/ab-*.ts.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { ConfigOverrides } from '../config/load.js';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { defineCommand } from './define.js';
import { isoDay, positiveInteger } from './parsers.js';

const AB = DEFAULT_CONFIG.ab;

/** A number written as a fraction or a percentage: "0.05" or "5%" -> 0.05. */
function fraction(value: string): number {
  const percent = value.trim().endsWith('%');
  const n = Number(percent ? value.trim().slice(0, -1) : value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive number or percentage (0.05 or 5%), got "${value}"`);
  return percent ? n / 100 : n;
}

/** A probability in (0, 1), as a fraction or a percentage. */
function probability(value: string): number {
  const p = fraction(value);
  if (p >= 1)
    throw new InvalidArgumentError(`expected a number in (0, 1) or a percentage below 100%, got "${value}"`);
  return p;
}

/** "control,treatment" -> ['control', 'treatment'] (at least two distinct names). */
function armList(value: string): string[] {
  const arms = value.split(',').map((s) => s.trim());
  if (arms.length < 2 || arms.some((a) => a === ''))
    throw new InvalidArgumentError(
      `expected at least two comma-separated arm names, control first, got "${value}"`,
    );
  if (new Set(arms).size !== arms.length)
    throw new InvalidArgumentError(`arm names must be distinct, got "${value}"`);
  return arms;
}

/** "50,50" -> [50, 50]. */
function weightList(value: string): number[] {
  const weights = value.split(',').map((s) => Number(s.trim()));
  if (weights.some((w) => !Number.isFinite(w) || w <= 0))
    throw new InvalidArgumentError(`expected comma-separated positive weights (e.g. 50,50), got "${value}"`);
  return weights;
}

/** Flags of every ab subcommand: the design. */
interface DesignOptions {
  arms?: string[];
  weights?: number[];
  alpha?: number;
  oneSided?: boolean;
  out?: string;
}

function designOptions(cmd: Command, { arms = true } = {}): Command {
  if (arms)
    cmd.option(
      '--arms <names>',
      `arm names, control first (config ab.arms, default ${AB.arms.join(',')})`,
      armList,
    );
  return cmd
    .option(
      '--weights <w>',
      'planned shares of users per arm, e.g. 90,10 (config ab.weights, default equal)',
      weightList,
    )
    .option(
      '--alpha <p>',
      `family-wise significance level (config ab.alpha, default ${AB.alpha})`,
      probability,
    )
    .option('--one-sided', 'fixed-horizon tests look only for an increase (config ab.alternative)')
    .option('--out <dir>', 'where the report goes (default <reports>/ab)');
}

function designOverrides(o: DesignOptions): ConfigOverrides {
  return {
    'ab.arms': o.arms,
    'ab.weights': o.weights,
    'ab.alpha': o.alpha,
    'ab.alternative': o.oneSided ? 'one-sided' : undefined,
  };
}

/** Flags of analyze and simulate: the decision rules. */
interface DecisionOptions {
  minDays?: number;
  plannedDays?: number;
  mde?: number;
}

function decisionOptions(cmd: Command): Command {
  return cmd
    .option(
      '--min-days <n>',
      `days before a positive result may ship (config ab.minDays, default ${AB.minDays})`,
      positiveInteger,
    )
    .option(
      '--planned-days <n>',
      'planned duration: an undecided test stops after it (config ab.plannedDays)',
      positiveInteger,
    )
    .option(
      '--mde <lift>',
      `relative lift the test was planned for, which tunes the sequential test (config ab.mdeRelative, default ${AB.mdeRelative})`,
      fraction,
    );
}

function decisionOverrides(o: DecisionOptions): ConfigOverrides {
  return { 'ab.minDays': o.minDays, 'ab.plannedDays': o.plannedDays, 'ab.mdeRelative': o.mde };
}

export interface AbPlanOptions extends DesignOptions {
  baseline?: number;
  mde?: number;
  mdeAbsolute?: number;
  power?: number;
  trafficShare?: number;
  icc?: number;
  impressionsPerUser?: number;
  log: boolean;
}

export interface AbAnalyzeOptions extends DesignOptions, DecisionOptions {
  events: string;
}

export interface AbSimulateOptions extends DesignOptions, DecisionOptions {
  control?: string;
  treatment?: string;
  seed?: number;
  first?: string;
  last?: string;
  events?: string;
}

const planCommand = defineCommand<AbPlanOptions>({
  name: 'plan',
  description:
    "sample size per arm for a CTR change, the design effect of several impressions per user, and the days needed at the log's traffic",
  options: (cmd) =>
    designOptions(cmd)
      .option('--baseline <ctr>', "control CTR (config ab.baseline, default: the log's CTR)", probability)
      .option(
        '--mde <lift>',
        `minimum detectable relative lift, 0.05 or 5% (config ab.mdeRelative, default ${AB.mdeRelative})`,
        fraction,
      )
      .option(
        '--mde-absolute <ctr>',
        'minimum detectable effect in CTR units instead, 0.005 = +0.5 pp (config ab.mdeAbsolute)',
        fraction,
      )
      .option('--power <p>', `power (config ab.power, default ${AB.power})`, probability)
      .option(
        '--traffic-share <f>',
        'share of the traffic enrolled in the test (config ab.trafficShare, default 1)',
        fraction,
      )
      .option('--icc <x>', 'without a log: assumed intra-user correlation of opens', fraction)
      .option(
        '--impressions-per-user <m>',
        'without a log: assumed impressions per user over the test',
        fraction,
      )
      .option('--no-log', 'do not read the log: sample sizes only (with --baseline)'),
  overrides: (o) => ({
    ...designOverrides(o),
    'ab.baseline': o.baseline,
    'ab.mdeRelative': o.mde,
    'ab.mdeAbsolute': o.mdeAbsolute,
    'ab.power': o.power,
    'ab.trafficShare': o.trafficShare,
  }),
  load: () => import('../commands/ab-plan.js'),
});

const analyzeCommand = defineCommand<AbAnalyzeOptions>({
  name: 'analyze',
  description:
    'per-arm CTR, lift with user-level CI, SRM check, per-day results, always-valid sequential test and a verdict; reports/ab/',
  options: (cmd) =>
    decisionOptions(
      designOptions(cmd).requiredOption(
        '--events <file>',
        'impressions with an arm: JSON Lines (.jsonl, .jsonl.gz) or parquet; columns user_id, arm, opened, day or timestamp',
      ),
    ),
  overrides: (o) => ({ ...designOverrides(o), ...decisionOverrides(o) }),
  load: () => import('../commands/ab-analyze.js'),
});

const simulateCommand = defineCommand<AbSimulateOptions>({
  name: 'simulate',
  description:
    "a simulated A/B test on a synthetic log: serve each arm's top 10 every test day, draw opens from the true probabilities, analyze",
  options: (cmd) =>
    decisionOptions(designOptions(cmd, { arms: false }))
      .option(
        '--control <ranker>',
        `control arm's ranker: model, model:<name>, popularity, random or oracle (config ab.simulate.control, default ${AB.simulate.control})`,
      )
      .option(
        '--treatment <ranker>',
        `treatment arm's ranker (config ab.simulate.treatment, default ${AB.simulate.treatment})`,
      )
      .option(
        '--seed <n>',
        `seed of the user split and the opens (config ab.simulate.seed, default ${AB.simulate.seed})`,
        (v) => {
          const n = Number(v);
          if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected an integer, got "${v}"`);
          return n;
        },
      )
      .option('--first <day>', 'first test day (default split.test.first)', isoDay)
      .option('--last <day>', 'last test day (default split.test.last)', isoDay)
      .option(
        '--events <file>',
        'where the simulated events go (default <out>/simulated-events.jsonl; .parquet for parquet)',
      ),
  overrides: (o) => ({
    ...designOverrides(o),
    ...decisionOverrides(o),
    'ab.simulate.control': o.control,
    'ab.simulate.treatment': o.treatment,
    'ab.simulate.seed': o.seed,
  }),
  load: () => import('../commands/ab-simulate.js'),
});

export const abCommand = defineCommand({
  name: 'ab',
  description:
    'online evaluation: plan an A/B test of CTR, analyze one, or simulate one on the synthetic log',
  subcommands: [planCommand, analyzeCommand, simulateCommand],
});
