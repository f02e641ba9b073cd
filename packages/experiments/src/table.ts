/**
 * The input of an analysis: impressions (or per-user-day counts of them) with the user, her arm, the day
 * and the opens. Columnar, coded: users and arms are small integers the caller maps to names.
 */

/** Rows of an experiment: one impression per row, or one (user, day) cell with `impressions` counts. */
export interface ExperimentTable {
  readonly length: number;
  /** User code of each row, 0 <= user < userCount. */
  readonly user: Int32Array;
  /** Arm index of each row, into the analysis' `arms` (index 0 is the control). */
  readonly arm: Int32Array | Uint8Array;
  /** UTC day of each row: whole days since 1970-01-01. */
  readonly day: Int32Array;
  /** Impressions per row; absent means 1 (one row per impression). */
  readonly impressions?: Int32Array;
  /** Opens per row (0/1 for one impression; at most `impressions[i]` for a cell). */
  readonly opens: Uint8Array | Int32Array;
  /** Number of distinct user codes (default: max code + 1). */
  readonly userCount?: number;
}

/** An input the analysis cannot use, with a message naming what is wrong. */
export class ExperimentInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExperimentInputError';
  }
}

/** YYYY-MM-DD of a UTC day number. */
export function dayToDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
