/**
 * The traffic `wemoms ab plan` plans with: the impressions of the log (the de-duplicated snapshot
 * data/interim/log.parquet when make-dataset has run, else the raw log read and de-duplicated here),
 * profiled by @wemoms/experiments over the log's complete days (DESIGN section 3: its first and last days
 * are partial, so they are left out when the log spans at least three days).
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { type DictionaryColumn, utcDay } from '@wemoms/data-schema';
import { loadRawLog, readRowKeyLog } from '@wemoms/data-schema/node';
import { type TrafficProfile, trafficProfile } from '@wemoms/experiments';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';

export interface LogTraffic {
  profile: TrafficProfile;
  /** The file read, relative to the workdir. */
  source: string;
  /** Why some days were left out, or null. */
  note: string | null;
}

interface ImpressionColumns {
  length: number;
  user: DictionaryColumn;
  time: Float64Array;
  opened: Uint8Array;
}

async function readImpressions(
  ctx: CliContext,
): Promise<{ columns: ImpressionColumns; source: string } | null> {
  const { paths } = ctx;
  if (existsSync(paths.logSnapshot)) {
    const log = await readRowKeyLog(paths.logSnapshot);
    const c = log.columns;
    return {
      columns: { length: log.length, user: c.user_id, time: c.tracker_created_at, opened: c.has_been_opened },
      source: paths.logSnapshot,
    };
  }
  if (existsSync(paths.raw)) {
    ctx.progress.log(
      `ab plan: no log snapshot (make-dataset has not run): reading ${relative(ctx.workdir, paths.raw)}`,
    );
    const { table } = await loadRawLog(paths.raw, { mode: ctx.config.read.mode, deduplicate: true });
    const c = table.columns;
    return {
      columns: {
        length: table.length,
        user: c.user_id,
        time: c.tracker_created_at,
        opened: c.has_been_opened,
      },
      source: paths.raw,
    };
  }
  return null;
}

/** The log's traffic profile, or null when the workdir has no log. */
export async function loadLogTraffic(ctx: CliContext): Promise<LogTraffic | null> {
  const read = await readImpressions(ctx);
  if (!read) return null;
  const { columns, source } = read;
  if (columns.length === 0) throw new CliError(`${relative(ctx.workdir, source)}: the log has no rows`);
  const day = new Int32Array(columns.length);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < columns.length; i++) {
    day[i] = utcDay(columns.time[i]);
    if (day[i] < first) first = day[i];
    if (day[i] > last) last = day[i];
  }
  const trim = last - first >= 2;
  const profile = trafficProfile(
    {
      length: columns.length,
      user: columns.user.codes,
      day,
      opens: columns.opened,
      userCount: columns.user.dictionary.length,
    },
    trim ? first + 1 : first,
    trim ? last - 1 : last,
  );
  return {
    profile,
    source: relative(ctx.workdir, source) || source,
    note: trim ? 'first and last days of the log left out (partial days)' : null,
  };
}
