/** Options of generateSyntheticLog, their defaults and validation. */
import { parseDay } from '@wemoms/data-schema';
import {
  MEMBERS_AT_REFERENCE,
  POSTS_PER_DAY_AT_REFERENCE,
  REFERENCE_DAYS,
  REFERENCE_ROWS,
} from './calibration.js';

export interface SyntheticLogOptions {
  /** Lines of the output file, exact duplicates included (default 100,000). */
  readonly rows?: number;
  /** Any integer (default 42). */
  readonly seed?: number;
  /** First day of the log, YYYY-MM-DD (default 2023-01-02). */
  readonly start?: string;
  /** Number of days, first and last incomplete (default 31). */
  readonly days?: number;
  /** Output path of the gzip JSON Lines log (written atomically). */
  readonly out: string;
  /** Directory for the ground truth (optional; written atomically). */
  readonly truth?: string;
  /** Called after each generated day. */
  readonly onDay?: (progress: { readonly day: string; readonly rowsWritten: number }) => void;
}

export const DEFAULT_SYNTHETIC_OPTIONS = { rows: 100_000, seed: 42, start: '2023-01-02', days: 31 } as const;

export interface ResolvedSyntheticOptions {
  readonly rows: number;
  readonly seed: number;
  readonly start: string;
  readonly startDay: number;
  readonly days: number;
  readonly out: string;
  readonly truth: string | null;
  /** App size relative to the reference (rows per day / reference rows per day). */
  readonly scale: number;
  readonly members: number;
  readonly postsPerDay: number;
  readonly onDay: SyntheticLogOptions['onDay'];
}

/** Fills defaults and checks every option, with a message naming the option. */
export function resolveSyntheticOptions(options: SyntheticLogOptions): ResolvedSyntheticOptions {
  const rows = options.rows ?? DEFAULT_SYNTHETIC_OPTIONS.rows;
  const seed = options.seed ?? DEFAULT_SYNTHETIC_OPTIONS.seed;
  const start = options.start ?? DEFAULT_SYNTHETIC_OPTIONS.start;
  const days = options.days ?? DEFAULT_SYNTHETIC_OPTIONS.days;
  if (!Number.isInteger(rows) || rows < 1 || rows > 2_000_000_000) {
    throw new RangeError(`rows: expected an integer from 1 to 2e9, got ${rows}`);
  }
  if (!Number.isInteger(seed) || Math.abs(seed) > 2 ** 31) {
    throw new RangeError(`seed: expected a 32-bit integer, got ${seed}`);
  }
  if (!Number.isInteger(days) || days < 1 || days > 3660) {
    throw new RangeError(`days: expected an integer from 1 to 3660, got ${days}`);
  }
  const startDay = parseDay(start);
  if (typeof options.out !== 'string' || options.out.length === 0)
    throw new TypeError('out: expected a file path');
  const scale = rows / days / (REFERENCE_ROWS / REFERENCE_DAYS);
  return {
    rows,
    seed: seed | 0,
    start,
    startDay,
    days,
    out: options.out,
    truth: options.truth ?? null,
    scale,
    members: Math.max(60, Math.round(MEMBERS_AT_REFERENCE * scale)),
    postsPerDay: Math.max(8, Math.round(POSTS_PER_DAY_AT_REFERENCE * scale)),
    onDay: options.onDay,
  };
}
