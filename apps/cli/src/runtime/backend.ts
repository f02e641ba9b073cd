/**
 * The TensorFlow.js backend of a model command (train, predict, rank): activated from `model.backend`, and
 * announced in one short line (`backend: wasm (native TensorFlow not installed)`), once per process, so
 * `wemoms pipeline` does not repeat it per stage. --verbose adds each skipped backend's own error.
 */
import { type BackendChoice, describeBackendChoice } from '@wemoms/model';
import { selectBackend } from '@wemoms/model/node';
import type { CliContext } from './context.js';

let announced: string | null = null;

/** Activates the configured backend and prints the one-line choice (unless this process already did). */
export async function activateBackend(ctx: CliContext): Promise<BackendChoice> {
  const choice = await selectBackend(ctx.config.model.backend, { log: () => {} });
  const line = describeBackendChoice(choice);
  if (line !== announced) {
    announced = line;
    ctx.progress.log(line);
    if (ctx.verbose) for (const s of choice.skipped) ctx.progress.log(`  ${s.name} skipped: ${s.detail}`);
  }
  return choice;
}
