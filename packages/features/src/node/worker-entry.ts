/**
 * How a package starts one of its worker threads, from the build or from the sources, in one place for
 * the features' category workers and the CLI's prediction and report workers. In a build the worker is a
 * tsup entry next to the calling bundle (`dist/<name>.js`); in the sources (vitest, tsx) it is `<name>.ts`
 * beside the calling module, started by an eval'd bootstrap that registers tsx's loader in the worker and
 * imports it with the `source` export condition (a loader given with --import does not apply to a worker's
 * own entry module on Node 20).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** What `new Worker(entry, { eval, execArgv })` needs. */
export interface WorkerEntry {
  entry: string | URL;
  eval: boolean;
  execArgv: string[];
}

/**
 * tsx's loader API, for workers started from the sources. tsx is a dev dependency of this package: it is
 * resolved from here, so a caller (the CLI) needs neither tsx nor a path into this package's files.
 */
function resolveTsxApi(): string {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  } catch (error) {
    throw new Error(
      'a worker thread started from the sources needs tsx (a dev dependency of @wemoms/features)',
      {
        cause: error,
      },
    );
  }
}

/**
 * The entry of worker `name` for a module at `callerUrl` (its `import.meta.url`): `./<name>.js` next to a
 * built bundle, `./<name>.ts` beside a source file (run through tsx with `--conditions=source`).
 */
export function workerEntry(callerUrl: string, name: string): WorkerEntry {
  if (!callerUrl.endsWith('.ts'))
    return { entry: new URL(`./${name}.js`, callerUrl), eval: false, execArgv: [] };
  const worker = new URL(`./${name}.ts`, callerUrl).href;
  const bootstrap = `import(${JSON.stringify(resolveTsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); });`;
  return { entry: bootstrap, eval: true, execArgv: ['--conditions=source'] };
}
