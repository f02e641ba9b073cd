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
