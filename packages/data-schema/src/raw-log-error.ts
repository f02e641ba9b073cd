/** A raw log that cannot be read: the message names the file, and the line and column when known. */
export class RawLogError extends Error {
  override readonly name = 'RawLogError';
  constructor(
    message: string,
    /** The file being read. */
    readonly file: string,
    /** 1-based line number, or null for whole-file problems (truncated gzip, empty file). */
    readonly line: number | null = null,
    /** The offending column, when the problem is one value. */
    readonly column: string | null = null,
  ) {
    super(message);
  }
}
