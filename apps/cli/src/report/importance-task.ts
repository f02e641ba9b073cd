/**
 * The feature importance section, measured in a worker thread (report-worker.ts) so that it overlaps other
 * work: `evaluate` starts it first and computes the metrics meanwhile; `wemoms pipeline` starts it as soon
 * as train has written the model, so it runs beside predict. The task is kept per process, keyed by the
 * model's and the merged features' files (path, size, mtime) and the options, so evaluate takes over the
 * pipeline's task only when it would measure exactly the same thing; otherwise it starts its own.
 */

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReportSection } from '@wemoms/charts';
import { workerEntry } from '@wemoms/features/node';
import { deserializeError } from '../io/worker-errors.js';
import type { CliContext } from '../runtime/context.js';
import { errorMessage } from '../runtime/errors.js';
import type { ImportanceJob, ImportanceReply } from './report-worker.js';

/** Shuffles per feature of the permutation importance. */
export const IMPORTANCE_REPEATS = 3;

export interface ImportanceOutcome {
  /** The section with its charts rendered, or null (then `note` says why). */
  readonly section: ReportSection | null;
  readonly note: string | null;
  /** Wall seconds the worker spent measuring and rendering (0 when nothing ran). */
  readonly workerSeconds: number;
}

interface Task {
  readonly key: string;
  readonly worker: Worker | null;
  readonly outcome: Promise<ImportanceOutcome>;
}

let task: Task | null = null;

/** The files the importance reads: the model's and the merged features. */
function inputsOf(ctx: CliContext): string[] {
  const { modelDir, features } = ctx.paths;
  return [
    join(modelDir, 'model.json'),
    join(modelDir, 'weights.bin'),
    join(modelDir, 'preprocessing.json'),
    features,
  ];
}

function jobOf(ctx: CliContext): ImportanceJob {
  return {
    kind: 'importance',
    modelDir: ctx.paths.modelDir,
    featuresPath: ctx.paths.features,
    repeats: IMPORTANCE_REPEATS,
    seed: ctx.config.evaluate.seed,
    backend: ctx.config.model.backend,
  };
}

/** What the task measures: its options and its input files' identity (null when one is missing). */
function keyOf(ctx: CliContext): string | null {
  const files = inputsOf(ctx);
  if (!files.every((f) => existsSync(f))) return null;
  const stats = files.map((f) => {
    const s = statSync(f);
    return `${f}:${s.size}:${s.mtimeMs}`;
  });
  return JSON.stringify([jobOf(ctx), stats]);
}

function run(ctx: CliContext, key: string): Task {
  const worker = new Worker(...workerArgs(ctx));
  // Started ahead of need: it must not keep the process alive (a failed pipeline exits); whoever awaits
  // the outcome holds the process open again (see importanceSection).
  worker.unref();
  const outcome = new Promise<ImportanceOutcome>((resolve) => {
    let settled = false;
    const settle = (value: ImportanceOutcome) => {
      if (settled) return;
      settled = true;
      resolve(value);
      void worker.terminate();
    };
    const failed = (error: unknown) =>
      // The model may have been trained on other features than the merged file now holds.
      settle({ section: null, note: `No feature importance: ${errorMessage(error)}.`, workerSeconds: 0 });
    worker.on('message', (reply: ImportanceReply) => {
      if (reply.type === 'error') failed(deserializeError(reply.error));
      else
        settle({
          section: reply.section,
          note: null,
          workerSeconds: reply.seconds.measure + reply.seconds.render,
        });
    });
    worker.on('error', failed);
    worker.on('exit', (code) => failed(new Error(`the report worker exited with code ${code}`)));
  });
  return { key, worker, outcome };
}

function workerArgs(ctx: CliContext): ConstructorParameters<typeof Worker> {
  const spec = workerEntry(import.meta.url, 'report-worker');
  return [spec.entry, { eval: spec.eval, execArgv: spec.execArgv, workerData: jobOf(ctx) }];
}

/**
 * Starts measuring the importance of the workdir's model on its merged features in a worker thread, unless
 * the same measurement is already under way or done (or its inputs are missing: nothing to start).
 */
export function startImportance(ctx: CliContext): void {
  const key = keyOf(ctx);
  if (key === null || task?.key === key) return;
  task = run(ctx, key);
}

/**
 * The importance section of the workdir's current model and features: the task already started for
 * exactly these files, or a new one. Missing inputs give a note instead of a section.
 */
export async function importanceSection(ctx: CliContext): Promise<ImportanceOutcome> {
  const key = keyOf(ctx);
  if (key === null)
    return {
      section: null,
      note: 'No feature importance: it needs the trained model and data/processed/features.parquet.',
      workerSeconds: 0,
    };
  if (task?.key !== key) task = run(ctx, key);
  task.worker?.ref();
  return task.outcome;
}
