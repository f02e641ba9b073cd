/**
 * End to end: a small seeded synthetic log through every command into a temporary workdir, checking
 * the files each stage writes and that the trained model beats the random baseline on MAP@10 and
 * expected opens on the `userDay` grouping.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readParquet } from '@wemoms/data-schema/node';
import { CATEGORY_NAMES } from '@wemoms/features';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCliOk } from './testing/run-cli.js';

const workdir = mkdtempSync(join(tmpdir(), 'wemoms-e2e-'));

const cli = (...args: string[]) => expectCliOk([...args, '--workdir', workdir]);

const at = (...parts: string[]) => join(workdir, ...parts);

describe('wemoms end to end', () => {
  beforeAll(() => {
    // Small and quick: a few thousand rows, few epochs; everything else is the defaults.
    writeFileSync(
      at('wemoms.config.json'),
      JSON.stringify({ synthetic: { rows: 6000, seed: 7 }, model: { epochs: 15, patience: 5 } }),
    );
  });

  it('generates the synthetic log when missing, and says so', async () => {
    const { err } = await cli('generate-data', '--if-missing');
    expect(err).toMatch(
      /no raw log at data\/raw\/WeMoms_MLE_hiring_test_2023\.json\.gzip: generating the default synthetic one \(6,000 rows, seed 7\)/,
    );
    expect(existsSync(at('data/raw/WeMoms_MLE_hiring_test_2023.json.gzip'))).toBe(true);
    const again = await cli('generate-data', '--if-missing');
    expect(again.err).toMatch(/raw log present/);
  });

  it('explores the raw log: Markdown with SVG charts, an HTML page, headline facts on stdout', async () => {
    const { out, err } = await cli('explore');
    expect(out).toMatch(/^rows: [\d,]+ after [\d,]+ duplicates removed \(\d+ keys with conflicting labels\)/);
    expect(out).toMatch(/open rate: [\d.]+%; by stage: /);
    expect(err).toMatch(/✔ explore .* -> reports\/explore\.md, reports\/explore\.html/);
    const md = readFileSync(at('reports/explore.md'), 'utf8');
    for (const section of [
      'Time coverage per day',
      'Duplicates and conflicting labels',
      'Open rate by segment',
      'Long tails',
      'Column profile',
    ])
      expect(md).toContain(`## ${section}`);
    // Every chart the Markdown shows is a file beside it.
    const images = [...md.matchAll(/!\[[^\]]*\]\((explore\/[^)]+\.svg)\)/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThanOrEqual(10);
    for (const image of images) expect(readFileSync(at('reports', image), 'utf8')).toMatch(/^<svg/);
    const html = readFileSync(at('reports/explore.html'), 'utf8');
    expect(html.match(/<div class="chart"><svg/g)?.length).toBe(images.length);
  });

  it('makes the dataset', async () => {
    const { err } = await cli('make-dataset');
    expect(err).toMatch(/✔ make-dataset .* rows after removing/);
    for (const f of [
      'data/interim/log.parquet',
      'data/processed/train.parquet',
      'data/processed/eval.parquet',
      'data/processed/test.parquet',
    ]) {
      expect(existsSync(at(f)), f).toBe(true);
    }
  });

  it('builds every feature category, one at a time, then merges them', async () => {
    await cli('build-features', '--category', CATEGORY_NAMES[0]);
    await cli('build-features', '--category', ...CATEGORY_NAMES.slice(1));
    for (const name of CATEGORY_NAMES)
      expect(existsSync(at(`data/interim/${name}.parquet`)), name).toBe(true);
    await cli('merge-features');
    const merged = await readParquet(at('data/processed/features.parquet'), {
      columns: ['row', 'split', 'label'],
    });
    const train = await readParquet(at('data/processed/train.parquet'), { columns: ['row'] });
    const evalRows = await readParquet(at('data/processed/eval.parquet'), { columns: ['row'] });
    expect(merged.length).toBe(train.length + evalRows.length);
  });

  it('trains and saves the model', async () => {
    await cli('train');
    for (const f of ['model.json', 'weights.bin', 'preprocessing.json', 'history.json']) {
      expect(existsSync(at('models/logreg', f)), f).toBe(true);
    }
  });

  it('predicts every candidate, with the top 10 per group and a CSV on request', async () => {
    const { err } = await cli('make-predictions', '--csv');
    expect(err).toMatch(
      /candidates whose post has no observation before their time \(counters missing\): event [\d,]+ \([\d.]+ %\), userDay [\d,]+ \([\d.]+ %\), impressions [\d,]+ \([\d.]+ %\)/,
    );
    // The scoring speed: candidates per second of the model's score step, then of the whole candidate path.
    const speed = err.match(
      /scoring ([\d.]+)([kM]?) candidates\/s \(score [\d.]+ s, [\d.]+ CPU-s: [\d.]+[kM]?\/CPU-s; with featurise [\d.]+ s and rank [\d.]+ s: [\d.]+[kM]?\/s\)/,
    );
    expect(speed, err).not.toBeNull();
    expect(Number(speed?.[1])).toBeGreaterThan(0);
    const predictions = await readParquet(at('reports/predictions.parquet'));
    expect(predictions.specs.map((s) => s.name)).toEqual([
      'grouping',
      'group_id',
      'user_id',
      'trackable_id',
      'candidate_time',
      'score',
      'rank',
      'label',
    ]);
    const top = await readParquet(at('reports/top10.parquet'), { columns: ['rank'] });
    const ranks = top.columns.rank as Int32Array;
    expect(top.length).toBeGreaterThan(0);
    expect(Math.max(...ranks)).toBeLessThanOrEqual(10);
    const csvLines = readFileSync(at('reports/predictions.csv'), 'utf8').trimEnd().split('\n');
    expect(csvLines[0]).toBe('grouping,group_id,user_id,trackable_id,candidate_time,score,rank,label');
    expect(csvLines.length - 1).toBe(predictions.length);
  });

  it('evaluates: the model beats random on userDay MAP@10 and expected opens', async () => {
    await cli('evaluate');
    const report = JSON.parse(readFileSync(at('reports/metrics.json'), 'utf8'));
    for (const grouping of ['event', 'userDay', 'impressions']) {
      for (const ranker of ['model', 'popularity', 'random']) {
        expect(report.groupings[grouping][ranker], `${grouping}.${ranker}`).toHaveProperty('map@10');
      }
    }
    // The quality check uses userDay (thousands of candidates): this small log has only ~16
    // impressions groups of ~3 shown posts, where even the oracle can trail random on MAP@10.
    const userDay = report.groupings.userDay;
    expect(userDay.model['map@10']).toBeGreaterThan(userDay.random['map@10']);
    expect(userDay.model['simulatedCtr@10']).toBeGreaterThan(userDay.random['simulatedCtr@10']);
    // The generated log has ground truth: the oracle baseline and the online metric are reported, and
    // no ranker beats the oracle at its own game.
    expect(report.data.groundTruth).toBe(true);
    expect(userDay.oracle['simulatedCtr@10']).toBeGreaterThanOrEqual(userDay.model['simulatedCtr@10']);
    expect(userDay.model['simulatedCtr@10']).toBeGreaterThan(0);
    // The observable ceiling sits beside the oracle, below it (it ignores what no column reveals).
    expect(userDay.ceiling['simulatedCtr@10']).toBeLessThanOrEqual(userDay.oracle['simulatedCtr@10']);
    expect(userDay.ceiling['simulatedCtr@10']).toBeGreaterThan(userDay.random['simulatedCtr@10']);
    // Product figures per ranker, and the candidates whose post had no earlier observation (issue 19).
    const product = report.product.userDay.model;
    expect(product.distinctTopPostsPerDay).toBeGreaterThanOrEqual(10);
    expect(product.ownFirstShare).toBeGreaterThanOrEqual(0);
    expect(product.ownFirstShare).toBeLessThanOrEqual(1);
    for (const grouping of ['event', 'userDay', 'impressions']) {
      const unobserved = report.data.candidatesWithoutEarlierObservation[grouping];
      expect(unobserved.candidates).toBe(report.data.groupings[grouping].rows);
      expect(unobserved.share).toBeCloseTo(unobserved.count / unobserved.candidates, 12);
    }
    // Candidates of a day are posts of the day before: a userDay group at her first impression of the
    // day meets some posts nobody has been shown yet; an impressions group's posts were all shown that day.
    expect(report.data.candidatesWithoutEarlierObservation.userDay.count).toBeGreaterThan(0);
    const md = readFileSync(at('reports/metrics.md'), 'utf8');
    expect(md).toMatch(/impressions/);
    expect(md).toMatch(/## Product figures/);
    // The HTML report, self-contained (its sections and charts are checked in Chromium by the demo's
    // browser test).
    const html = readFileSync(at('reports/report.html'), 'utf8');
    expect(html).toContain('<h2>Metrics with 95% confidence intervals</h2>');
    expect(html.match(/<div class="chart"><svg/g)?.length).toBeGreaterThanOrEqual(20);
    // The linear model's weights, categories read against their mean beside the raw one-hot weight.
    expect(html).toContain('<th>raw weight</th>');
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it('evaluates the largest grouping in a worker thread to the same files', async () => {
    // This small log stays below the worker's threshold: force it, and compare with the in-thread run.
    const metrics = readFileSync(at('reports/metrics.json'), 'utf8');
    const html = readFileSync(at('reports/report.html'), 'utf8');
    process.env.WEMOMS_METRICS_WORKER_MIN_ROWS = '0';
    try {
      await cli('evaluate', '--stats-file', at('reports/evaluate-stats.jsonl'));
    } finally {
      delete process.env.WEMOMS_METRICS_WORKER_MIN_ROWS;
    }
    const stats = JSON.parse(
      readFileSync(at('reports/evaluate-stats.jsonl'), 'utf8').trim().split('\n').at(-1)!,
    );
    expect(stats.figures.metricsWorkerSeconds).toBeGreaterThan(0);
    expect(readFileSync(at('reports/metrics.json'), 'utf8')).toBe(metrics);
    expect(readFileSync(at('reports/report.html'), 'utf8')).toBe(html);
  });

  it('evaluates without the HTML report on request (--no-report)', async () => {
    rmSync(at('reports/report.html'));
    const { err } = await cli('evaluate', '--no-report');
    expect(err).toMatch(/-> reports\/metrics\.json, reports\/metrics\.md\n/);
    expect(existsSync(at('reports/report.html'))).toBe(false);
  });

  it('explores the de-duplicated snapshot on request', async () => {
    const { out } = await cli('explore', '--source', 'snapshot');
    expect(out).toMatch(/^rows: [\d,]+ after [\d,]+ duplicates removed\n/);
    expect(readFileSync(at('reports/explore.md'), 'utf8')).toContain('de-duplicated snapshot');
  });

  it('ranks every active user of a test day, and one user', async () => {
    const { out, err } = await cli('rank', '--date', '2023-01-29');
    expect(out).toMatch(/user_id +rank +trackable_id +score/);
    const lines = readFileSync(at('reports/rank-2023-01-29.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    // The product figures of the day, counted from the file's top lists.
    const topPosts = new Set(
      lines.flatMap((l) => l.top.map((t: { trackable_id: string }) => t.trackable_id)),
    );
    const firsts = new Map<string, number>();
    for (const l of lines) firsts.set(l.top[0].trackable_id, (firsts.get(l.top[0].trackable_id) ?? 0) + 1);
    const own = [...firsts.values()].filter((n) => n === 1).length;
    expect(err).toContain(
      `${topPosts.size.toLocaleString('en-US')} distinct posts in the top 10s, ${firsts.size.toLocaleString('en-US')} distinct #1s, ` +
        `${((100 * own) / lines.length).toFixed(1)} % of users with their own #1`,
    );
    expect(lines.length).toBeGreaterThan(0);
    const first = lines[0];
    expect(Object.keys(first)).toEqual(['date', 'user_id', 'candidate_time', 'candidates', 'top']);
    expect(first.top.length).toBe(Math.min(10, first.candidates));
    expect(first.top.map((t: { rank: number }) => t.rank)).toEqual(
      first.top.map((_: unknown, i: number) => i + 1),
    );
    for (let i = 1; i < first.top.length; i++)
      expect(first.top[i - 1].score).toBeGreaterThanOrEqual(first.top[i].score);
    const one = await cli('rank', '--date', '2023-01-29', '--user', first.user_id);
    expect(one.out).toContain(first.user_id);
    const single = readFileSync(at(`reports/rank-2023-01-29-${first.user_id}.jsonl`), 'utf8')
      .trimEnd()
      .split('\n');
    expect(single).toHaveLength(1);
    expect(JSON.parse(single[0])).toEqual(first);
    // The day file still holds every user.
    expect(readFileSync(at('reports/rank-2023-01-29.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(
      lines.length,
    );
  });
});
