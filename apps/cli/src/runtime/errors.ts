/**
 * A user-facing failure: bad config, missing input file, bad flag. The CLI prints its message alone (no
 * stack unless --verbose) and exits with `exitCode`.
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
    // --verbose prints this stack: keep where the underlying failure happened.
    const cause = options.cause;
    if (cause instanceof Error && cause.stack) this.stack = `${this.stack}\nCaused by: ${cause.stack}`;
  }
}

/** One line for any thrown value: the message of an Error, else its string form. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * The README's error format, `wemoms: error: <message>`, on one line whatever the message: line breaks
 * inside it (a library's multi-line error, commander's suggestions) are joined with `; `.
 */
export function errorLine(error: unknown): string {
  const message = errorMessage(error)
    .replace(/^error:\s*/i, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    // A parenthesised line continues the previous one: `unknown option '--nope' (Did you mean --name?)`.
    .reduce(
      (joined, line, i) => (i === 0 ? line : `${joined}${line.startsWith('(') ? ' ' : '; '}${line}`),
      '',
    );
  return `wemoms: error: ${message}`;
}
