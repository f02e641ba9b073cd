/**
 * A user-facing failure: bad config, missing input file, bad flag. The CLI prints its message alone (no
 * stack unless --verbose) and exits with `exitCode`.
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** One line for any thrown value: the message of an Error, else its string form. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
