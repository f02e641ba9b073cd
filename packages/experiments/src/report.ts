/**
 * Report shaping (pure; the CLI writes the files): an analysis or a plan as tables (ReportTable, shared by
 * the markdown and the HTML page), as markdown, and as a @wemoms/charts ReportPage with its charts.
 */
import { markdownTable, type ReportPage, type ReportSection, type ReportTable } from '@wemoms/charts';
import type { ArmResult, ExperimentAnalysis } from './analyze.js';
import { cumulativeLiftChart, dailyCtrChart } from './charts.js';
import {
  formatCount,
  formatLiftInterval,
  formatPercent,
  formatPValue,
  formatSignedPercent,
} from './format.js';
import type { ExperimentPlan, PlannedDuration } from './plan.js';
import type { TrafficProfile } from './traffic.js';

/** A difference of proportions in percentage points: "+0.53 pp". */
function formatPoints(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+inf' : value < 0 ? '-inf' : 'n/a';
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(2)} pp`;
}

function ctrInterval(a: ArmResult): string {
  return `[${formatPercent(a.ctrLower)}, ${formatPercent(a.ctrUpper)}]`;
}

const fixed2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');

/** The tables of an analysis. */
export function analysisTables(analysis: ExperimentAnalysis): {
  arms: ReportTable;
  comparisons: ReportTable;
  srm: ReportTable;
  daily: ReportTable;
  cumulative: ReportTable;
} {
  const { settings } = analysis;
  const level = `${Math.round((1 - settings.alpha) * 100)} %`;
  const cmpLevel = `${+((1 - settings.comparisonAlpha) * 100).toFixed(2)} %`;
  const totalUsers = analysis.arms.reduce((s, a) => s + a.users, 0);
  const arms: ReportTable = {
    caption: `Arms over ${analysis.firstDate}..${analysis.lastDate} (${analysis.cumulative.length} days); CI and standard error from user-level (delta-method) variance`,
    columns: [
      'arm',
      'planned share',
      'users',
      'share',
      'impressions',
      'opens',
      'CTR',
      `${level} CI`,
      'std. error',
      'naive std. error',
      'design effect',
    ],
    rows: analysis.arms.map((a, i) => [
      a.arm,
      formatPercent(settings.shares[i], 1),
      formatCount(a.users),
      formatPercent(a.users / totalUsers, 1),
      formatCount(a.impressions),
      formatCount(a.opens),
      formatPercent(a.ctr),
      ctrInterval(a),
      formatPercent(a.standardError, 3),
      formatPercent(a.naiveStandardError, 3),
      fixed2(a.designEffect),
    ]),
  };
  const comparisons: ReportTable = {
    caption: `Treatment vs control, whole test. Fixed-horizon: ${cmpLevel} CI, ${settings.alternative} z-test, valid read once at a planned end; always-valid: mSPRT, valid under daily peeking${settings.correction === 'bonferroni' ? ` (Bonferroni: alpha ${settings.alpha} / ${settings.arms.length - 1})` : ''}`,
    columns: [
      'comparison',
      'difference',
      `${cmpLevel} CI`,
      'relative lift',
      `${cmpLevel} CI`,
      'z',
      'p',
      'always-valid lift CI',
      'always-valid p',
    ],
    rows: analysis.comparisons.map((c) => [
      `${c.treatment} vs ${c.control}`,
      formatPoints(c.difference),
      `[${formatPoints(c.differenceLower)}, ${formatPoints(c.differenceUpper)}]`,
      formatSignedPercent(c.relativeLift, 2),
      formatLiftInterval(c.liftLower, c.liftUpper, 2),
      fixed2(c.zScore),
      formatPValue(c.pValue),
      c.looked ? formatLiftInterval(c.alwaysValidLiftLower, c.alwaysValidLiftUpper, 2) : 'no look yet',
      formatPValue(c.alwaysValidPValue),
    ]),
  };
  const srm: ReportTable = {
    caption: `Sample ratio: chi-square ${analysis.srm.chiSquare.toFixed(2)}, ${analysis.srm.degreesOfFreedom} df, p = ${formatPValue(analysis.srm.pValue)} (mismatch below ${settings.srmAlpha}): ${analysis.srm.mismatch ? 'MISMATCH' : 'ok'}`,
    columns: ['arm', 'planned share', 'expected users', 'users', 'difference'],
    rows: analysis.arms.map((a, i) => [
      a.arm,
      formatPercent(analysis.srm.shares[i], 1),
      formatCount(analysis.srm.expected[i]),
      formatCount(a.users),
      `${a.users >= analysis.srm.expected[i] ? '+' : ''}${formatCount(a.users - analysis.srm.expected[i])}`,
    ]),
  };
  const treatments = analysis.comparisons.map((c) => c.treatment);
  const daily: ReportTable = {
    caption: `Each day alone: CTR [${level} CI] (users) per arm, lift over the control`,
    columns: ['day', ...settings.arms, ...treatments.map((t) => `${t} lift`)],
    rows: analysis.days.map((d) => [
      d.date,
      ...d.arms.map((a) =>
        a.impressions > 0 ? `${formatPercent(a.ctr)} ${ctrInterval(a)} (${formatCount(a.users)})` : '-',
      ),
      ...d.comparisons.map((c) => formatSignedPercent(c.relativeLift)),
    ]),
  };
  const cumulative: ReportTable = {
    caption:
      'Day by day, everything so far: what a daily reading sees. Decide on the always-valid columns only.',
    columns: [
      'day',
      ...settings.arms.map((a) => `${a} users`),
      ...treatments.flatMap((t) => [`${t} lift`, 'fixed CI', 'fixed p', 'always-valid CI', 'always-valid p']),
    ],
    rows: analysis.cumulative.map((d) => [
      d.date,
      ...d.arms.map((a) => formatCount(a.users)),
      ...d.comparisons.flatMap((c) => [
        formatSignedPercent(c.relativeLift),
        formatLiftInterval(c.liftLower, c.liftUpper),
        formatPValue(c.pValue),
        c.looked ? formatLiftInterval(c.alwaysValidLiftLower, c.alwaysValidLiftUpper) : 'burn-in',
        formatPValue(c.alwaysValidPValue),
      ]),
    ]),
  };
  return { arms, comparisons, srm, daily, cumulative };
}

/** How the numbers were computed, in a few sentences (markdown-safe plain text). */
export function analysisMethod(analysis: ExperimentAnalysis): string[] {
  const s = analysis.settings;
  return [
    'Randomisation unit: the user. A user sees several impressions and her opens are correlated, so every variance is computed from per-user sums (delta method for the ratio CTR = opens / impressions, the cluster-robust variance with users as clusters); the design effect column is that variance over the binomial one of as many independent impressions.',
    `Fixed-horizon figures (z-test, CI at alpha ${s.comparisonAlpha}) are valid only if read once, at a duration fixed in advance.`,
    `The sequential test is a mixture SPRT (Johari et al. 2017) on the log CTR ratio, mixing sd log(1 + ${s.mixingLift}), one look per day once every arm has ${s.burnInUsers} users: its always-valid p-value and confidence sequence stay valid however often they are read, at alpha ${s.comparisonAlpha} (two-sided${s.correction === 'bonferroni' ? `, Bonferroni over ${s.arms.length - 1} treatments` : ''}).`,
    `Sample-ratio mismatch: chi-square test of users per arm against the planned shares, mismatch below p = ${s.srmAlpha}.`,
    `Verdict rules: stop on a mismatch; stop when a treatment is significantly worse; ship a significantly better treatment after at least ${s.minDays} days (novelty and weekday effects fade), keep running before; ${s.plannedDays !== null ? `stop as inconclusive after the planned ${s.plannedDays} days` : 'no planned duration was given, so an undecided test keeps running'}.`,
  ];
}

export interface ReportOptions {
  title?: string;
  /** Extra markdown blocks placed after the verdict (e.g. a simulation's ground truth). */
  intro?: readonly string[];
}

/** The report as markdown: verdict, arms, comparisons, SRM, per-day and cumulative tables, method. */
export function analysisMarkdown(analysis: ExperimentAnalysis, options: ReportOptions = {}): string {
  const t = analysisTables(analysis);
  const lines = [
    `# ${options.title ?? `A/B test: ${analysis.settings.arms.slice(1).join(', ')} vs ${analysis.settings.arms[0]}`}`,
    '',
    `**Verdict: ${analysis.verdict.line}**`,
    '',
    ...(options.intro ?? []).flatMap((block) => [block, '']),
    '## Arms',
    '',
    markdownTable(t.arms),
    '',
    '## Lift',
    '',
    markdownTable(t.comparisons),
    '',
    '![Cumulative lift with its always-valid interval](cumulative-lift.svg)',
    '',
    '## Sample ratio',
    '',
    markdownTable(t.srm),
    '',
    '## Per day',
    '',
    '![Daily CTR per arm](daily-ctr.svg)',
    '',
    markdownTable(t.daily),
    '',
    '## Cumulative, as read each day',
    '',
    markdownTable(t.cumulative),
    '',
    '## Method',
    '',
    ...analysisMethod(analysis).map((line) => `- ${line}`),
    '',
  ];
  return lines.join('\n');
}

/** The report as a @wemoms/charts page (renderReportPage makes the self-contained HTML). */
export function analysisReportPage(
  analysis: ExperimentAnalysis,
  options: { title?: string; subtitle?: string; sections?: readonly ReportSection[] } = {},
): ReportPage {
  const t = analysisTables(analysis);
  return {
    title:
      options.title ??
      `A/B test: ${analysis.settings.arms.slice(1).join(', ')} vs ${analysis.settings.arms[0]}`,
    subtitle:
      options.subtitle ?? `${analysis.firstDate}..${analysis.lastDate}, ${analysis.cumulative.length} days`,
    sections: [
      { title: 'Verdict', text: analysis.verdict.line },
      ...(options.sections ?? []),
      { title: 'Arms', tables: [t.arms] },
      { title: 'Lift', charts: [cumulativeLiftChart(analysis)], tables: [t.comparisons] },
      { title: 'Sample ratio', tables: [t.srm] },
      { title: 'Per day', charts: [dailyCtrChart(analysis)], tables: [t.daily] },
      { title: 'Cumulative, as read each day', tables: [t.cumulative] },
      { title: 'Method', text: analysisMethod(analysis).join(' ') },
    ],
  };
}

function durationRow(d: PlannedDuration): (string | number)[] {
  return [
    `${d.days}${d.extrapolated ? ' (extrapolated)' : ''}`,
    formatCount(d.users),
    formatCount(d.impressions),
    d.impressionsPerUser.toFixed(1),
    Number.isFinite(d.icc) ? d.icc.toFixed(4) : 'n/a',
    fixed2(d.designEffectFromIcc),
    fixed2(d.designEffect),
    formatPercent(d.power, 1),
    Number.isFinite(d.detectableLift) ? formatSignedPercent(d.detectableLift) : 'none',
  ];
}

/** The plan's summary lines (plain text, one fact each). */
export function planSummary(plan: ExperimentPlan, traffic: TrafficProfile | null = null): string[] {
  const arms = plan.arms.map((a) => `${a.name} ${formatPercent(a.share, 1)}`).join(', ');
  const lines = [
    `Randomised by user, ${plan.arms.length} arms: ${arms}${plan.trafficShare < 1 ? ` (${formatPercent(plan.trafficShare, 0)} of the traffic enrolled)` : ''}.`,
    `Baseline CTR ${formatPercent(plan.baseline)}, minimum detectable effect ${formatSignedPercent(plan.mdeRelative, 1)} relative (${formatPercent(plan.baseline)} -> ${formatPercent(plan.target)}, ${formatPoints(plan.mdeAbsolute)}).`,
    `alpha ${plan.alpha} ${plan.alternative}${plan.correction === 'bonferroni' ? `, Bonferroni over ${plan.comparisons} treatments: ${+plan.comparisonAlpha.toPrecision(4)} per comparison` : ''}, power ${formatPercent(plan.power, 0)}.`,
    `Independent impressions needed (two-proportion test, R power.prop.test): ${plan.naiveImpressionsPerArm.map((n, i) => `${formatCount(Math.ceil(n))} ${plan.arms[i].name}`).join(', ')}.`,
  ];
  if (plan.assumed) {
    const a = plan.assumed;
    lines.push(
      `Assumed design effect 1 + (m - 1) ICC = 1 + (${a.impressionsPerUser} - 1) x ${a.icc} = ${a.designEffect.toFixed(2)}: ${a.impressionsPerArm.map((n, i) => `${formatCount(Math.ceil(n))} impressions = ${formatCount(Math.ceil(a.usersPerArm[i]))} users ${plan.arms[i].name}`).join(', ')}.`,
    );
  }
  if (traffic) {
    lines.push(
      `Traffic (${traffic.firstDate}..${traffic.lastDate}, ${traffic.daily.length} days): ${formatCount(traffic.usersPerDay)} users and ${formatCount(traffic.impressionsPerDay)} impressions per day, CTR ${formatPercent(traffic.ctr)}.`,
    );
    const d = plan.duration;
    if (d) {
      lines.push(
        `Design effect at ${d.days} days: ${d.impressionsPerUser.toFixed(1)} impressions per user, intra-user correlation ${d.icc.toFixed(4)}, 1 + (m - 1) ICC = ${d.designEffectFromIcc.toFixed(2)}; measured cluster-robust / naive variance = ${d.designEffect.toFixed(2)} (used).`,
        `Needed: ${d.days} days${d.extrapolated ? ` (longer than the log's ${traffic.daily.length} days: traffic and design effect extrapolated)` : ''}, ${d.usersPerArm.map((u, i) => `${formatCount(u)} users / ${formatCount(d.impressionsPerArm[i])} impressions ${plan.arms[i].name}`).join(', ')}; power ${formatPercent(d.power, 1)}.`,
      );
    } else {
      lines.push(
        `Not reachable within ${plan.maxDays} days: the users' own variation (intra-user correlation) caps what more days of the same users buy. Enrol more traffic, test a larger effect, or accept less power.`,
      );
    }
  }
  return lines;
}

/** The plan's power-by-duration table (with traffic). */
export function planDurationTable(plan: ExperimentPlan): ReportTable {
  return {
    caption: `Power at ${formatSignedPercent(plan.mdeRelative)} and smallest lift detectable at ${formatPercent(plan.power, 0)} power, by test duration`,
    columns: [
      'days',
      'users',
      'impressions',
      'impressions per user',
      'ICC',
      '1 + (m-1) ICC',
      'design effect (measured)',
      'power',
      'detectable lift',
    ],
    rows: plan.byDuration.map(durationRow),
  };
}

/** The plan as markdown. */
export function planMarkdown(plan: ExperimentPlan, traffic: TrafficProfile | null = null): string {
  const lines = ['# A/B test plan', '', ...planSummary(plan, traffic).map((l) => `- ${l}`), ''];
  if (plan.byDuration.length > 0) lines.push(markdownTable(planDurationTable(plan)), '');
  lines.push(
    'The design effect inflates the independent-impressions sample size for the correlation of one user\'s impressions; it grows with the duration because the same users return. "Measured" is the ratio of the user-level (delta-method) variance of the CTR to the binomial variance over windows of that many days of the log, the variance `wemoms ab analyze` uses; "1 + (m-1) ICC" is the textbook formula with the ANOVA intra-user correlation.',
    '',
  );
  return lines.join('\n');
}
