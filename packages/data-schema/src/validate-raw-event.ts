/**
 * Single-row validation against RAW_SCHEMA, for producers of raw rows (the synthetic generator, its
 * tests) and for tools that check one event at a time. Same rules as the reader: it runs the reader's
 * own row builder on the value.
 */
import { RawTableBuilder } from './raw-table-builder.js';
import { describeIssue, type RowIssue } from './row-issue.js';
import { defaultImpressionWindow, type RowRules } from './row-rules.js';
import { RAW_COLUMN_NAMES } from './schema.js';

/** The verdict on one raw row. */
export interface RawEventValidation {
  /** True when the row would be accepted by the reader. */
  readonly valid: boolean;
  /** The first problem (in schema column order) when not valid. */
  readonly issue: RowIssue | null;
  /** Keys outside RAW_SCHEMA (allowed, reported). */
  readonly unknownColumns: string[];
  /** Optional columns the row omits (allowed, read as null). */
  readonly missingOptionalColumns: string[];
}

let scratch: RawTableBuilder | null = null;

/**
 * Validates one parsed raw event (a JSON value) exactly as the streaming reader would, with the same
 * range rules (`impressionWindow` defaults to defaultImpressionWindow() at the time of the call).
 */
export function validateRawEvent(value: unknown, rules: RowRules = {}): RawEventValidation {
  scratch ??= new RawTableBuilder(1);
  scratch.setImpressionWindow(rules.impressionWindow ?? defaultImpressionWindow());
  const issue = scratch.appendRow(value);
  const unknownColumns = [...scratch.shape.unknown];
  const missingOptionalColumns = scratch.shape.missingOptional.map((j) => RAW_COLUMN_NAMES[j]);
  // Forget the dictionaries too: validating many rows must not accumulate their ids.
  scratch.clear();
  return { valid: issue === null, issue, unknownColumns, missingOptionalColumns };
}

/** Throws a TypeError `column X: expected ..., got ...` unless `value` is a valid raw event. */
export function assertRawEvent(value: unknown): void {
  const { issue } = validateRawEvent(value);
  if (issue) throw new TypeError(describeIssue(issue));
}
