/** Renders the `metrics.json` object as the `metrics.md` a person reads (issue 7 item 3). */

import { metricKeys } from './metric-row.js';
import { EXPOSURE_BIASED_GROUPINGS, GROUPINGS, type JsonValue, type MetricsReport } from './report.js';

/**
 * The DESIGN section 6 caveat, in one sentence, printed beside the `event` and `userDay` rows.
 */
export function exposureCaveat(k: number): string {
  return (
    'Caveat: the negatives here were never shown to the user (unknown, not unopened), so this grouping rewards ' +
    'recognising what the old feed exposed rather than what she wants; `impressions` is the honest offline ' +
    `metric and simulatedCtr@${k} the online one.`
  );
}

/** Formats a metric for the table: 4 decimals (2 for meanRank), `n/a` when undefined. */
function formatMetric(key: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return key === 'meanRank' ? value.toFixed(2) : value.toFixed(4);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function formatData(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The `metrics.md` text: one table (grouping x ranker rows, metric columns) with the exposure caveat in the
 * note column of the first row of `event` and of `userDay`, then the groups left out, the metric
 * definitions, and the run's data block.
 */
export function formatMetricsMarkdown(report: MetricsReport): string {
  const k = report.data.k;
  const withTruth = GROUPINGS.some((g) =>
    Object.values(report.groupings[g] ?? {}).some((row) => `simulatedCtr@${k}` in row),
  );
  const keys = metricKeys(k, withTruth);
  const lines: string[] = [];
  lines.push('# Offline evaluation', '');
  lines.push(
    `Every ranker is scored by the same code on the same candidates; ties in score are broken by post id ascending. Cut-off k = ${k}.`,
    '',
  );
  lines.push(`| grouping | ranker | ${keys.join(' | ')} | note |`);
  lines.push(`|---|---|${keys.map(() => '---:').join('|')}|---|`);
  for (const grouping of GROUPINGS) {
    const rankers = report.groupings[grouping];
    if (!rankers) continue;
    let first = true;
    for (const [ranker, row] of Object.entries(rankers)) {
      const note = first && EXPOSURE_BIASED_GROUPINGS.has(grouping) ? exposureCaveat(k) : '';
      lines.push(
        `| ${grouping} | ${cell(ranker)} | ${keys.map((key) => formatMetric(key, row[key])).join(' | ')} | ${note} |`,
      );
      first = false;
    }
  }
  lines.push('');
  const leftOut = GROUPINGS.filter((g) => report.groupsWithoutPositive[g] !== undefined).map((g) => {
    const groups = report.data.groupings[g]?.groups;
    return `${g} ${report.groupsWithoutPositive[g]}${groups === undefined ? '' : ` of ${groups}`}`;
  });
  if (leftOut.length > 0) {
    lines.push(`Groups left out of map/ndcg/mrr/ctr for having no positive: ${leftOut.join(', ')}.`, '');
  }
  lines.push(
    '## Definitions',
    '',
    `- map@${k}: mean over groups with a positive of AP@${k} = (1 / min(${k}, R)) * sum over ranks i <= ${k} of P@i * rel_i (R = positives in the group).`,
    `- ndcg@${k}: DCG@${k} / ideal DCG@${k}, gain = label, discount 1 / log2(rank + 1); mean over groups with a positive.`,
    '- mrr: mean over groups with a positive of 1 / rank of the first positive.',
    '- meanRank: mean rank (1 = top) over all positives.',
    '- auc: global ROC AUC over all rows, ties counted 1/2.',
    '- logloss: binary cross-entropy, probabilities clipped to [1e-15, 1 - 1e-15]; n/a when the scores are not probabilities (popularity).',
    `- ctr@${k}: opened items / shown items in the top ${k} of every group with a positive.`,
  );
  if (withTruth) {
    lines.push(
      `- simulatedCtr@${k}: mean true open probability of the top ${k} of every group (synthetic ground truth).`,
    );
  }
  if (GROUPINGS.some((g) => report.groupings[g]?.ceiling !== undefined)) {
    lines.push(
      "- ceiling (ranker): the observable ceiling, the true open probability without the terms no log column reveals (the viewer's mood of the day and her affinity to the post); the best any ranker of the log can hope for, beside the oracle that knows them.",
    );
  }
  if (report.product) lines.push(...productLines(report.product, k));
  lines.push('', '## Data', '');
  for (const [key, value] of Object.entries(report.data)) lines.push(`- ${key}: ${formatData(value)}`);
  lines.push('');
  return lines.join('\n');
}

/** Labels of the product figures the CLI reports (other keys print under their own name). */
const PRODUCT_LABELS: Record<string, string> = {
  distinctTopPostsPerDay: 'distinct posts in the top-k per day',
  distinctFirstPostsPerDay: 'distinct #1 posts per day',
  ownFirstShare: 'users with their own #1',
};

function productLines(product: NonNullable<MetricsReport['product']>, k: number): string[] {
  const keys: string[] = [];
  for (const grouping of GROUPINGS)
    for (const row of Object.values(product[grouping] ?? {}))
      for (const key of Object.keys(row)) if (!keys.includes(key)) keys.push(key);
  if (keys.length === 0) return [];
  const label = (key: string) => (PRODUCT_LABELS[key] ?? key).replace('top-k', `top ${k}`);
  const lines = [
    '',
    '## Product figures',
    '',
    `How personal the top ${k} is: distinct posts across the groups' top ${k} per test day, and the share of groups (users) whose #1 is the #1 of no other group.`,
    '',
    `| grouping | ranker | ${keys.map(label).join(' | ')} |`,
    `|---|---|${keys.map(() => '---:').join('|')}|`,
  ];
  for (const grouping of GROUPINGS) {
    for (const [ranker, row] of Object.entries(product[grouping] ?? {})) {
      const cells = keys.map((key) => {
        const v = row[key];
        if (v === null || v === undefined) return 'n/a';
        return key.endsWith('Share') ? `${(100 * v).toFixed(1)} %` : v.toFixed(1);
      });
      lines.push(`| ${grouping} | ${cell(ranker)} | ${cells.join(' | ')} |`);
    }
  }
  return lines;
}
