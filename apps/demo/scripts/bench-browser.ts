/**
 * `pnpm --filter @wemoms/demo bench -- [--data DIR] [--repeat N]`: builds the app, serves it with an export
 * (default apps/demo/public/data), and prints, per TensorFlow.js backend in headless Chromium, the time to
 * score the first user's candidates: the first call (includes backend warm-up) and the median / min of N
 * re-rankings. Figures depend on the machine; run on a quiet one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { launchChromium } from '../src/testing/chromium.js';
import { serveStatic } from '../src/testing/static-server.js';

const demoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { data: { type: 'string' }, repeat: { type: 'string', default: '9' } },
});
const dataDir = values.data
  ? resolve(process.env.INIT_CWD ?? process.cwd(), values.data)
  : join(demoRoot, 'public/data');
const repeat = Number(values.repeat);
const work = mkdtempSync(join(tmpdir(), 'wemoms-demo-bench-'));
try {
  await build({
    root: demoRoot,
    configFile: join(demoRoot, 'vite.config.ts'),
    publicDir: false,
    logLevel: 'error',
    build: { outDir: join(work, 'app') },
  });
  const server = await serveStatic({ '/': join(work, 'app'), '/data/': dataDir });
  const context = await launchChromium(join(work, 'profile'));
  const page = await context.newPage();
  for (const backend of ['webgl', 'wasm', 'cpu']) {
    await page.goto(`${server.url}?backend=${backend}`);
    await page.waitForSelector('body[data-state="ready"][data-user], body[data-state="error"]', {
      timeout: 120_000,
    });
    const read = () =>
      page.evaluate(() => ({
        ms: Number(document.body.dataset.scoreMs),
        backend: document.body.dataset.backend,
      }));
    const first = await read();
    const warm: number[] = [];
    for (let i = 0; i < repeat; i++) {
      await page.evaluate(() => {
        document.body.dataset.state = 'bench';
      });
      // Reset re-ranks the same user with the same columns: a pure scoring re-run.
      await page.click('[data-testid="whatif-reset"]');
      await page.waitForSelector('body[data-state="ready"]');
      warm.push((await read()).ms);
    }
    warm.sort((a, b) => a - b);
    const candidates = await page.evaluate(
      () => document.querySelector('[data-testid="timing"]')?.textContent ?? '',
    );
    console.log(
      `${backend.padEnd(5)} (active ${first.backend}): first ${first.ms.toFixed(1)} ms, median ${warm[warm.length >> 1].toFixed(1)} ms, min ${warm[0].toFixed(1)} ms over ${repeat} re-rankings  [${candidates}]`,
    );
  }
  await context.close();
  await server.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
