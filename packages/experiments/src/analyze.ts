/**
 * analyzeExperiment: everything a data scientist reads off an A/B test of CTR, from one pass over its
 * impressions in day order. Per arm: CTR with a user-level (delta-method) confidence interval. Per
 * treatment against the control: difference and relative lift with fixed-horizon CIs and p-value, and the
 * always-valid mSPRT p-value and confidence sequence of the lift, updated once per day (the looks), so
 * reading the test every day does not inflate its false-positive rate. Also: the sample-ratio-mismatch
 * check on users, per-day and cumulative results, and one verdict.
 */
import { type Alternative, bonferroniAlpha, criticalZ } from './alternative.js';
import { checkProbability, checkWeights } from './checks.js';
import { twoSidedPValue, upperPValue } from './distributions.js';
import {
  addUnit,
  emptyRatioSums,
  type RatioEstimate,
  type RatioSums,
  ratioEstimate,
  replaceUnit,
} from './ratio.js';
import { initialSequentialState, type SequentialState, sequentialLook } from './sequential.js';
import { type SampleRatioCheck, sampleRatioMismatch } from './srm.js';
import { dayToDate, ExperimentInputError, type ExperimentTable } from './table.js';
import { type Verdict, verdictOf } from './verdict.js';

export interface AnalysisOptions {
  /** Arm names, the control first; the table's arm codes index this list. */
  readonly arms: readonly string[];
  /** Planned shares of users per arm (any positive scale; default equal). */
  readonly weights?: readonly number[];
  /** Family-wise level of the comparisons (default 0.05), Bonferroni-split between the treatments. */
  readonly alpha?: number;
  /** Fixed-horizon tests: two-sided (default) or one-sided "treatment greater". The sequential test is two-sided. */
  readonly alternative?: Alternative;
  /** SRM threshold on the chi-square p-value (default 0.001). */
  readonly srmAlpha?: number;
  /** Relative lift the sequential test is tuned for: mixing sd tau = log(1 + mixingLift) (default 0.05). */
  readonly mixingLift?: number;
  /** Days before a positive result may ship (default 7: a full weekly cycle, past the novelty of the first days). */
  readonly minDays?: number;
  /** The planned duration in days, after which an undecided test stops (default none). */
  readonly plannedDays?: number | null;
  /** Users every arm needs before the sequential test looks (default 100: plug-in variances need clusters). */
  readonly burnInUsers?: number;
  /** User ids by code, for error messages. */
  readonly userIds?: readonly string[];
}

/** The settings an analysis ran with (defaults filled in). */
export interface AnalysisSettings {
  arms: string[];
  shares: number[];
  alpha: number;
  comparisonAlpha: number;
  correction: 'none' | 'bonferroni';
  alternative: Alternative;
  srmAlpha: number;
  mixingLift: number;
  mixingSd: number;
  minDays: number;
  plannedDays: number | null;
  burnInUsers: number;
}

/** One arm's CTR over some days. */
export interface ArmResult {
  arm: string;
  users: number;
  impressions: number;
  opens: number;
  ctr: number;
  /** Two-sided CI at level 1 - alpha from the user-level variance. */
  ctrLower: number;
  ctrUpper: number;
  standardError: number;
  /** Standard error if impressions were independent (binomial). */
  naiveStandardError: number;
  /** User-level variance / naive variance: the design effect of clustering by user, measured. */
  designEffect: number;
}

/** One treatment against the control over some days, fixed-horizon. */
export interface ComparisonResult {
  treatment: string;
  control: string;
  /** CTR(treatment) - CTR(control). */
  difference: number;
  differenceLower: number;
  differenceUpper: number;
  standardError: number;
  zScore: number;
  pValue: number;
  /** CTR(treatment) / CTR(control) - 1. */
  relativeLift: number;
  liftLower: number;
  liftUpper: number;
}

/** A comparison with its always-valid (sequential) figures, as of the end of a day. */
export interface SequentialComparison extends ComparisonResult {
  /** Always-valid p-value (mSPRT), non-increasing over days; 1 before the burn-in. */
  alwaysValidPValue: number;
  /** Confidence sequence of the relative lift at this look, +-Infinity before the burn-in. */
  alwaysValidLiftLower: number;
  alwaysValidLiftUpper: number;
  /** Whether the sequential test has looked yet (every arm past the burn-in). */
  looked: boolean;
}

/** Results of one day alone. */
export interface DayResult {
  day: number;
  date: string;
  arms: ArmResult[];
  comparisons: ComparisonResult[];
}

/** Results of every day up to and including this one. */
export interface CumulativeResult {
  day: number;
  date: string;
  /** 1-based index of the day in the experiment. */
  dayIndex: number;
  arms: ArmResult[];
  comparisons: SequentialComparison[];
}

export interface ExperimentAnalysis {
  settings: AnalysisSettings;
  /** Whole-experiment results (the last cumulative day). */
  arms: ArmResult[];
  comparisons: SequentialComparison[];
  srm: SampleRatioCheck;
  days: DayResult[];
  cumulative: CumulativeResult[];
  firstDate: string;
  lastDate: string;
  verdict: Verdict;
}

function settingsOf(options: AnalysisOptions): AnalysisSettings {
  const arms = [...options.arms];
  if (arms.length < 2)
    throw new ExperimentInputError(
      `need at least 2 arms (a control and a treatment), got ${arms.length}${arms.length ? `: ${arms[0]}` : ''}`,
    );
  if (new Set(arms).size !== arms.length)
    throw new ExperimentInputError(`arm names must be distinct, got ${arms.join(', ')}`);
  const shares = checkWeights(options.weights ?? arms.map(() => 1), arms.length);
  const alpha = options.alpha ?? 0.05;
  checkProbability('alpha', alpha);
  const srmAlpha = options.srmAlpha ?? 0.001;
  checkProbability('srmAlpha', srmAlpha);
  const mixingLift = options.mixingLift ?? 0.05;
  if (!(mixingLift > 0)) throw new RangeError(`mixingLift: expected a number > 0, got ${mixingLift}`);
  const comparisons = arms.length - 1;
  return {
    arms,
    shares,
    alpha,
    comparisonAlpha: bonferroniAlpha(alpha, comparisons),
    correction: comparisons > 1 ? 'bonferroni' : 'none',
    alternative: options.alternative ?? 'two-sided',
    srmAlpha,
    mixingLift,
    mixingSd: Math.log1p(mixingLift),
    minDays: options.minDays ?? 7,
    plannedDays: options.plannedDays ?? null,
    burnInUsers: options.burnInUsers ?? 100,
  };
}

function armResult(arm: string, estimate: RatioEstimate, z: number): ArmResult {
  const se = Math.sqrt(estimate.variance);
  return {
    arm,
    users: estimate.units,
    impressions: estimate.denominator,
    opens: estimate.numerator,
    ctr: estimate.value,
    ctrLower: Math.max(0, estimate.value - z * se),
    ctrUpper: Math.min(1, estimate.value + z * se),
    standardError: se,
    naiveStandardError: Math.sqrt(estimate.naiveVariance),
    designEffect: estimate.variance / estimate.naiveVariance,
  };
}

/** Fixed-horizon comparison of two independent arms' ratio estimates. */
export function compareArms(
  control: RatioEstimate,
  treatment: RatioEstimate,
  names: { control: string; treatment: string },
  alpha: number,
  alternative: Alternative,
): ComparisonResult {
  const z = criticalZ(alpha, alternative);
  const difference = treatment.value - control.value;
  const standardError = Math.sqrt(treatment.variance + control.variance);
  const zScore = difference / standardError;
  const pValue = alternative === 'two-sided' ? twoSidedPValue(zScore) : upperPValue(zScore);
  const logRatio = Math.log(treatment.value / control.value);
  const logSe = Math.sqrt(treatment.variance / treatment.value ** 2 + control.variance / control.value ** 2);
  const upperOpen = alternative === 'one-sided';
  return {
    treatment: names.treatment,
    control: names.control,
    difference,
    differenceLower: difference - z * standardError,
    differenceUpper: upperOpen ? Number.POSITIVE_INFINITY : difference + z * standardError,
    standardError,
    zScore,
    pValue,
    relativeLift: Math.expm1(logRatio),
    liftLower: Math.expm1(logRatio - z * logSe),
    liftUpper: upperOpen ? Number.POSITIVE_INFINITY : Math.expm1(logRatio + z * logSe),
  };
}

/** The log CTR ratio treatment / control and its delta-method variance: what the sequential test tracks. */
function logRatio(control: RatioEstimate, treatment: RatioEstimate): { estimate: number; variance: number } {
  return {
    estimate: Math.log(treatment.value / control.value),
    variance: treatment.variance / treatment.value ** 2 + control.variance / control.value ** 2,
  };
}

function userName(options: AnalysisOptions, user: number): string {
  return options.userIds?.[user] ?? `#${user}`;
}

/** Validates the rows and returns the distinct days (ascending) and each row's day index. */
function indexDays(table: ExperimentTable, options: AnalysisOptions, arms: number) {
  const { length, user, arm, day, opens, impressions } = table;
  if (length === 0) throw new ExperimentInputError('no impressions to analyze');
  for (const [name, column] of Object.entries({ user, arm, day, opens })) {
    if (column.length < length)
      throw new ExperimentInputError(`column ${name}: ${column.length} values for ${length} rows`);
  }
  let userCount = table.userCount ?? 0;
  if (table.userCount === undefined)
    for (let i = 0; i < length; i++) userCount = Math.max(userCount, user[i] + 1);
  const userArm = new Int32Array(userCount).fill(-1);
  const days = new Set<number>();
  for (let i = 0; i < length; i++) {
    const u = user[i];
    const a = arm[i];
    const n = impressions ? impressions[i] : 1;
    if (!(u >= 0 && u < userCount)) throw new ExperimentInputError(`row ${i}: user code ${u} out of range`);
    if (!(a >= 0 && a < arms))
      throw new ExperimentInputError(`row ${i}: arm index ${a} out of range (${arms} arms)`);
    if (!(Number.isInteger(n) && n >= 1))
      throw new ExperimentInputError(`row ${i}: impressions must be an integer >= 1, got ${n}`);
    if (!(opens[i] >= 0 && opens[i] <= n))
      throw new ExperimentInputError(`row ${i}: opens must be within 0..${n}, got ${opens[i]}`);
    if (!Number.isInteger(day[i])) throw new ExperimentInputError(`row ${i}: day must be an integer`);
    if (userArm[u] === -1) userArm[u] = a;
    else if (userArm[u] !== a)
      throw new ExperimentInputError(
        `user ${userName(options, u)} is in arms ${options.arms[userArm[u]]} and ${options.arms[a]}: ` +
          'randomisation is by user, each user must stay in one arm',
      );
    days.add(day[i]);
  }
  const sortedDays = [...days].sort((a, b) => a - b);
  const dayIndex = new Map(sortedDays.map((d, i) => [d, i]));
  // Rows bucketed by day (counting sort): CSR offsets and row order.
  const offsets = new Int32Array(sortedDays.length + 1);
  const rowDay = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    rowDay[i] = dayIndex.get(day[i]) as number;
    offsets[rowDay[i] + 1]++;
  }
  for (let d = 0; d < sortedDays.length; d++) offsets[d + 1] += offsets[d];
  const order = new Int32Array(length);
  const fill = offsets.slice(0, sortedDays.length);
  for (let i = 0; i < length; i++) order[fill[rowDay[i]]++] = i;
  return { userCount, userArm, sortedDays, offsets, order };
}

/** Analyses an experiment; see the module comment. Throws ExperimentInputError on unusable input. */
export function analyzeExperiment(table: ExperimentTable, options: AnalysisOptions): ExperimentAnalysis {
  const settings = settingsOf(options);
  const k = settings.arms.length;
  const { userCount, userArm, sortedDays, offsets, order } = indexDays(table, options, k);
  const { user, opens, impressions } = table;

  const zArm = criticalZ(settings.alpha, 'two-sided');
  const cumulativeN = new Float64Array(userCount);
  const cumulativeY = new Float64Array(userCount);
  const dayN = new Float64Array(userCount);
  const dayY = new Float64Array(userCount);
  const touched = new Int32Array(userCount);
  const cumulativeSums: RatioSums[] = settings.arms.map(() => emptyRatioSums());
  let sequential: SequentialState[] = settings.arms.slice(1).map(() => initialSequentialState());

  const days: DayResult[] = [];
  const cumulative: CumulativeResult[] = [];
  for (let d = 0; d < sortedDays.length; d++) {
    let touchedCount = 0;
    for (let j = offsets[d]; j < offsets[d + 1]; j++) {
      const i = order[j];
      const u = user[i];
      if (dayN[u] === 0) touched[touchedCount++] = u;
      dayN[u] += impressions ? impressions[i] : 1;
      dayY[u] += opens[i];
    }
    const daySums: RatioSums[] = settings.arms.map(() => emptyRatioSums());
    for (let t = 0; t < touchedCount; t++) {
      const u = touched[t];
      const a = userArm[u];
      addUnit(daySums[a], dayY[u], dayN[u]);
      const y1 = cumulativeY[u] + dayY[u];
      const n1 = cumulativeN[u] + dayN[u];
      replaceUnit(cumulativeSums[a], cumulativeY[u], cumulativeN[u], y1, n1);
      cumulativeY[u] = y1;
      cumulativeN[u] = n1;
      dayN[u] = 0;
      dayY[u] = 0;
    }
    const dayEstimates = daySums.map(ratioEstimate);
    const cumulativeEstimates = cumulativeSums.map(ratioEstimate);
    const compare = (estimates: RatioEstimate[], t: number) =>
      compareArms(
        estimates[0],
        estimates[t],
        { control: settings.arms[0], treatment: settings.arms[t] },
        settings.comparisonAlpha,
        settings.alternative,
      );
    const date = dayToDate(sortedDays[d]);
    days.push({
      day: sortedDays[d],
      date,
      arms: dayEstimates.map((e, a) => armResult(settings.arms[a], e, zArm)),
      comparisons: settings.arms.slice(1).map((_, t) => compare(dayEstimates, t + 1)),
    });
    const burnedIn = cumulativeEstimates.every((e) => e.units >= settings.burnInUsers);
    sequential = sequential.map((state, t) => {
      if (!burnedIn) return state;
      const { estimate, variance } = logRatio(cumulativeEstimates[0], cumulativeEstimates[t + 1]);
      return sequentialLook(state, estimate, variance, settings.mixingSd, settings.comparisonAlpha);
    });
    cumulative.push({
      day: sortedDays[d],
      date,
      dayIndex: d + 1,
      arms: cumulativeEstimates.map((e, a) => armResult(settings.arms[a], e, zArm)),
      comparisons: settings.arms.slice(1).map((_, t) => ({
        ...compare(cumulativeEstimates, t + 1),
        alwaysValidPValue: sequential[t].pValue,
        alwaysValidLiftLower: Math.expm1(sequential[t].lower),
        alwaysValidLiftUpper: Math.expm1(sequential[t].upper),
        looked: sequential[t].looks > 0,
      })),
    });
  }

  const last = cumulative[cumulative.length - 1];
  const empty = last.arms.filter((a) => a.users === 0).map((a) => a.arm);
  if (empty.length > 0)
    throw new ExperimentInputError(
      `arm${empty.length > 1 ? 's' : ''} ${empty.join(', ')} ha${empty.length > 1 ? 've' : 's'} no impressions ` +
        `(arms with data: ${last.arms
          .filter((a) => a.users > 0)
          .map((a) => `${a.arm} ${a.users} users`)
          .join(', ')}): nothing to compare`,
    );
  const srm = sampleRatioMismatch(
    last.arms.map((a) => a.users),
    settings.shares,
    settings.srmAlpha,
  );
  const analysis: Omit<ExperimentAnalysis, 'verdict'> = {
    settings,
    arms: last.arms,
    comparisons: last.comparisons,
    srm,
    days,
    cumulative,
    firstDate: cumulative[0].date,
    lastDate: last.date,
  };
  return { ...analysis, verdict: verdictOf(analysis) };
}
