/**
 * The exploration as documents: the charts (Vega-Lite specs of @wemoms/charts), an HTML page
 * (reports/explore.html, through the shared report writer) and a Markdown file (reports/explore.md) whose
 * images are the same charts as standalone SVG files (reports/explore/*.svg).
 */
import {
  barChart,
  type ChartRow,
  type ChartSpec,
  heatmapChart,
  lineChart,
  type ReportPage,
  type ReportSection,
  type ReportTable,
} from '@wemoms/charts';
import type { Exploration, SegmentRate } from './analysis.js';

/** A chart with the file name its SVG gets beside explore.md. */
export interface NamedChart {
  readonly file: string;
  readonly spec: ChartSpec;
}

/** A section of the exploration: its text, charts (with file names) and tables, for both documents. */
interface ExploreSection {
  readonly title: string;
  readonly text: string;
  readonly charts: readonly NamedChart[];
  readonly tables: readonly ReportTable[];
}

const pct = (v: number, digits = 1) => (Number.isFinite(v) ? `${(100 * v).toFixed(digits)}%` : 'n/a');
const count = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');
const num = (v: number) => (Number.isFinite(v) ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : 'n/a');

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function named(spec: ChartSpec, title: string): NamedChart {
  return { file: `${slug(title)}.svg`, spec };
}

function rateTable(caption: string, rows: readonly SegmentRate[], overall: number): ReportTable {
  return {
    caption,
    columns: ['value', 'impressions', 'opens', 'open rate', '95% interval', 'vs overall'],
    rows: rows.map((r) => [
      r.value,
      count(r.impressions),
      count(r.opens),
      pct(r.rate),
      `${pct(r.low)} - ${pct(r.high)}`,
      Number.isFinite(r.rate)
        ? `${r.rate >= overall ? '+' : ''}${(100 * (r.rate - overall)).toFixed(1)} pt`
        : 'n/a',
    ]),
  };
}

function overviewSection(x: Exploration, source: string): ExploreSection {
  const first = x.days[0];
  const last = x.days.at(-1);
  const partial = x.days.filter((d) => d.firstHour > 1 || d.lastHour < 23);
  return {
    title: 'Overview',
    text:
      `${count(x.rows)} impressions (after removing ${count(x.duplicates.duplicateRows)} duplicates) from ${source}, ` +
      `${first?.day ?? '?'} to ${last?.day ?? '?'}; ${count(x.opens)} opened (${pct(x.opens / x.rows)}). ` +
      `${count(x.tails[0]?.entities ?? 0)} users, ${count(x.tails[1]?.entities ?? 0)} posts.` +
      (partial.length
        ? ` Partial days (first impression after 01:00 or last before 23:00 UTC): ${partial.map((d) => d.day).join(', ')}.`
        : ''),
    charts: [],
    tables: [],
  };
}

function coverageSection(x: Exploration): ExploreSection {
  const rows = x.days.map((d) => ({ ...d }) as unknown as ChartRow);
  const order = ['train', 'eval', 'test', 'unused'];
  return {
    title: 'Time coverage per day',
    text:
      'Impressions per UTC day, coloured by the split period of the configuration, and the open rate per day. ' +
      'The first and last days of a log are usually partial (see the hours): the default split leaves them out.',
    charts: [
      named(
        barChart(rows, {
          title: 'Impressions per day',
          category: { field: 'day', type: 'ordinal', title: 'day (UTC)' },
          value: { field: 'impressions', title: 'impressions' },
          color: {
            field: 'period',
            title: 'period',
            order: order.filter((p) => x.days.some((d) => d.period === p)),
          },
          grouped: false,
          width: Math.max(360, 18 * x.days.length),
        }),
        'impressions per day',
      ),
      named(
        lineChart(rows, {
          title: 'Open rate per day',
          x: { field: 'day', type: 'ordinal', title: 'day (UTC)' },
          y: { field: 'rate', title: 'open rate', format: '.0%' },
          width: Math.max(360, 18 * x.days.length),
        }),
        'open rate per day',
      ),
    ],
    tables: [
      {
        caption: 'per UTC day',
        columns: [
          'day',
          'period',
          'impressions',
          'opens',
          'open rate',
          'users',
          'posts',
          'first (h)',
          'last (h)',
        ],
        rows: x.days.map((d) => [
          d.day,
          d.period,
          count(d.impressions),
          count(d.opens),
          pct(d.rate),
          count(d.users),
          count(d.posts),
          d.firstHour.toFixed(1),
          d.lastHour.toFixed(1),
        ]),
      },
    ],
  };
}

function duplicatesSection(x: Exploration): ExploreSection {
  const d = x.duplicates;
  const raw = d.source === 'raw';
  const tables: ReportTable[] = [
    {
      caption: raw
        ? 'key = (trackable_id, user_id, tracker_created_at), in the log as read'
        : 'from make-dataset’s read report (the snapshot is de-duplicated)',
      columns: ['measure', 'value'],
      rows: [
        ['rows read', count(d.rows)],
        ['distinct keys (impressions)', count(d.keys)],
        ['duplicate rows (removed)', count(d.duplicateRows)],
        ['duplicated keys', raw ? count(d.duplicatedKeys) : 'n/a'],
        ['keys with conflicting labels', raw ? count(d.conflictingKeys) : 'n/a'],
        ['rows of those keys', raw ? count(d.conflictingRows) : 'n/a'],
        ['(user, post) pairs shown more than once', count(d.reshownPairs)],
        ['impressions of those pairs', count(d.reshownImpressions)],
      ],
    },
  ];
  if (d.copies.length)
    tables.push({
      caption: 'copies per duplicated key',
      columns: ['copies', 'keys'],
      rows: d.copies.map((c) => [c.copies, count(c.keys)]),
    });
  if (d.conflictExamples.length)
    tables.push({
      caption: 'conflicting labels: the same impression recorded both opened and not (first examples)',
      columns: ['trackable_id', 'user_id', 'tracker_created_at', 'copies', 'opened copies'],
      rows: d.conflictExamples.map((e) => [e.trackableId, e.userId, e.time, e.copies, e.opened]),
    });
  return {
    title: 'Duplicates and conflicting labels',
    text:
      'Rows with the same post, user and time are one impression recorded more than once; make-dataset keeps the ' +
      'first. When the copies disagree on has_been_opened the label itself is uncertain. A (user, post) pair shown ' +
      'again at another time is not a duplicate: it is the feed showing the post again (exposure the rankers must not learn as preference).' +
      (d.source === 'snapshot'
        ? ' This run read the de-duplicated snapshot: run explore on the raw log (--source raw) to see conflicting labels.'
        : ''),
    charts: [],
    tables,
  };
}

function segmentsSection(x: Exploration): ExploreSection {
  const overall = x.opens / x.rows;
  const charts: NamedChart[] = [];
  const tables: ReportTable[] = [];
  const segments = [...new Set(x.segments.map((s) => s.segment))];
  for (const segment of segments) {
    const rows = x.segments.filter((s) => s.segment === segment);
    const title = `Open rate by ${segment}`;
    charts.push(
      named(
        barChart(rows as unknown as ChartRow[], {
          title,
          category: { field: 'value', title: segment, order: rows.map((r) => r.value) },
          value: { field: 'rate', title: 'open rate', format: '.0%' },
          interval: { low: 'low', high: 'high' },
          // Many labelled values read better as rows; hours are short labels in their natural order.
          horizontal: rows.length > 6 && !segment.startsWith('hour'),
          width: segment.startsWith('hour') ? 520 : rows.length > 6 ? 320 : 260,
          height: rows.length > 6 && !segment.startsWith('hour') ? Math.max(120, 18 * rows.length) : 200,
        }),
        title,
      ),
    );
    tables.push(rateTable(`open rate by ${segment} (overall ${pct(overall)})`, rows, overall));
  }
  const pairs = x.stagePairs.map((p) => ({
    viewer: p.segment.replace(/^viewer /, ''),
    author: p.value,
    rate: p.rate,
    impressions: p.impressions,
  }));
  charts.push(
    named(
      heatmapChart(pairs, {
        title: 'Open rate: viewer stage x author stage',
        x: { field: 'author', title: 'author stage' },
        y: { field: 'viewer', title: 'viewer stage' },
        value: { field: 'rate', title: 'open rate', format: '.0%' },
      }),
      'open rate viewer stage x author stage',
    ),
  );
  tables.push({
    caption: 'viewer stage x author stage: open rate (impressions)',
    columns: ['viewer stage', 'author stage', 'impressions', 'open rate', '95% interval'],
    rows: x.stagePairs.map((p) => [
      p.segment.replace(/^viewer /, ''),
      p.value,
      count(p.impressions),
      pct(p.rate),
      `${pct(p.low)} - ${pct(p.high)}`,
    ]),
  });
  return {
    title: 'Open rate by segment',
    text:
      'Open rate (opened / shown) per segment with its 95% Wilson interval. Segments overlap (a video post has text ' +
      'or not...), and they describe who was shown what by the old feed, not what a ranker should show: read them as ' +
      'where signal may be, to be learnt from log columns, not as rules.',
    charts,
    tables,
  };
}

function tailsSection(x: Exploration): ExploreSection {
  const charts = x.tails.map((t) =>
    named(
      lineChart(
        t.distribution.map((d) => ({ ...d })),
        {
          title: `Impressions per ${t.entity} (log-log)`,
          x: { field: 'impressions', title: `impressions per ${t.entity}`, log: true },
          y: { field: 'entities', title: `${t.entity}s`, log: true },
          points: true,
        },
      ),
      `impressions per ${t.entity}`,
    ),
  );
  return {
    title: 'Long tails: impressions per user and per post',
    text:
      'How many users (posts) have 1, 2, 3... impressions. A straight line on log-log axes is a power law: a few ' +
      'heavy users and widely shown posts carry much of the log, while most are seen a handful of times (little ' +
      'history for their features).',
    charts,
    tables: [
      {
        caption: 'impressions per entity',
        columns: [
          'entity',
          'count',
          'impressions',
          'mean',
          'median',
          'p90',
          'p99',
          'max',
          'seen once',
          'top 1% share',
        ],
        rows: x.tails.map((t) => [
          `${t.entity}s`,
          count(t.entities),
          count(t.impressions),
          num(t.mean),
          num(t.p50),
          num(t.p90),
          num(t.p99),
          count(t.max),
          pct(t.once),
          pct(t.topPercentShare),
        ]),
      },
    ],
  };
}

function profileSection(x: Exploration): ExploreSection {
  return {
    title: 'Column profile',
    text: 'Every schema column: kind, nulls, distinct values, range and the most frequent values (after de-duplication).',
    charts: [],
    tables: [
      {
        columns: ['column', 'kind', 'nulls', 'distinct', 'min', 'mean', 'max', 'top values'],
        rows: x.profile.map((p) => [
          p.name,
          p.kind,
          p.nulls === 0 ? '0' : `${count(p.nulls)} (${pct(p.nulls / p.rows)})`,
          count(p.distinct),
          p.min,
          p.mean,
          p.max,
          p.top
            .map((t) => `${p.kind === 'id' ? `${t.value.slice(0, 8)}…` : t.value} (${pct(t.count / p.rows)})`)
            .join(', '),
        ]),
      },
    ],
  };
}

/** The sections of the exploration, in reading order. */
export function exploreSections(x: Exploration, source: string): ExploreSection[] {
  return [
    overviewSection(x, source),
    coverageSection(x),
    duplicatesSection(x),
    segmentsSection(x),
    tailsSection(x),
    profileSection(x),
  ];
}

/** The HTML page (for writeReportPage); `svgs` holds charts already rendered, by file name. */
export function explorePage(
  sections: readonly ExploreSection[],
  subtitle: string,
  svgs: ReadonlyMap<string, string> = new Map(),
): ReportPage {
  return {
    title: 'WeMoms impression log: exploration',
    subtitle,
    sections: sections.map(
      (s): ReportSection => ({
        title: s.title,
        text: s.text,
        charts: s.charts.map((c) => {
          const svg = svgs.get(c.file);
          return svg ? { svg } : c.spec;
        }),
        tables: s.tables,
      }),
    ),
  };
}

const mdCell = (v: unknown) => String(v ?? '').replace(/\|/g, '\\|');

function markdownTable(table: ReportTable): string {
  const text = (v: unknown) =>
    v !== null && typeof v === 'object' ? `${(v as { text: string }).text}` : mdCell(v);
  return [
    table.caption ? `*${table.caption}*\n` : '',
    `| ${table.columns.map(mdCell).join(' | ')} |`,
    `|${table.columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...table.rows.map((r) => `| ${r.map(text).join(' | ')} |`),
  ]
    .filter(Boolean)
    .join('\n');
}

/** reports/explore.md: the same sections, charts as images from `chartDir` (relative to the file). */
export function exploreMarkdown(
  sections: readonly ExploreSection[],
  subtitle: string,
  chartDir: string,
): string {
  const parts = [`# WeMoms impression log: exploration\n\n${subtitle}\n`];
  for (const s of sections) {
    parts.push(`## ${s.title}\n\n${s.text}\n`);
    for (const c of s.charts)
      parts.push(`![${c.file.replace(/\.svg$/, '').replace(/-/g, ' ')}](${chartDir}/${c.file})\n`);
    for (const t of s.tables) parts.push(`${markdownTable(t)}\n`);
  }
  return `${parts.join('\n')}`;
}
