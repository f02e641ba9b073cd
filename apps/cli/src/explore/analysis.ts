/**
 * The exploratory analysis of an impression log (the original study's first notebook, as code): a profile
 * of every column, duplicates and conflicting labels, open rates by segment with their intervals, the long
 * tails of impressions per user and per post, and the time coverage per day. The relational work
 * (group-bys, joins, pivots) is arquero over the log's typed columns; categories are decoded to strings
 * only for the columns a segment needs, ids stay integer codes.
 */
import {
  type DictionaryColumn,
  deduplicate,
  formatDay,
  formatTimestampMicros,
  type IntListColumn,
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  parseDay,
  RAW_COLUMN_NAMES,
  RAW_SCHEMA,
  type RawTable,
} from '@wemoms/data-schema';
import { proportionInterval } from '@wemoms/metrics';
import * as aq from 'arquero';

const { op } = aq;

type Row = Record<string, number>;

/** What one column holds. */
export interface ColumnProfile {
  readonly name: string;
  /** Schema kind: id, category, timestamp, bool, int, float, intList. */
  readonly kind: string;
  readonly rows: number;
  readonly nulls: number;
  /** Distinct non-null values (for int lists: distinct list lengths). */
  readonly distinct: number;
  /** Formatted min / mean / max (timestamps as dates, lists by length); '' where meaningless. */
  readonly min: string;
  readonly mean: string;
  readonly max: string;
  /** The most frequent values and their counts (ids, categories, booleans, small-range numbers). */
  readonly top: readonly { readonly value: string; readonly count: number }[];
}

/** Duplicated impressions (same post, user and time) and the labels they disagree on. */
export interface DuplicateSummary {
  /**
   * `raw`: found in the log as read; `snapshot`: the explored table was make-dataset's de-duplicated
   * snapshot, the counts come from its read report and conflicting labels cannot be seen any more.
   */
  readonly source: 'raw' | 'snapshot';
  /** Rows read, before de-duplication. */
  readonly rows: number;
  readonly keys: number;
  /** Rows beyond the first of their key (what de-duplication removes). */
  readonly duplicateRows: number;
  readonly duplicatedKeys: number;
  /** How many keys have 2, 3, ... copies. */
  readonly copies: readonly { readonly copies: number; readonly keys: number }[];
  /** Keys whose copies disagree on has_been_opened, and the rows they span. */
  readonly conflictingKeys: number;
  readonly conflictingRows: number;
  readonly conflictExamples: readonly {
    readonly trackableId: string;
    readonly userId: string;
    readonly time: string;
    readonly copies: number;
    readonly opened: number;
  }[];
  /** (user, post) pairs shown more than once at different times, after de-duplication. */
  readonly reshownPairs: number;
  readonly reshownImpressions: number;
}

/** The open rate of one value of one segment, with its Wilson 95% interval. */
export interface SegmentRate {
  readonly segment: string;
  readonly value: string;
  readonly impressions: number;
  readonly opens: number;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
}

/** Impressions per user or per post: how long the tail is. */
export interface TailSummary {
  readonly entity: 'user' | 'post';
  readonly entities: number;
  readonly impressions: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  /** Share of entities seen once. */
  readonly once: number;
  /** Share of all impressions that go to the top 1% of entities. */
  readonly topPercentShare: number;
  /** entities with exactly `impressions` impressions, ascending. */
  readonly distribution: readonly { readonly impressions: number; readonly entities: number }[];
}

/** One UTC day of the log. */
export interface DayCoverage {
  readonly day: string;
  /** train / eval / test from the split config, else `unused`. */
  readonly period: string;
  readonly impressions: number;
  readonly opens: number;
  readonly rate: number;
  readonly users: number;
  readonly posts: number;
  /** Hours (UTC, decimal) of the day's first and last impression: a partial day shows here. */
  readonly firstHour: number;
  readonly lastHour: number;
}

export interface Exploration {
  readonly rows: number;
  readonly opens: number;
  readonly profile: readonly ColumnProfile[];
  readonly duplicates: DuplicateSummary;
  readonly segments: readonly SegmentRate[];
  /** Open rate of viewer stage x author stage. */
  readonly stagePairs: readonly SegmentRate[];
  readonly tails: readonly TailSummary[];
  readonly days: readonly DayCoverage[];
  /** Seconds per part, for the stage summary and the benchmark. */
  readonly times: Readonly<Record<string, number>>;
}

export interface SplitPeriods {
  readonly train: { readonly first: string; readonly last: string };
  readonly eval: { readonly first: string; readonly last: string };
  readonly test: { readonly first: string; readonly last: string };
}

const fmtNumber = (v: number) =>
  !Number.isFinite(v)
    ? ''
    : Number.isInteger(v)
      ? String(v)
      : Math.abs(v) >= 100
        ? v.toFixed(1)
        : v.toFixed(3);

/** Counts per code of a dictionary column (-1 = null counted apart). */
function codeCounts(codes: Int32Array, size: number): { counts: Int32Array; nulls: number } {
  const counts = new Int32Array(size);
  let nulls = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0) nulls++;
    else counts[c]++;
  }
  return { counts, nulls };
}

/** The `n` largest counts as {value, count}, ties by value: one pass keeping a small sorted list. */
function topOf(counts: ArrayLike<number>, label: (i: number) => string, n: number) {
  const top: number[] = [];
  const before = (a: number, b: number) =>
    counts[a] > counts[b] || (counts[a] === counts[b] && label(a) < label(b));
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] <= 0) continue;
    if (top.length === n && !before(i, top[n - 1])) continue;
    let j = Math.min(top.length, n - 1);
    top[j] = i;
    while (j > 0 && before(top[j], top[j - 1])) {
      [top[j], top[j - 1]] = [top[j - 1], top[j]];
      j--;
    }
  }
  return top.map((i) => ({ value: label(i), count: counts[i] }));
}

/** Nulls (NaN), min, max, mean and distinct count of a numeric column, in typed passes. */
function numericStats(values: ArrayLike<number>) {
  let nulls = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      nulls++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const valid = values.length - nulls;
  let distinct = 0;
  let counts: Int32Array | null = null;
  // Integer columns of a modest range: a counting array (also gives the top values); else a native sort.
  if (
    valid > 0 &&
    Number.isInteger(min) &&
    Number.isInteger(max) &&
    max - min < 1 << 22 &&
    isIntegral(values)
  ) {
    counts = new Int32Array(max - min + 1);
    for (let i = 0; i < values.length; i++) counts[values[i] - min]++;
    for (let i = 0; i < counts.length; i++) if (counts[i] > 0) distinct++;
  } else if (valid > 0) {
    const sorted = new Float64Array(valid);
    let j = 0;
    for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) sorted[j++] = values[i];
    sorted.sort();
    distinct = 1;
    for (let i = 1; i < valid; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  }
  return { nulls, min, max, mean: valid > 0 ? sum / valid : Number.NaN, distinct, counts };
}

function isIntegral(values: ArrayLike<number>): boolean {
  return values instanceof Int32Array || values instanceof Uint8Array;
}

/**
 * Profiles every schema column of `table` (typed passes: per-column statistics are not relational):
 * nulls, distinct values, min / mean / max, and the most frequent values of ids, categories, booleans and
 * small-range integers. Int lists are profiled by their length.
 */
export function profileColumns(table: RawTable, topValues = 5): ColumnProfile[] {
  const columns = table.columns as unknown as Record<string, unknown>;
  return RAW_COLUMN_NAMES.map((name): ColumnProfile => {
    const kind = RAW_SCHEMA[name].kind;
    const rows = table.length;
    if (kind === 'id' || kind === 'category') {
      const { codes, dictionary } = columns[name] as DictionaryColumn;
      const { counts, nulls } = codeCounts(codes, dictionary.length);
      let distinct = 0;
      for (let i = 0; i < counts.length; i++) if (counts[i] > 0) distinct++;
      return {
        name,
        kind,
        rows,
        nulls,
        distinct,
        min: '',
        mean: '',
        max: '',
        top: topOf(counts, (i) => dictionary[i], topValues),
      };
    }
    let values: ArrayLike<number>;
    if (kind === 'intList') {
      const { offsets } = columns[name] as IntListColumn;
      const lengths = new Int32Array(rows);
      for (let i = 0; i < rows; i++) lengths[i] = offsets[i + 1] - offsets[i];
      values = lengths;
    } else values = columns[name] as ArrayLike<number>;
    const s = numericStats(values);
    const show = (v: number) =>
      kind === 'timestamp' ? (Number.isFinite(v) ? formatTimestampMicros(v).slice(0, 19) : '') : fmtNumber(v);
    const top =
      s.counts && (kind === 'bool' || s.distinct <= 50)
        ? topOf(s.counts, (i) => (kind === 'intList' ? `${i + s.min} items` : String(i + s.min)), topValues)
        : [];
    return {
      name,
      kind: kind === 'intList' ? 'intList (by length)' : kind,
      rows,
      nulls: s.nulls,
      distinct: s.distinct,
      min: show(s.min),
      mean: kind === 'timestamp' ? '' : show(s.mean),
      max: show(s.max),
      top,
    };
  });
}

/** One number per (user, post) pair: a single-column key arquero hashes fast (multi-column keys are strings). */
function pairKeys(table: RawTable): Float64Array {
  const { trackable_id: post, user_id: user } = table.columns;
  const posts = post.dictionary.length;
  return Float64Array.from(user.codes, (u, i) => u * posts + post.codes[i]);
}

/**
 * Duplicates (same post, user, time) and conflicting labels, on the rows as read (before
 * de-duplication), and the (user, post) pairs shown again at another time. One group-by over the pairs
 * (a single numeric key) finds the repeated pairs; only their rows are grouped by time.
 */
export function findDuplicates(table: RawTable, examples = 5): DuplicateSummary {
  const {
    trackable_id: post,
    user_id: user,
    tracker_created_at: time,
    has_been_opened: opened,
  } = table.columns;
  // Only rows of a pair seen more than once can be duplicates or re-shown: found with a native sort of
  // the numeric pair keys (typed), then grouped by arquero on those rows alone.
  const pairs = pairKeys(table);
  const sorted = pairs.slice().sort();
  const repeatedPairs = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) repeatedPairs.add(sorted[i]);
  const candidates: number[] = [];
  for (let i = 0; i < pairs.length; i++) if (repeatedPairs.has(pairs[i])) candidates.push(i);
  const keys = aq
    .table({
      pair: Float64Array.from(candidates, (i) => pairs[i]),
      post: Int32Array.from(candidates, (i) => post.codes[i]),
      user: Int32Array.from(candidates, (i) => user.codes[i]),
      time: Float64Array.from(candidates, (i) => time[i]),
      opened: Uint8Array.from(candidates, (i) => opened[i]),
    })
    .groupby('pair', 'time')
    .rollup({ post: op.any('post'), user: op.any('user'), copies: op.count(), opens: op.sum('opened') });
  const duplicated = keys.filter((d: Row) => d.copies > 1);
  const totals = duplicated.rollup({ keys: op.count(), rows: op.sum('copies') }).object() as Row;
  const conflicts = duplicated.filter((d: Row) => d.opens > 0 && d.opens < d.copies);
  const conflictTotals = conflicts.rollup({ keys: op.count(), rows: op.sum('copies') }).object() as Row;
  // A pair with two or more distinct times was shown again: that is the feed, not a duplicate.
  const again = keys
    .groupby('pair')
    .count({ as: 'times' })
    .filter((d: Row) => d.times > 1)
    .rollup({ pairs: op.count(), impressions: op.sum('times') })
    .object() as Row;
  const copies = duplicated.groupby('copies').count({ as: 'keys' }).orderby('copies').objects() as {
    copies: number;
    keys: number;
  }[];
  const conflictExamples = (
    conflicts.orderby('time', 'post', 'user').slice(0, examples).objects() as {
      post: number;
      user: number;
      time: number;
      copies: number;
      opens: number;
    }[]
  ).map((r) => ({
    trackableId: post.dictionary[r.post],
    userId: user.dictionary[r.user],
    time: formatTimestampMicros(r.time),
    copies: r.copies,
    opened: r.opens,
  }));
  const duplicatedKeys = totals.keys ?? 0;
  const duplicateRows = (totals.rows ?? 0) - duplicatedKeys;
  return {
    source: 'raw',
    rows: table.length,
    keys: table.length - duplicateRows,
    duplicateRows,
    duplicatedKeys,
    copies,
    conflictingKeys: conflictTotals.keys ?? 0,
    conflictingRows: conflictTotals.rows ?? 0,
    conflictExamples,
    reshownPairs: again.pairs ?? 0,
    reshownImpressions: again.impressions ?? 0,
  };
}

/** Decodes a dictionary column to strings (`unknown` for null): for the few columns a segment needs. */
function decoded(column: DictionaryColumn): string[] {
  const out = new Array<string>(column.codes.length);
  for (let i = 0; i < out.length; i++) {
    const c = column.codes[i];
    out[i] = c < 0 ? 'unknown' : column.dictionary[c];
  }
  return out;
}

const rateRow = (segment: string, value: string, impressions: number, opens: number): SegmentRate => {
  const ci = proportionInterval(opens, impressions);
  return { segment, value, impressions, opens, rate: ci.estimate, low: ci.low, high: ci.high };
};

/** Post age buckets, upper bounds in minutes (the last is open). */
const AGE_BUCKETS: readonly [number, string][] = [
  [60, '< 1 h'],
  [180, '1-3 h'],
  [360, '3-6 h'],
  [720, '6-12 h'],
  [1440, '12-24 h'],
  [2880, '1-2 d'],
  [10080, '2-7 d'],
];

/**
 * Open rates by maternity stage, platform, media type, post age, hour of day and user activity decile,
 * and by viewer stage x author stage, on a de-duplicated log.
 */
export function segmentRates(table: RawTable): {
  segments: SegmentRate[];
  stagePairs: SegmentRate[];
  base: aq.ColumnTable;
} {
  const c = table.columns;
  const base = aq
    .table({
      user: c.user_id.codes,
      post: c.trackable_id.codes,
      time: c.tracker_created_at,
      opened: c.has_been_opened,
      mom: c.user_is_mom,
      pregnant: c.user_is_pregnant,
      trying: c.user_is_trying,
      picture: c.has_picture,
      text: c.has_text,
      video: c.has_video,
      age: c.post_age_in_minutes,
      platform: decoded(c.platform),
      author: decoded(c.author_maternity_stage),
    })
    .params({ hour: MICROS_PER_HOUR, day: MICROS_PER_DAY })
    .derive({
      stage: (d: Row) => (d.pregnant ? 'pregnant' : d.mom ? 'mom' : d.trying ? 'trying' : 'none'),
      media: (d: Row) =>
        d.video
          ? d.text
            ? 'video + text'
            : 'video'
          : d.picture
            ? d.text
              ? 'picture + text'
              : 'picture'
            : d.text
              ? 'text only'
              : 'none',
      hourOfDay: (d: Row, $: Row) => op.floor((d.time % $.day) / $.hour),
      ageBucket: (d: Row) =>
        d.age < 60
          ? 0
          : d.age < 180
            ? 1
            : d.age < 360
              ? 2
              : d.age < 720
                ? 3
                : d.age < 1440
                  ? 4
                  : d.age < 2880
                    ? 5
                    : d.age < 10080
                      ? 6
                      : 7,
    });
  const by = (field: string) =>
    base
      .groupby(field)
      .rollup({ impressions: op.count(), opens: op.sum('opened') })
      .orderby(field)
      .objects() as Record<string, number | string>[];
  const segments: SegmentRate[] = [];
  const add = (
    segment: string,
    rows: Record<string, number | string>[],
    label: (v: number | string) => string,
    field: string,
  ) => {
    for (const r of rows)
      segments.push(rateRow(segment, label(r[field]), Number(r.impressions), Number(r.opens)));
  };
  add('maternity stage', by('stage'), String, 'stage');
  add('platform', by('platform'), String, 'platform');
  add('media', by('media'), String, 'media');
  add('post age', by('ageBucket'), (v) => AGE_BUCKETS[Number(v)]?.[1] ?? '>= 7 d', 'ageBucket');
  add('hour of day (UTC)', by('hourOfDay'), (v) => String(v).padStart(2, '0'), 'hourOfDay');

  // Activity deciles over users by their impressions (equal counts share a decile), row-weighted rates.
  const users = base
    .groupby('user')
    .rollup({ impressions: op.count(), opens: op.sum('opened') })
    .orderby('impressions')
    .derive({ decile: () => op.least(10, op.floor(op.percent_rank() * 10) + 1) });
  const deciles = users
    .groupby('decile')
    .rollup({
      users: op.count(),
      low: op.min('impressions'),
      high: op.max('impressions'),
      impressions: op.sum('impressions'),
      opens: op.sum('opens'),
    })
    .orderby('decile')
    .objects() as Row[];
  for (const d of deciles)
    segments.push(
      rateRow(
        'user activity decile',
        `d${d.decile} (${d.low === d.high ? d.low : `${d.low}-${d.high}`} impr.)`,
        d.impressions,
        d.opens,
      ),
    );

  const pairs = base
    .groupby('stage', 'author')
    .rollup({ impressions: op.count(), opens: op.sum('opened') })
    .orderby('stage', 'author')
    .objects() as { stage: string; author: string; impressions: number; opens: number }[];
  const stagePairs = pairs.map((p) => rateRow(`viewer ${p.stage}`, p.author, p.impressions, p.opens));
  return { segments, stagePairs, base };
}

/** Impressions per user and per post: quantiles, top-1% share, the distribution (log-log tails). */
export function longTails(base: aq.ColumnTable): TailSummary[] {
  return (['user', 'post'] as const).map((entity) => {
    const counts = base.groupby(entity).count({ as: 'n' });
    const s = counts
      .rollup({
        entities: op.count(),
        impressions: op.sum('n'),
        mean: op.mean('n'),
        p50: op.median('n'),
        p90: op.quantile('n', 0.9),
        p99: op.quantile('n', 0.99),
        max: op.max('n'),
      })
      .object() as Row;
    const distribution = counts
      .groupby('n')
      .count({ as: 'entities' })
      .orderby('n')
      .objects()
      .map((r) => ({ impressions: (r as Row).n, entities: (r as Row).entities }));
    const once = distribution.find((d) => d.impressions === 1)?.entities ?? 0;
    // Top 1% of entities by impressions: walk the distribution from the top.
    let budget = Math.max(1, Math.ceil(s.entities / 100));
    let topImpressions = 0;
    for (let i = distribution.length - 1; i >= 0 && budget > 0; i--) {
      const take = Math.min(budget, distribution[i].entities);
      topImpressions += take * distribution[i].impressions;
      budget -= take;
    }
    return {
      entity,
      entities: s.entities,
      impressions: s.impressions,
      mean: s.mean,
      p50: s.p50,
      p90: s.p90,
      p99: s.p99,
      max: s.max,
      once: s.entities > 0 ? once / s.entities : Number.NaN,
      topPercentShare: s.impressions > 0 ? topImpressions / s.impressions : Number.NaN,
      distribution,
    };
  });
}

/** Impressions, opens, users, posts and the first / last hour per UTC day, with the split period. */
export function dayCoverage(base: aq.ColumnTable, split: SplitPeriods): DayCoverage[] {
  const periods = (['train', 'eval', 'test'] as const).map((p) => ({
    name: p,
    first: parseDay(split[p].first),
    last: parseDay(split[p].last),
  }));
  const days = base
    .params({ day: MICROS_PER_DAY })
    .derive({ day: (d: Row, $: Row) => op.floor(d.time / $.day) })
    .groupby('day')
    .rollup({
      impressions: op.count(),
      opens: op.sum('opened'),
      users: op.distinct('user'),
      posts: op.distinct('post'),
      first: op.min('time'),
      last: op.max('time'),
    })
    .orderby('day')
    .objects() as Row[];
  return days.map((d) => ({
    day: formatDay(d.day),
    period: periods.find((p) => d.day >= p.first && d.day <= p.last)?.name ?? 'unused',
    impressions: d.impressions,
    opens: d.opens,
    rate: d.opens / d.impressions,
    users: d.users,
    posts: d.posts,
    firstHour: (d.first - d.day * MICROS_PER_DAY) / MICROS_PER_HOUR,
    lastHour: (d.last - d.day * MICROS_PER_DAY) / MICROS_PER_HOUR,
  }));
}

/**
 * The whole exploration of `table` (rows as read: duplicates are found, then removed as make-dataset
 * does, first occurrence kept, before everything else). `duplicatesRemoved`: the table was already
 * de-duplicated (the snapshot) and that many rows were removed when it was made.
 */
export function explore(table: RawTable, split: SplitPeriods, duplicatesRemoved: number | null): Exploration {
  const times: Record<string, number> = {};
  const lap = <T>(name: string, f: () => T): T => {
    const started = performance.now();
    const out = f();
    times[name] = (performance.now() - started) / 1000;
    return out;
  };
  const found = lap('duplicates', () => findDuplicates(table));
  const log = duplicatesRemoved === null ? lap('deduplicate', () => deduplicate(table).table) : table;
  const profile = lap('profile', () => profileColumns(log));
  const { segments, stagePairs, base } = lap('segments', () => segmentRates(log));
  const tails = lap('tails', () => longTails(base));
  const days = lap('days', () => dayCoverage(base, split));
  let opens = 0;
  for (let i = 0; i < log.length; i++) opens += log.columns.has_been_opened[i];
  const duplicates: DuplicateSummary = {
    ...found,
    ...(duplicatesRemoved === null
      ? {}
      : {
          source: 'snapshot' as const,
          rows: table.length + duplicatesRemoved,
          duplicateRows: duplicatesRemoved,
          keys: table.length,
        }),
  };
  return { rows: log.length, opens, profile, duplicates, segments, stagePairs, tails, days, times };
}
