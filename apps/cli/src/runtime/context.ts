/**
 * What every command receives: the resolved workdir, configuration and paths, and the output channels.
 * Built once per invocation from the global flags (--workdir, --config, --raw, --verbose, --quiet).
 */
import { resolve } from 'node:path';
import { type ConfigOverrides, loadConfig } from '../config/load.js';
import { type PipelinePaths, resolvePaths } from '../config/paths.js';
import type { WemomsConfig } from '../config/schema.js';
import type { LoadedLog } from '../pipeline/load-log.js';
import { createProgress, type Progress, type ProgressStream } from './progress.js';
import type { StageEnv } from './stage.js';
import { createWorkdirGuard } from './workdir-guard.js';

export interface GlobalOptions {
  workdir?: string;
  config?: string;
  raw?: string;
  verbose?: boolean;
  quiet?: boolean;
  statsFile?: string;
}

export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
}

export interface CliContext extends StageEnv {
  workdir: string;
  config: WemomsConfig;
  configFile: string | null;
  /** Where the configuration came from, for messages (`<file> + flags`, `defaults + flags`). */
  configSource?: string;
  paths: PipelinePaths;
  verbose: boolean;
  io: CliIo;
  /** Writes a result line to stdout (tables, JSON): what a script may pipe. */
  print(text: string): void;
  /**
   * The log snapshot last loaded with this context (loadLogSnapshot): `wemoms pipeline` runs
   * build-features and predict with one context, and the second reuses the log and the feature context's
   * indexes instead of reading and indexing the same file again. Contexts derived by spreading (compare's
   * per-variant runs) share the slot; an entry is reused only while path, size and mtime match.
   */
  readonly snapshot: SnapshotSlot;
}

/** A loaded snapshot and the file identity (path, size, mtime) it was read from. */
export interface SnapshotSlot {
  current: { readonly key: string; readonly loaded: Promise<LoadedLog> } | null;
}

/** Resolves workdir, config (defaults <- file <- flags) and paths. */
export function createContext(global: GlobalOptions, overrides: ConfigOverrides, io: CliIo): CliContext {
  const workdir = resolve(global.workdir ?? process.cwd());
  const allOverrides: ConfigOverrides = { ...overrides };
  // --raw is relative to the caller's cwd, like any path typed on the command line.
  if (global.raw) allOverrides['paths.raw'] = resolve(global.raw);
  const { config, file, source } = loadConfig(workdir, { file: global.config, overrides: allOverrides });
  const progress: Progress = createProgress({ stream: io.stderr, enabled: !global.quiet });
  const paths = resolvePaths(workdir, config);
  return {
    workdir,
    config,
    configFile: file,
    configSource: source,
    paths,
    guard: createWorkdirGuard(paths, progress),
    verbose: !!global.verbose,
    io,
    progress,
    statsFile: global.statsFile ? resolve(global.statsFile) : undefined,
    print: (text) => io.stdout.write(`${text}\n`),
    snapshot: { current: null },
  };
}
