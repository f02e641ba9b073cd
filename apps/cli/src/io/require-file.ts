/** Checks a stage's input exists before any work, naming the stage that produces it. */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { CliError } from '../runtime/errors.js';

/** Throws a CliError `missing <what> at <path>: run \`wemoms <producer>\` first` when `path` is absent. */
export function requireFile(path: string, what: string, producer: string, workdir?: string): void {
  if (existsSync(path)) return;
  const shown = workdir ? relative(workdir, path) || path : path;
  throw new CliError(`missing ${what} at ${shown}: run \`wemoms ${producer}\` first`);
}
