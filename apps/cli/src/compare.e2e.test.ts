/**
 * `wemoms compare` end to end on a small seeded synthetic log: three rankers (the study's logistic
 * regression, an MLP on a listwise loss, a cross network) trained on the same split and scored through
 * predict and evaluate, then the leaderboard files.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Leaderboard } from './commands/compare.js';
import { captureCli } from './testing/run-cli.js';

const workdir = mkdtempSync(join(tmpdir(), 'wemoms-compare-'));
const at = (...parts: string[]) => join(workdir, ...parts);

const cli = (...args: string[]) => captureCli([...args, '--workdir', workdir]);

describe('wemoms compare', () => {
  beforeAll(async () => {
    writeFileSync(
      at('wemoms.config.json'),
      JSON.stringify({
        synthetic: { rows: 6000, seed: 7 },
        model: { epochs: 4, patience: 2, learningRate: 0.01 },
        compare: {
          maxGroups: 8,
          models: [
            { name: 'logreg', type: 'logreg' },
            { name: 'mlp-listwise', type: 'mlp', hiddenSizes: [4], loss: 'listwise' },
            { name: 'cross', type: 'cross', crossLayers: 1, crossRank: 2, hiddenSizes: [] },
          ],
        },
      }),
    );
    for (const command of ['generate-data', 'make-dataset', 'build-features', 'merge-features']) {
      const { code, err } = await cli(command, '--quiet');
      if (code !== 0) throw new Error(`${command} failed:\n${err}`);
    }
  }, 120_000);

  it('trains and scores every configured ranker, then writes the leaderboard', async () => {
    const { code, out, err } = await cli('compare');
    expect(code, err).toBe(0);
    const board = JSON.parse(readFileSync(at('reports/leaderboard.json'), 'utf8')) as Leaderboard;
    expect(board.entries.map((e) => e.name).sort()).toEqual(['cross', 'logreg', 'mlp-listwise']);
    // Ranked by the eval-day NDCG@10, the best first.
    expect(board.selectedBy).toBe('eval-day NDCG@10');
    expect(board.best).toBe(board.entries[0].name);
    const ndcgs = board.entries.map((e) => e.eval.ndcg as number);
    expect([...ndcgs].sort((a, b) => b - a)).toEqual(ndcgs);
    for (const entry of board.entries) {
      expect(entry.eval.ndcg).toBeGreaterThan(0);
      expect(entry.eval.groups).toBeGreaterThan(0);
      for (const grouping of ['impressions', 'userDay', 'event'] as const)
        expect(entry.test[grouping], `${entry.name} ${grouping}`).toHaveProperty('map@10');
      expect(entry.simulatedCtrVsOracle).toBeGreaterThan(0);
      expect(entry.simulatedCtrVsOracle).toBeLessThanOrEqual(1);
      expect(entry.scoring.candidates).toBeGreaterThan(0);
      expect(entry.scoring.scoreRankPerSecond).toBeGreaterThan(0);
      expect(entry.train.wallSeconds).toBeGreaterThan(0);
      expect(entry.personalisation?.distinctTopPosts).toBeGreaterThanOrEqual(10);
      // Each ranker went through the pipeline's own stages, into its own directories.
      expect(existsSync(at('models', entry.name, 'model.json'))).toBe(true);
      expect(existsSync(at('reports/compare', entry.name, 'metrics.json'))).toBe(true);
      expect(existsSync(at('reports/compare', entry.name, 'predictions.parquet'))).toBe(true);
    }
    expect(board.entries.find((e) => e.name === 'mlp-listwise')?.model).toMatchObject({
      type: 'mlp',
      loss: 'listwise',
      hiddenSizes: [4],
    });
    // The same candidates for every ranker: one set of baselines.
    expect(board.baselines.userDay).toHaveProperty('oracle');
    const markdown = readFileSync(at('reports/leaderboard.md'), 'utf8');
    expect(markdown).toContain('# Ranker leaderboard');
    expect(markdown).toContain(`Chosen: **${board.chosen}**`);
    // The one-standard-error rule picks among the rankers, never one with more parameters than the best.
    const chosen = board.entries.find((e) => e.name === board.chosen);
    expect(chosen?.parameters).toBeLessThanOrEqual(board.entries[0].parameters);
    expect(board.entries[0].parameters).toBeGreaterThan(0);
    for (const name of ['logreg', 'mlp-listwise', 'cross']) expect(markdown).toContain(name);
    expect(out).toContain('| ranker | model | eval NDCG@10 |');
    // The pipeline's own model and reports are untouched.
    expect(existsSync(at('reports/metrics.json'))).toBe(false);
  }, 240_000);

  it('runs a subset with --models, and names an unknown one', async () => {
    const { code, err } = await cli('compare', '--models', 'logreg', '--quiet');
    expect(code, err).toBe(0);
    const board = JSON.parse(readFileSync(at('reports/leaderboard.json'), 'utf8')) as Leaderboard;
    expect(board.entries.map((e) => e.name)).toEqual(['logreg']);
    const bad = await cli('compare', '--models', 'nope');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain(
      'compare --models: unknown nope; compare.models has logreg, mlp-listwise, cross',
    );
  }, 120_000);
});
