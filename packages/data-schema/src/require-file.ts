/** A stage's input checked before any work, naming the `wemoms` command that produces it. */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';

/** A missing input file; its message says which command produces it. User-facing: print it alone. */
export class MissingInputError extends Error {
  constructor(
    message: string,
    /** The missing file, as given. */
    readonly path: string,
  ) {
    super(message);
    this.name = 'MissingInputError';
  }
}

/**
 * Throws a MissingInputError `missing <what> at <path>: run \`wemoms <producer>\` first` when `path` is
 * absent; the path is shown relative to `workdir` when one is given. The CLI's stages and the demo's
 * export check their inputs with it, so both say the same thing.
 */
export function requireFile(path: string, what: string, producer: string, workdir?: string): void {
  if (existsSync(path)) return;
  const shown = workdir ? relative(workdir, path) || path : path;
  throw new MissingInputError(`missing ${what} at ${shown}: run \`wemoms ${producer}\` first`, path);
}
