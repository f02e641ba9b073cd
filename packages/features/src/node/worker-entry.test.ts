import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { workerEntry } from './worker-entry.js';

describe('workerEntry (the features and the CLI start their workers with it)', () => {
  it('from a build: the .js entry next to the calling bundle, no loader', () => {
    const spec = workerEntry('file:///app/apps/cli/dist/chunk-abc.js', 'prediction-worker');
    expect(spec).toEqual({
      entry: new URL('file:///app/apps/cli/dist/prediction-worker.js'),
      eval: false,
      execArgv: [],
    });
  });

  it('from the sources: a bootstrap that registers tsx (resolved here, whoever calls) and imports the .ts', () => {
    // A caller outside this package (the CLI's sources) gets the same tsx, with no path into features.
    const spec = workerEntry('file:///elsewhere/apps/cli/src/io/prediction-files.ts', 'prediction-worker');
    expect(spec.eval).toBe(true);
    expect(spec.execArgv).toEqual(['--conditions=source']);
    expect(spec.entry).toContain('"file:///elsewhere/apps/cli/src/io/prediction-worker.ts"');
    expect(spec.entry).toMatch(
      /import\("file:\/\/\/[^"]*\/tsx\/[^"]*"\)\.then\(\(tsx\) => \{ tsx\.register\(\);/,
    );
  });

  it('starts a real worker from the sources (a TypeScript module that answers)', async () => {
    const spec = workerEntry(
      import.meta.url.replace(/worker-entry\.test\.ts$/, 'x.ts'),
      'worker-entry-probe',
    );
    const worker = new Worker(spec.entry, { eval: spec.eval, execArgv: spec.execArgv, workerData: 20 });
    const answer = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(answer).toBe(21);
  });
});
