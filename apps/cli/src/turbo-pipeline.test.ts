/**
 * `pnpm pipeline`'s last step (bin/turbo-pipeline.mjs): a stage restored from turbo's cache says so in one
 * line instead of replaying its old log and timings, and the run closes with what ran and what was replayed.
 */
import { describe, expect, it } from 'vitest';
import { describePipelineRun, rewriteTurboLine, underPnpmPipeline } from '../bin/turbo-pipeline.mjs';

const task = (name: string, status: 'HIT' | 'MISS', start: number, end: number, timeSaved = 0) => ({
  task: name,
  cache: { status, timeSaved },
  execution: { startTime: start, endTime: end, exitCode: 0 },
});

describe('turbo pipeline output', () => {
  it('says a cached stage was replayed from the cache, and drops cached builds, banners and blank lines', () => {
    const state = { summaryPath: null as string | null, keepFooter: false };
    const rewrite = (line: string) => rewriteTurboLine(line, state);
    expect(rewrite('@wemoms/cli:pipeline:train: cache hit, suppressing logs 33bc35a559d1a7aa')).toBe(
      '@wemoms/cli:pipeline:train: replayed from cache (inputs unchanged): outputs restored, not re-run',
    );
    expect(rewrite('@wemoms/model:build: cache hit, suppressing logs caf627e5eb248ac6')).toBeNull();
    expect(
      rewrite('@wemoms/cli:pipeline:prepare: cache bypass, force executing 3ade68749f23084d'),
    ).toBeNull();
    expect(rewrite('   • turbo 2.11.11')).toBeNull();
    expect(rewrite('  Tasks:    19 successful, 19 total')).toBeNull();
    expect(rewrite('')).toBeNull();
    // A stage that runs prints its own, fresh, output.
    const fresh = '@wemoms/cli:pipeline:train: ✔ train  3.21 s  40,100 rows';
    expect(rewrite(fresh)).toBe(fresh);
    expect(rewrite('Summary:    /repo/.turbo/runs/3N11.json')).toBeNull();
    expect(state.summaryPath).toBe('/repo/.turbo/runs/3N11.json');
  });

  it('closes with the stages that ran, those replayed from the cache, and the headline metrics', () => {
    const summary = {
      execution: { startTime: 0, endTime: 12_500 },
      tasks: [
        task('build', 'HIT', 0, 0, 9000),
        task('pipeline:prepare', 'MISS', 0, 1000),
        task('pipeline:evaluate', 'MISS', 10_000, 12_000),
        task('pipeline:make-dataset', 'HIT', 1000, 1000, 4000),
        task('pipeline:features:user', 'HIT', 1000, 1000, 20_000),
        task('pipeline:merge-features', 'HIT', 1000, 1000, 3000),
        task('pipeline:train', 'MISS', 1000, 4000),
        task('pipeline:predict', 'MISS', 4000, 10_000),
        task('pipeline', 'MISS', 12_000, 12_000),
      ],
    };
    const metrics = {
      data: { k: 10 },
      groupings: {
        impressions: { model: { 'map@10': 0.71534 }, random: { 'map@10': 0.6136 } },
        userDay: {
          model: { 'map@10': 0.0069, 'simulatedCtr@10': 0.4032 },
          oracle: { 'map@10': 0.0101, 'simulatedCtr@10': 0.5931 },
        },
      },
    };
    expect(describePipelineRun(summary, metrics)).toEqual([
      'pipeline: 6 stages in 12.5 s',
      '  ran (3): train 3.00 s, predict 6.00 s, evaluate 2.00 s',
      "  replayed from turbo's cache, inputs unchanged (3): make-dataset, features:user, merge-features " +
        '(outputs restored; their original runs: 27.0 s of task time)',
      '  impressions MAP@10 model 0.7153 / random 0.6136; userDay MAP@10 model 0.0069 / oracle 0.0101; ' +
        'simulatedCtr@10 model 0.4032 / oracle 0.5931 (reports/metrics.md, reports/report.html)',
    ]);
    const failed = {
      ...summary,
      tasks: [
        { ...task('pipeline:train', 'MISS', 0, 1), execution: { startTime: 0, endTime: 1, exitCode: 1 } },
      ],
    };
    expect(describePipelineRun(failed, null)).toContain('  failed (1): train');
  });

  it('knows it is not running under `pnpm pipeline` here', () => {
    expect(underPnpmPipeline()).toBe(false);
    expect(underPnpmPipeline(999_999_999)).toBe(false);
  });
});
