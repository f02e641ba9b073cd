import { runCli } from '../main.js';

/** What one in-process CLI run printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `wemoms <args>` in this process, capturing stdout and stderr. */
export async function captureCli(args: readonly string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli([...args], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  return { code, out, err };
}

/** captureCli that throws, with what the CLI printed on stderr, unless the run exits 0. */
export async function expectCliOk(args: readonly string[]): Promise<CliRun> {
  const run = await captureCli(args);
  if (run.code !== 0) throw new Error(`wemoms ${args.join(' ')} exited ${run.code}:\n${run.err}`);
  return run;
}
