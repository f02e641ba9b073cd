/** Days typed on the command line, checked with data-schema's calendar rules (loaded only by commands). */
import { parseDay } from '@wemoms/data-schema';
import { CliError } from './errors.js';

/** `parseDay(value)` as days since 1970-01-01, or a CliError naming the flag: `--date: 2023-02-30 is not a calendar day (...)`. */
export function parseDayOption(flag: string, value: string): number {
  try {
    return parseDay(value);
  } catch (error) {
    throw new CliError(`${flag}: ${(error as Error).message}`);
  }
}
