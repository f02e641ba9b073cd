/**
 * The events file of an A/B test: one impression per row, JSON Lines (optionally gzip) or parquet.
 *
 * Columns (JSON keys): `user_id` (string, the randomisation unit), `arm` (string, one of the planned arms),
 * `opened` (true/false or 0/1), and `day` (`YYYY-MM-DD`, UTC) or `timestamp` (`2023-02-01 11:44:12+00:00`
 * or ISO 8601; its UTC day is used); optional `trackable_id` (the post) and any other column, ignored.
 * A malformed row is an error naming the file and line (JSON Lines) or row (parquet); an arm label outside
 * the planned arms and a user seen in two arms are errors too.
 */
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import {
  type DictionaryColumn,
  formatDay,
  type ParquetReadValues,
  parseDay,
  parseTimestampMicros,
  utcDay,
} from '@wemoms/data-schema';
import { readParquet, tempPathFor, writeParquet } from '@wemoms/data-schema/node';
import type { ExperimentTable } from '@wemoms/experiments';
import { CliError } from '../runtime/errors.js';

export const EVENT_COLUMNS_HELP =
  'an events file needs user_id, arm, opened, and day (YYYY-MM-DD) or timestamp; trackable_id is optional';

/** Events read from a file, coded for the analysis. */
export interface ExperimentEvents {
  table: ExperimentTable & { opens: Uint8Array };
  /** user_id by user code. */
  userIds: string[];
  /** Arm names (the planned ones, control first): the table's arm codes index this list. */
  arms: readonly string[];
}

/** Builds the coded columns row by row, checking arms and the one-arm-per-user rule. */
class EventsBuilder {
  private readonly userCode = new Map<string, number>();
  readonly userIds: string[] = [];
  private userArm: number[] = [];
  private userFirst: string[] = [];
  private readonly armCode: Map<string, number>;
  private user: number[] = [];
  private arm: number[] = [];
  private day: number[] = [];
  private opens: number[] = [];

  constructor(
    private readonly file: string,
    readonly arms: readonly string[],
  ) {
    this.armCode = new Map(arms.map((a, i) => [a, i]));
  }

  add(where: string, userId: string, armName: string, day: number, opened: boolean): void {
    const a = this.armCode.get(armName);
    if (a === undefined)
      throw new CliError(
        `${where}: unknown arm ${JSON.stringify(armName)} (planned arms: ${this.arms.join(', ')}; set them with --arms or ab.arms)`,
      );
    let u = this.userCode.get(userId);
    if (u === undefined) {
      u = this.userIds.length;
      this.userCode.set(userId, u);
      this.userIds.push(userId);
      this.userArm.push(a);
      this.userFirst.push(where);
    } else if (this.userArm[u] !== a) {
      throw new CliError(
        `${where}: user ${userId} is in arm ${armName}, but ${this.userFirst[u]} put her in ${this.arms[this.userArm[u]]}: randomisation is by user, each user must stay in one arm`,
      );
    }
    this.user.push(u);
    this.arm.push(a);
    this.day.push(day);
    this.opens.push(opened ? 1 : 0);
  }

  build(): ExperimentEvents {
    if (this.user.length === 0) throw new CliError(`${this.file}: no events (${EVENT_COLUMNS_HELP})`);
    const user = Int32Array.from(this.user);
    this.user = [];
    const table = {
      length: user.length,
      user,
      arm: Uint8Array.from(this.arm),
      day: Int32Array.from(this.day),
      opens: Uint8Array.from(this.opens),
      userCount: this.userIds.length,
    };
    this.arm = [];
    this.day = [];
    this.opens = [];
    this.userArm = [];
    this.userFirst = [];
    return { table, userIds: this.userIds, arms: this.arms };
  }
}

const describe = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

function dayOf(where: string, day: unknown, timestamp: unknown): number {
  if (day !== undefined && day !== null) {
    if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day))
      throw new CliError(`${where}: "day": expected YYYY-MM-DD, got ${describe(day)}`);
    try {
      return parseDay(day);
    } catch {
      throw new CliError(`${where}: "day": not a calendar day: ${describe(day)}`);
    }
  }
  if (timestamp !== undefined && timestamp !== null) {
    const micros = typeof timestamp === 'string' ? parseTimestampMicros(timestamp) : Number.NaN;
    if (Number.isNaN(micros))
      throw new CliError(
        `${where}: "timestamp": expected a time like 2023-02-01 11:44:12+00:00, got ${describe(timestamp)}`,
      );
    return utcDay(micros);
  }
  throw new CliError(`${where}: missing "day" or "timestamp" (${EVENT_COLUMNS_HELP})`);
}

function openedOf(where: string, value: unknown): boolean {
  if (value === true || value === 1) return true;
  if (value === false || value === 0) return false;
  if (value === undefined) throw new CliError(`${where}: missing "opened" (${EVENT_COLUMNS_HELP})`);
  throw new CliError(`${where}: "opened": expected true/false or 0/1, got ${describe(value)}`);
}

function idOf(where: string, key: 'user_id' | 'arm', value: unknown): string {
  if (value === undefined || value === null)
    throw new CliError(`${where}: missing "${key}" (${EVENT_COLUMNS_HELP})`);
  if (typeof value !== 'string' || value === '')
    throw new CliError(`${where}: "${key}": expected a non-empty string, got ${describe(value)}`);
  return value;
}

async function readJsonLines(path: string, builder: EventsBuilder): Promise<void> {
  const input = createReadStream(path);
  const text = path.endsWith('.gz') || path.endsWith('.gzip') ? input.pipe(createGunzip()) : input;
  const lines = createInterface({ input: text, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      if (raw.trim() === '') continue;
      const where = `${path}:${line}`;
      let row: unknown;
      try {
        row = JSON.parse(raw);
      } catch (error) {
        throw new CliError(`${where}: not valid JSON: ${(error as Error).message}`);
      }
      if (typeof row !== 'object' || row === null || Array.isArray(row))
        throw new CliError(`${where}: expected a JSON object, got ${raw.slice(0, 40)}`);
      const r = row as Record<string, unknown>;
      builder.add(
        where,
        idOf(where, 'user_id', r.user_id),
        idOf(where, 'arm', r.arm),
        dayOf(where, r.day, r.timestamp),
        openedOf(where, r.opened),
      );
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path}: cannot read events: ${(error as Error).message}`);
  } finally {
    input.destroy();
  }
}

const isDictionary = (c: ParquetReadValues): c is DictionaryColumn => 'codes' in c && 'dictionary' in c;

async function readParquetEvents(path: string, builder: EventsBuilder): Promise<void> {
  let table: Awaited<ReturnType<typeof readParquet>>;
  try {
    table = await readParquet(path);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const { columns, specs } = table;
  const has = (name: string) => name in columns;
  const names = specs.map((s) => s.name).join(', ');
  for (const name of ['user_id', 'arm', 'opened'])
    if (!has(name))
      throw new CliError(`${path}: missing column "${name}" (${EVENT_COLUMNS_HELP}; it has ${names})`);
  if (!has('day') && !has('timestamp'))
    throw new CliError(
      `${path}: missing column "day" or "timestamp" (${EVENT_COLUMNS_HELP}; it has ${names})`,
    );
  const strings = (name: string): DictionaryColumn => {
    const c = columns[name];
    if (!isDictionary(c)) throw new CliError(`${path}: column "${name}" must be a string column`);
    return c;
  };
  const user = strings('user_id');
  const arm = strings('arm');
  const opened = columns.opened;
  if (isDictionary(opened) || !('length' in opened))
    throw new CliError(`${path}: column "opened" must be boolean or 0/1 integers`);
  const dayColumn = has('day') ? columns.day : columns.timestamp;
  const dayName = has('day') ? 'day' : 'timestamp';
  for (let i = 0; i < table.length; i++) {
    const where = `${path}: row ${i + 1}`;
    const text = (c: DictionaryColumn) => (c.codes[i] < 0 ? null : c.dictionary[c.codes[i]]);
    let day: number;
    if (isDictionary(dayColumn)) {
      day =
        dayName === 'day'
          ? dayOf(where, text(dayColumn), undefined)
          : dayOf(where, undefined, text(dayColumn));
    } else if (dayName === 'timestamp' && dayColumn instanceof Float64Array && !Number.isNaN(dayColumn[i])) {
      day = utcDay(dayColumn[i]);
    } else {
      throw new CliError(`${where}: "${dayName}" must be a YYYY-MM-DD string or a timestamp`);
    }
    const o = (opened as ArrayLike<number>)[i];
    builder.add(
      where,
      idOf(where, 'user_id', text(user)),
      idOf(where, 'arm', text(arm)),
      day,
      openedOf(where, Number.isNaN(o) ? undefined : o),
    );
  }
}

/** Reads an events file (`.parquet`, else JSON Lines, gzip when it ends in .gz) for the planned `arms`. */
export async function readExperimentEvents(path: string, arms: readonly string[]): Promise<ExperimentEvents> {
  const builder = new EventsBuilder(path, arms);
  if (path.endsWith('.parquet')) await readParquetEvents(path, builder);
  else await readJsonLines(path, builder);
  return builder.build();
}

/** One served impression of a simulated test. */
export interface SimulatedEvents {
  length: number;
  userIds: readonly string[];
  postIds: readonly string[];
  arms: readonly string[];
  user: Int32Array;
  arm: Uint8Array;
  post: Int32Array;
  rank: Uint8Array;
  /** Impression time, UTC micros. */
  time: Float64Array;
  opened: Uint8Array;
}

/**
 * Writes events as JSON Lines (`{"user_id","arm","day","timestamp","trackable_id","rank","opened"}`) or, for
 * a `.parquet` path, as parquet with the same columns; atomically (temp name, then rename).
 */
export async function writeExperimentEvents(path: string, events: SimulatedEvents): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const days = new Map<number, string>();
  const dayText = (micros: number) => {
    const d = utcDay(micros);
    let s = days.get(d);
    if (s === undefined) {
      s = formatDay(d);
      days.set(d, s);
    }
    return s;
  };
  if (path.endsWith('.parquet')) {
    const dayCodes = new Int32Array(events.length);
    const dictionary: string[] = [];
    const codeOf = new Map<string, number>();
    for (let i = 0; i < events.length; i++) {
      const s = dayText(events.time[i]);
      let c = codeOf.get(s);
      if (c === undefined) {
        c = dictionary.length;
        dictionary.push(s);
        codeOf.set(s, c);
      }
      dayCodes[i] = c;
    }
    writeParquet(path, [
      { name: 'user_id', type: 'string', data: { codes: events.user, dictionary: [...events.userIds] } },
      {
        name: 'arm',
        type: 'string',
        data: { codes: Int32Array.from(events.arm), dictionary: [...events.arms] },
      },
      { name: 'day', type: 'string', data: { codes: dayCodes, dictionary } },
      { name: 'timestamp', type: 'timestamp', data: events.time },
      { name: 'trackable_id', type: 'string', data: { codes: events.post, dictionary: [...events.postIds] } },
      { name: 'rank', type: 'int32', data: Int32Array.from(events.rank) },
      { name: 'opened', type: 'boolean', data: events.opened },
    ]);
    return;
  }
  const temp = tempPathFor(path);
  const stream = createWriteStream(temp);
  try {
    const batch = 4096;
    for (let from = 0; from < events.length; from += batch) {
      let text = '';
      for (let i = from; i < Math.min(events.length, from + batch); i++) {
        const micros = events.time[i];
        text += `{"user_id":${JSON.stringify(events.userIds[events.user[i]])},"arm":${JSON.stringify(events.arms[events.arm[i]])},"day":"${dayText(micros)}","timestamp":"${new Date(micros / 1000).toISOString()}","trackable_id":${JSON.stringify(events.postIds[events.post[i]])},"rank":${events.rank[i]},"opened":${events.opened[i] === 1}}\n`;
      }
      if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
    }
    await new Promise<void>((resolve, reject) =>
      stream.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
    renameSync(temp, path);
  } catch (error) {
    stream.destroy();
    rmSync(temp, { force: true });
    throw error;
  }
}
