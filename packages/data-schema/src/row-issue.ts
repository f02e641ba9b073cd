/**
 * Why a raw line was rejected. These are the keys of `report.rejectsByReason` and the `reason` field of
 * each line of a rejects file.
 */
export type RejectReason =
  | 'invalid_json'
  | 'not_an_object'
  | 'missing_required_column'
  | 'wrong_type'
  | 'invalid_timestamp'
  | 'out_of_range';

/** The first problem found in one raw row. */
export interface RowIssue {
  readonly reason: RejectReason;
  /** The offending column, or null when the line as a whole is bad (invalid JSON, not an object). */
  readonly column: string | null;
  /** What was expected, in words: `a boolean`, `an int32 integer`, `a timestamp YYYY-MM-DD HH:MM:SS...`. */
  readonly expected: string;
  /** The offending value (undefined when the column is missing). */
  readonly got: unknown;
}

const MAX_SHOWN = 120;

/** The offending value as short JSON text for messages: `"abc"`, `12.5`, `nothing (column absent)`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (column absent)';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}...` : text;
}

/** `column X: expected ..., got ...` (or `expected ..., got ...` for whole-line issues). */
export function describeIssue(issue: RowIssue): string {
  const where = issue.column === null ? '' : `column ${issue.column}: `;
  return `${where}expected ${issue.expected}, got ${describeValue(issue.got)}`;
}
