/**
 * Who each evaluated group is: its test day and its user's segments (maternity stage, platform, activity
 * decile), for the report's per-day and per-segment metrics. The relational work (the users' latest
 * profile before the test days, their activity, deciles, the join onto the groups) is done with arquero
 * over the log snapshot's typed columns; codes stay integers until the small per-user table.
 */
import { readParquet } from '@wemoms/data-schema/node';
import * as aq from 'arquero';
import { CliError } from '../runtime/errors.js';

const { op } = aq;

/** Segments of one grouping's groups, in evaluation order (index = group index). */
export interface GroupSegments {
  readonly day: readonly string[];
  readonly stage: readonly string[];
  readonly platform: readonly string[];
  /** `d1 (0-2)`: the user's activity decile and its range of prior impressions. */
  readonly activity: readonly string[];
}

type Dict = { codes: Int32Array; dictionary: readonly string[] };
/** A row as arquero's table expressions see it (they are parsed, not called: no closures). */
type Row = Record<string, number | string>;

function dictionaryColumn(value: unknown, path: string, name: string): Dict {
  const v = value as Partial<Dict> | undefined;
  if (!v || !(v.codes instanceof Int32Array) || !Array.isArray(v.dictionary))
    throw new CliError(`${path}: column ${name}: expected strings`);
  return v as Dict;
}

/** The maternity stage a user's flags say, pregnancy first (a pregnant mother is counted as pregnant). */
function stageOf(mom: number, pregnant: number, trying: number): string {
  if (pregnant) return 'pregnant';
  if (mom) return 'mom';
  if (trying) return 'trying';
  return 'none';
}

/**
 * Reads the groups' day and user from test.parquet and the users' profiles from the log snapshot, and
 * returns, per grouping, the segments of each group of `groupIds` (the evaluated groups, in order).
 * Profile = the user's latest row before `testStartMicros` (else her first row); activity = her
 * impressions before it; deciles over the users of every evaluated group (equal activity, same decile).
 */
export async function readGroupSegments(
  testGroupsPath: string,
  logPath: string,
  groupIds: ReadonlyMap<string, Int32Array>,
  testStartMicros: number,
): Promise<Map<string, GroupSegments>> {
  const test = await readParquet(testGroupsPath, { columns: ['grouping', 'day', 'group_id', 'user_id'] });
  const grouping = dictionaryColumn(test.columns.grouping, testGroupsPath, 'grouping');
  const dayColumn = dictionaryColumn(test.columns.day, testGroupsPath, 'day');
  const testUsers = dictionaryColumn(test.columns.user_id, testGroupsPath, 'user_id');
  const groupId = test.columns.group_id as Int32Array;

  // Day and user (string) of every (grouping, group id); one row per labelled post, so many repeats.
  const owner = new Map<string, { day: string; user: string }>();
  for (let i = 0; i < test.length; i++) {
    const key = `${grouping.dictionary[grouping.codes[i]]}:${groupId[i]}`;
    if (!owner.has(key))
      owner.set(key, {
        day: dayColumn.dictionary[dayColumn.codes[i]],
        user: testUsers.dictionary[testUsers.codes[i]],
      });
  }

  const log = await readParquet(logPath, {
    columns: [
      'user_id',
      'tracker_created_at',
      'user_is_mom',
      'user_is_pregnant',
      'user_is_trying',
      'platform',
    ],
  });
  const logUsers = dictionaryColumn(log.columns.user_id, logPath, 'user_id');
  const platforms = dictionaryColumn(log.columns.platform, logPath, 'platform');
  const codeOfUser = new Map(logUsers.dictionary.map((id, code) => [id, code]));

  // The evaluated groups as a table: grouping, index, day, user code.
  const rows = { grouping: [] as string[], index: [] as number[], day: [] as string[], user: [] as number[] };
  for (const [name, ids] of groupIds) {
    ids.forEach((id, index) => {
      const found = owner.get(`${name}:${id}`);
      if (!found)
        throw new CliError(`${testGroupsPath}: no ${name} group ${id}: re-run make-dataset and predict`);
      rows.grouping.push(name);
      rows.index.push(index);
      rows.day.push(found.day);
      rows.user.push(codeOfUser.get(found.user) ?? -1);
    });
  }
  const groups = aq.table(rows);

  // Each evaluated user's profile: latest row before the test days (else her first), prior impressions.
  const profiles = aq
    .table({
      user: logUsers.codes,
      time: log.columns.tracker_created_at as Float64Array,
      mom: log.columns.user_is_mom as Uint8Array,
      pregnant: log.columns.user_is_pregnant as Uint8Array,
      trying: log.columns.user_is_trying as Uint8Array,
      platform: platforms.codes,
    })
    .semijoin(groups.select('user').dedupe(), 'user')
    .params({ start: testStartMicros })
    .derive({
      order: (d: Record<string, number>, $: { start: number }) => (d.time < $.start ? d.time : -d.time),
      prior: (d: Record<string, number>, $: { start: number }) => (d.time < $.start ? 1 : 0),
    })
    .groupby('user')
    .orderby(aq.desc('order'))
    .derive({ latest: op.row_number(), activity: op.sum('prior') })
    .filter((d: Row) => d.latest === 1)
    .ungroup()
    .orderby('activity')
    // Deciles by value: users with the same activity share a decile (percent_rank gives ties one rank), so
    // a decile spans a range of activity and some deciles stay empty when many users tie (e.g. at 0).
    .derive({ decile: () => op.least(10, op.floor(op.percent_rank() * 10) + 1) });
  const ranges = profiles
    .groupby('decile')
    .rollup({ low: op.min('activity'), high: op.max('activity') })
    .objects() as { decile: number; low: number; high: number }[];
  const rangeOf = new Map(
    ranges.map((r) => [r.decile, r.low === r.high ? `${r.low}` : `${r.low}-${r.high}`]),
  );

  const joined = groups.join_left(
    profiles.select('user', 'mom', 'pregnant', 'trying', 'platform', 'decile'),
    'user',
  );
  const out = new Map<string, GroupSegments>();
  for (const name of groupIds.keys()) {
    const part = joined
      .params({ name })
      .filter((d: Row, $: { name: string }) => d.grouping === $.name)
      .orderby('index');
    const n = part.numRows();
    const col = (c: string) => part.array(c) as ArrayLike<number | string | undefined>;
    const [day, mom, pregnant, trying, platform, decile] = [
      'day',
      'mom',
      'pregnant',
      'trying',
      'platform',
      'decile',
    ].map(col);
    const segments: GroupSegments = { day: [], stage: [], platform: [], activity: [] };
    for (let i = 0; i < n; i++) {
      (segments.day as string[]).push(String(day[i]));
      const known = decile[i] !== undefined && decile[i] !== null;
      (segments.stage as string[]).push(
        known ? stageOf(Number(mom[i]), Number(pregnant[i]), Number(trying[i])) : 'unknown',
      );
      const p = Number(platform[i]);
      (segments.platform as string[]).push(known && p >= 0 ? platforms.dictionary[p] : 'unknown');
      const d = Number(decile[i]);
      (segments.activity as string[]).push(known ? `d${d} (${rangeOf.get(d)})` : 'unknown');
    }
    out.set(name, segments);
  }
  return out;
}
