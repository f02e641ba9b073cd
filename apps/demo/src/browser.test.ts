/**
 * The demo in a real browser: a small pipeline run in a temp workdir, the export, the built app served on
 * 127.0.0.1, Debian's Chromium driven by playwright-core. The page's top 10 must equal `wemoms rank` for
 * the same user, on the wasm and cpu backends, with a non-linear model (a cross network).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDemo } from './export/export-demo.js';
import type { DemoUser } from './format.js';
import { CHROMIUM, launchChromium } from './testing/chromium.js';
import { type StaticServer, serveStatic } from './testing/static-server.js';
import { type RankLine, wemoms } from './testing/wemoms.js';

const DATE = '2023-01-30';
const demoRoot = fileURLToPath(new URL('../', import.meta.url));
const artifacts = join(demoRoot, 'test-artifacts');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(`browser test skipped: ${CHROMIUM} is absent (install Debian's chromium, as .ci/run does)`);

describe.skipIf(!haveChromium)('demo in headless Chromium', () => {
  let work: string;
  let server: StaticServer;
  let emptyServer: StaticServer;
  let noModelServer: StaticServer;
  let users: DemoUser[];
  let context: BrowserContext;
  let page: Page;
  let user: DemoUser;
  let reference: RankLine;
  /** The pipeline run's workdir (its reports/ has the HTML reports). */
  let pipelineDir: string;

  beforeAll(async () => {
    // Where the set-up time goes, printed once (the machine is shared: figures are indicative).
    let last = performance.now();
    const laps: string[] = [];
    const lap = (what: string) => {
      const now = performance.now();
      laps.push(`${what} ${((now - last) / 1000).toFixed(1)} s`);
      last = now;
    };
    work = mkdtempSync(join(tmpdir(), 'wemoms-demo-test-'));
    // WEMOMS_DEMO_TEST_WORKDIR reuses a finished pipeline run (quicker iterations); by default the test
    // makes its own small, seeded run: a few thousand synthetic rows, a few epochs.
    const reused = process.env.WEMOMS_DEMO_TEST_WORKDIR;
    const workdir = reused ?? join(work, 'workdir');
    pipelineDir = workdir;
    const appDir = join(work, 'app');
    const buildApp = build({
      root: demoRoot,
      configFile: join(demoRoot, 'vite.config.ts'),
      publicDir: false,
      logLevel: 'error',
      build: { outDir: appDir, emptyOutDir: true },
    });
    if (!reused) {
      mkdirSync(workdir);
      writeFileSync(
        join(workdir, 'wemoms.config.json'),
        JSON.stringify({
          synthetic: { rows: 6000, seed: 11 },
          // A non-linear model: the page scores with the TensorFlow.js graph (the custom cross layer
          // rebuilt from model.json in the browser), `wemoms rank` with the plain-JS forward pass.
          model: { epochs: 3, type: 'cross', crossLayers: 1, crossRank: 4, hiddenSizes: [8] },
          evaluate: { maxGroups: 10 },
        }),
      );
      await wemoms(['pipeline', '--workdir', workdir, '--quiet']);
      lap('pipeline');
    }
    await buildApp;
    lap('vite build');
    const dataDir = join(work, 'data');
    const { manifest } = await exportDemo({
      date: DATE,
      workdir,
      logPath: join(workdir, 'data/interim/log.parquet'),
      modelDir: join(workdir, 'models/logreg'),
      metricsPath: join(workdir, 'reports/metrics.json'),
      truthDir: join(workdir, 'data/raw/truth'),
      outDir: dataDir,
      maxUsers: 12,
      seed: 1,
      metricGroups: 20,
    });
    users = JSON.parse(readFileSync(join(dataDir, 'users.json'), 'utf8')) as DemoUser[];
    expect(manifest.users).toBe(users.length);
    user = users.find((u) => u.opened.length > 0) ?? users[0];
    lap('export');
    // The Node reference runs while the servers and the browser start.
    const ranked = wemoms(['rank', '--workdir', workdir, '--date', DATE, '--user', user.userId, '--quiet']);
    // Awaited below; this only keeps an early failure from counting as unhandled meanwhile.
    ranked.catch(() => {});

    server = await serveStatic({ '/': appDir, '/data/': dataDir });
    const emptyData = join(work, 'empty');
    mkdirSync(emptyData);
    emptyServer = await serveStatic({ '/': appDir, '/data/': emptyData });
    // An export whose model folder went missing.
    const noModel = join(work, 'no-model');
    cpSync(dataDir, noModel, { recursive: true });
    rmSync(join(noModel, 'model/weights.bin'));
    noModelServer = await serveStatic({ '/': appDir, '/data/': noModel });
    mkdirSync(artifacts, { recursive: true });
    context = await launchChromium(mkdtempSync(join(work, 'chromium-profile-')), {
      viewport: { width: 1500, height: 1000 },
    });
    page = await context.newPage();
    lap('chromium');
    await ranked;
    lap('wemoms rank (rest)');
    // `rank --user` writes that user's own file (the day file keeps every user).
    const lines = readFileSync(join(workdir, `reports/rank-${DATE}-${user.userId}.jsonl`), 'utf8')
      .trim()
      .split('\n');
    reference = JSON.parse(lines[0]) as RankLine;
    expect(reference.user_id).toBe(user.userId);
    console.log(`browser test set-up: ${laps.join(', ')}`);
    page.on('pageerror', (e) => console.error('page error:', e.message));
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await emptyServer?.close();
    await noModelServer?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Waits until the page has ranked `userId` on `backend`, then reads the shown top 10. */
  async function shownTop(backend: string) {
    await page.waitForSelector(
      `body[data-state="ready"][data-backend="${backend}"][data-user="${user.userId}"]`,
      { timeout: 60_000 },
    );
    return page.$$eval('[data-testid="top-row"]', (rows) =>
      rows.map((r) => ({
        rank: Number(r.getAttribute('data-rank')),
        trackable_id: r.getAttribute('data-trackable-id') ?? '',
        score: Number(r.getAttribute('data-score')),
        opened: r.classList.contains('opened'),
      })),
    );
  }

  it('shows the same top 10 and scores as `wemoms rank`, on wasm and cpu', async () => {
    await page.goto(`${server.url}?backend=wasm`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
    // Pick the user through the search box, as a person would.
    await page.fill('[data-testid="user-search"]', user.userId);
    await page.click('[data-testid="user-go"]');
    for (const backend of ['wasm', 'cpu']) {
      if (backend !== 'wasm') await page.selectOption('[data-testid="backend"]', backend);
      const shown = await shownTop(backend);
      expect(shown.map((r) => r.trackable_id)).toEqual(reference.top.map((r) => r.trackable_id));
      expect(shown.map((r) => r.rank)).toEqual(reference.top.map((r) => r.rank));
      expect(shown.map((r) => r.opened)).toEqual(reference.top.map((r) => r.opened));
      for (let i = 0; i < shown.length; i++)
        expect(Math.abs(shown[i].score - reference.top[i].score)).toBeLessThanOrEqual(1e-5);
      await page.screenshot({ path: join(artifacts, `demo-${backend}.png`), fullPage: true });
    }
    // A non-linear model's scores are explained by occlusion, feature by feature.
    expect(await page.getAttribute('[data-testid="contribution-method"]', 'data-method')).toBe('occlusion');
    expect(await page.$$eval('[data-testid="top-row"] .contrib', (bars) => bars.length)).toBeGreaterThan(0);
    const timing = await page.textContent('[data-testid="timing"]');
    expect(timing).toMatch(/scored \d+ candidates of this user in [\d.]+ ms on cpu/);
  });

  it('re-ranks on a what-if edit and comes back exactly on reset', async () => {
    const before = await shownTop('cpu');
    await page.fill('[data-testid="whatif-department"]', 'zz');
    await page.fill('[data-testid="whatif-ages"]', '0, 1, 2, 3');
    await page.fill('[data-testid="whatif-week"]', '20');
    await page.waitForSelector('body[data-state="ready"][data-profile="edited"]');
    const edited = await page.$$eval('[data-testid="top-row"]', (rows) =>
      rows.map((r) => r.getAttribute('data-score')),
    );
    expect(edited).not.toEqual(before.map((r) => String(r.score)));
    await page.screenshot({ path: join(artifacts, 'demo-what-if.png'), fullPage: true });
    await page.click('[data-testid="whatif-reset"]');
    await page.waitForSelector('body[data-state="ready"][data-profile="exported"]');
    expect(await shownTop('cpu')).toEqual(before);
  });

  it('picks a random user with opens', async () => {
    const withOpens = new Set(users.filter((u) => u.opened.length > 0).map((u) => u.userId));
    for (let i = 0; i < 3; i++) {
      await page.evaluate(() => {
        document.body.dataset.user = '';
      });
      await page.click('[data-testid="random-user"]');
      await page.waitForSelector('body[data-state="ready"]:not([data-user=""])');
      expect(withOpens.has((await page.getAttribute('body', 'data-user')) ?? '')).toBe(true);
    }
  });

  it('opens the user and backend named in the URL (?user=, ?backend=)', async () => {
    const other = users.find((u) => u.userId !== user.userId) ?? user;
    await page.goto(`${server.url}?user=${other.userId}&backend=cpu`);
    await page.waitForSelector(`body[data-state="ready"][data-user="${other.userId}"][data-backend="cpu"]`, {
      timeout: 60_000,
    });
    expect(await page.inputValue('[data-testid="backend"]')).toBe('cpu');
  });

  it('fits the window: no horizontal overflow at 1400 px and at a phone width', async () => {
    for (const width of [1400, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}?user=${user.userId}&backend=cpu`);
      await page.waitForSelector(`body[data-state="ready"][data-user="${user.userId}"]`, { timeout: 60_000 });
      const layout = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        window: window.innerWidth,
        // Every metrics table and timestamp cell against the box that holds it.
        clipped: Array.from(document.querySelectorAll('table.metrics, dd'))
          .filter((e) => e.scrollWidth > (e.parentElement?.clientWidth ?? 0) + 1)
          .map((e) => `${e.tagName}.${e.className} ${e.scrollWidth}px in ${e.parentElement?.clientWidth}px`),
      }));
      expect(layout.page, `page width at ${width} px`).toBeLessThanOrEqual(layout.window);
      // At 1400 px the metrics tables and the profile fit in full; on a phone a wide table scrolls in its panel.
      if (width === 1400) expect(layout.clipped).toEqual([]);
      await page.screenshot({ path: join(artifacts, `demo-${width}px.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1500, height: 1000 });
  });

  it("shows the oracle and simulatedCtr@10 in the day's table (synthetic ground truth)", async () => {
    const day = await page.textContent('[data-testid="metrics-day"]');
    expect(day).toContain('oracle');
    expect(day).toContain('simulatedCtr@10');
  });

  it('draws the training curves with the shared Vega-Lite charts', async () => {
    await page.waitForSelector('[data-testid="curve-chart"] svg', { timeout: 30_000 });
    const charts = await page.$$eval('[data-testid="curve-chart"]', (els) =>
      els.map((e) => e.querySelector('svg')?.textContent ?? ''),
    );
    expect(charts.length).toBeGreaterThanOrEqual(2);
    expect(charts[0]).toContain('Training: loss');
    expect(charts[0]).toContain('best epoch');
  });

  /**
   * Opens an HTML report of the CLI from disk, offline (any request that is not a file: URL fails the
   * test), and returns its section titles, charts and console errors, at 1400 px and at a phone width.
   */
  async function openReport(path: string) {
    const requests: string[] = [];
    const errors: string[] = [];
    const report = await context.newPage();
    report.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    report.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    report.on('pageerror', (e) => errors.push(e.message));
    const widths: Record<number, number> = {};
    for (const width of [1400, 390]) {
      await report.setViewportSize({ width, height: 900 });
      await report.goto(`file://${path}`);
      widths[width] = await report.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    }
    await report.setViewportSize({ width: 1400, height: 900 });
    const sections = await report.$$eval('section > h2', (hs) => hs.map((h) => h.textContent ?? ''));
    // Drawn charts: an SVG with marks (paths or rects), not an empty frame.
    const charts = await report.$$eval(
      '.chart svg',
      (svgs) =>
        svgs.filter(
          (s) => s.querySelectorAll('path, rect').length > 2 && s.getBoundingClientRect().width > 50,
        ).length,
    );
    await report.screenshot({
      path: join(artifacts, path.split('/').at(-1)!.replace('.html', '.png')),
      fullPage: true,
    });
    await report.close();
    return { sections, charts, errors, requests, overflow: widths };
  }

  it('opens reports/report.html offline: every section, its charts, no console error, no overflow', async () => {
    const report = await openReport(join(pipelineDir, 'reports/report.html'));
    expect(report.sections).toEqual([
      'Metrics with 95% confidence intervals',
      'Confidence intervals and differences',
      'Training',
      'Per test day',
      'Calibration',
      'CTR@k and gain curves',
      'Feature importance',
      'Metrics per segment',
    ]);
    expect(report.charts).toBeGreaterThanOrEqual(20);
    expect(report.errors).toEqual([]);
    expect(report.requests).toEqual([]);
    expect(report.overflow).toEqual({ 1400: 0, 390: 0 });
  });

  it('opens reports/explore.html (wemoms explore) offline the same way', async () => {
    await wemoms(['explore', '--workdir', pipelineDir, '--quiet']);
    const report = await openReport(join(pipelineDir, 'reports/explore.html'));
    expect(report.sections).toEqual([
      'Overview',
      'Time coverage per day',
      'Duplicates and conflicting labels',
      'Open rate by segment',
      'Long tails: impressions per user and per post',
      'Column profile',
    ]);
    expect(report.charts).toBeGreaterThanOrEqual(10);
    expect(report.errors).toEqual([]);
    expect(report.requests).toEqual([]);
    expect(report.overflow).toEqual({ 1400: 0, 390: 0 });
  });

  it('says which command to run when the data files are missing', async () => {
    await page.goto(emptyServer.url);
    await page.waitForSelector('[data-testid="missing-data"]', { timeout: 30_000 });
    const text = await page.textContent('[data-testid="missing-data"]');
    expect(text).toContain('pnpm --filter @wemoms/demo start');
    expect(text).toContain('manifest.json');
    await page.screenshot({ path: join(artifacts, 'demo-missing-data.png') });
    await page.goto(noModelServer.url);
    await page.waitForSelector('[data-testid="missing-data"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="missing-data"]')).toContain('model/weights.bin');
  });
});
