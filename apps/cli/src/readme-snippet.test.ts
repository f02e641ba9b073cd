/**
 * The README's library example ("Using the packages as libraries") runs as written from outside the
 * repository: the packages are packed with `pnpm pack` (what a consumer installs), unpacked into a
 * temporary project's node_modules, the code block type-checked by tsc (strict, NodeNext: the packed
 * `exports` and `.d.ts` files are what resolves) and run with node on a small generated log. Third-party
 * dependencies are linked from this repository's store, so the test needs no network.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './main.js';

const root = join(import.meta.dirname, '../../..');
const PACKAGES = ['data-schema', 'dataset', 'features', 'model', 'metrics'];

/** The first ```ts block of the README's "Using the packages as libraries" section. */
function readmeSnippet(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using the packages as libraries'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README: no ```ts block under "Using the packages as libraries"');
  return block[1];
}

const work = mkdtempSync(join(tmpdir(), 'wemoms-readme-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the README library snippet', () => {
  it('type-checks and runs from a project outside the repository, against the packed packages', async () => {
    for (const p of PACKAGES)
      if (!existsSync(join(root, 'packages', p, 'dist/index.js')))
        throw new Error(`packages/${p}/dist is missing: run \`pnpm build\` first (turbo does before tests)`);
    const packs = join(work, 'packs');
    const project = join(work, 'project');
    mkdirSync(join(project, 'node_modules/@wemoms'), { recursive: true });
    const thirdParty = new Map<string, string>();
    for (const p of PACKAGES) {
      execFileSync('pnpm', ['pack', '--dir', join(root, 'packages', p), '--pack-destination', packs], {
        stdio: 'pipe',
      });
      const tarball = readdirSync(packs).find((f) => f.startsWith(`wemoms-${p}-`) && f.endsWith('.tgz'));
      if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${p}`);
      const target = join(project, 'node_modules/@wemoms', p);
      mkdirSync(target);
      execFileSync('tar', ['xzf', join(packs, tarball), '-C', target, '--strip-components=1']);
      const manifest = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
      // The packed manifest names versions, not the workspace protocol.
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain('workspace:');
      for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
        const installed = join(root, 'packages', p, 'node_modules', dep);
        if (!dep.startsWith('@wemoms/') && existsSync(installed))
          thirdParty.set(dep, realpathSync(installed));
      }
    }
    thirdParty.set('@types/node', realpathSync(join(root, 'node_modules/@types/node')));
    for (const [dep, path] of thirdParty) {
      mkdirSync(dirname(join(project, 'node_modules', dep)), { recursive: true });
      symlinkSync(path, join(project, 'node_modules', dep));
    }
    writeFileSync(join(project, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          // TensorFlow.js's own declarations do not type-check (as for every tfjs consumer).
          skipLibCheck: true,
          outDir: 'out',
          types: ['node'],
        },
        files: ['snippet.ts'],
      }),
    );
    writeFileSync(join(project, 'snippet.ts'), readmeSnippet());

    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project], {
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr, 'tsc errors').toBe('');
    expect(tsc.status).toBe(0);

    const generated = await runCli(
      ['generate-data', '--rows', '3000', '--seed', '3', '--workdir', project, '--quiet'],
      {
        stdout: { write: () => true },
        stderr: { write: () => true },
      },
    );
    expect(generated).toBe(0);
    const run = spawnSync(process.execPath, ['out/snippet.js'], {
      cwd: project,
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, WEMOMS_TF_BACKEND: '' },
    });
    expect(run.stderr).toMatch(/^backend: \w+/);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/groups ranked, top candidate of the first: row \d+\n/);
    expect(run.stdout).toMatch(/impressions MAP@10 (0|1)\.\d{4}\n$/);
    for (const file of ['model.json', 'weights.bin', 'preprocessing.json', 'history.json'])
      expect(existsSync(join(project, 'models/mine', file)), file).toBe(true);
  }, 300_000);
});
