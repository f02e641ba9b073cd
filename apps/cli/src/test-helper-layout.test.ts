/**
 * The test-helper convention (docs/ARCHITECTURE.md, "Test helpers"): helpers live in a package's
 * src/testing/ folder. `pnpm lint` enforces it with a Biome GritQL plugin (scripts/biome/
 * test-helpers-in-testing.grit) that biome.json applies to the paths breaking it. This test keeps that
 * enforcement honest: every pattern biome.json lists really gets a file flagged, and the conforming places
 * (src/testing/*, ordinary modules, tests) do not, in a scratch copy of the configuration; and Biome
 * reports no such file in the repository (so `pnpm test` fails on one too).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PLUGIN = './scripts/biome/test-helpers-in-testing.grit';
const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
const plugin = (config.plugins as { path: string; includes: string[] }[]).find((p) => p.path === PLUGIN);
const biome = join(root, 'node_modules', '.bin', 'biome');

/** A path inside a package that the include pattern matches: `**\/test-utils/**` -> pkg/src/test-utils/x.ts. */
function exampleOf(pattern: string): string {
  const tail = pattern
    .replace(/^\*\*\//, '')
    .replace(/\/\*\*$/, '/x.ts')
    .replace(/\.\*$/, '.ts');
  return tail.startsWith('src/') ? `pkg/${tail}` : `pkg/src/${tail}`;
}

/** Files of `paths` (relative to `dir`) that `biome lint` flags with the plugin's message. */
function flagged(dir: string, paths: readonly string[]): string[] {
  const run = spawnSync(biome, ['lint', '--max-diagnostics=none', 'pkg'], { cwd: dir, encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`;
  return paths.filter((p) =>
    new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ plugin`, 'm').test(output),
  );
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('test helpers live in src/testing/', () => {
  it('biome.json applies the plugin, and it flags a file at every listed pattern and none elsewhere', () => {
    expect(plugin, `biome.json lists the plugin ${PLUGIN}`).toBeDefined();
    const includes = plugin?.includes ?? [];
    expect(includes).toEqual(
      expect.arrayContaining(['**/test-helpers.*', '**/test-fixtures.*', '**/testing.*']),
    );
    const dir = mkdtempSync(join(tmpdir(), 'wemoms-helper-layout-'));
    scratch.push(dir);
    // The repository's configuration without its VCS section (the scratch folder is no git checkout).
    const { vcs: _vcs, $schema: _schema, ...scratchConfig } = config;
    writeFileSync(join(dir, 'biome.json'), JSON.stringify(scratchConfig));
    mkdirSync(join(dir, 'scripts', 'biome'), { recursive: true });
    cpSync(join(root, PLUGIN), join(dir, PLUGIN));
    const breaking = includes.map(exampleOf);
    const conforming = ['pkg/src/testing/sample-log.ts', 'pkg/src/ranking.ts', 'pkg/src/ranking.test.ts'];
    for (const path of [...breaking, ...conforming]) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), 'export const value = 1;\n');
    }
    expect(flagged(dir, [...breaking, ...conforming]).sort()).toEqual([...breaking].sort());
  });

  it('the repository holds no helper outside src/testing/ (what `pnpm lint` reports)', () => {
    const run = spawnSync(biome, ['lint', '--max-diagnostics=none', 'packages', 'apps'], {
      cwd: root,
      encoding: 'utf8',
    });
    const reported = [...`${run.stdout}${run.stderr}`.matchAll(/^(\S+):\d+:\d+ plugin/gm)].map((m) => m[1]);
    expect(reported).toEqual([]);
  }, 60_000);
});
