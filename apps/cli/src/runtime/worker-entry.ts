/**
 * How the CLI starts one of its worker threads, from the build or from the sources: in the build the
 * worker is a tsup entry next to the bundle (`dist/<name>.js`); in the sources (vitest, tsx) it is
 * `<name>.ts` beside the calling module, run through tsx with the `source` condition (the same approach
 * as packages/features/src/parallel.ts).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** What `new Worker(entry, { eval, execArgv })` needs. */
export interface WorkerEntry {
  entry: string | URL;
  eval: boolean;
  execArgv: string[];
}

function resolveTsxApi(): string {
  // tsx is a dev dependency of @wemoms/features, not of the CLI: look next to this package, then there.
  const bases = [
    import.meta.url,
    new URL('../../../../packages/features/package.json', import.meta.url).href,
  ];
  for (const base of bases) {
    try {
      return pathToFileURL(createRequire(base).resolve('tsx/esm/api')).href;
    } catch {
      // try the next base
    }
  }
  throw new Error('a CLI worker thread needs tsx to run from the sources');
}

/**
 * The entry of worker `name` for a module at `callerUrl` (its `import.meta.url`): `./<name>.js` next to a
 * built bundle, `./<name>.ts` beside a source file.
 */
export function workerEntry(callerUrl: string, name: string): WorkerEntry {
  if (!callerUrl.endsWith('.ts'))
    return { entry: new URL(`./${name}.js`, callerUrl), eval: false, execArgv: [] };
  const worker = new URL(`./${name}.ts`, callerUrl).href;
  const bootstrap = `import(${JSON.stringify(resolveTsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); });`;
  return { entry: bootstrap, eval: true, execArgv: ['--conditions=source'] };
}
