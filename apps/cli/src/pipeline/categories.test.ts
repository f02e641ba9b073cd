import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATEGORY_NAMES } from '@wemoms/features';
import { describe, expect, it } from 'vitest';
import { captureCli } from '../testing/run-cli.js';
import { renameFormerCategories, selectCategories } from './categories.js';

const cli = (...args: string[]) => captureCli(args);

/** A workdir whose config lists the user x post match category by its former name, `extra`. */
function workdirNamingExtra(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wemoms-renamed-category-'));
  writeFileSync(
    join(dir, 'wemoms.config.json'),
    JSON.stringify({ features: { categories: ['user', 'extra'] } }),
  );
  return dir;
}

describe('feature categories renamed since a config was written (extra -> userPostMatch)', () => {
  it('selects the current name for a former one, with one warning line', () => {
    const lines: string[] = [];
    expect(selectCategories(['user', 'extra', 'userPostMatch'], (l) => lines.push(l))).toEqual([
      'user',
      'userPostMatch',
    ]);
    expect(lines).toEqual([
      'warning: --category names the feature category "extra", now called "userPostMatch" (same columns): ' +
        '"extra" still works but is deprecated',
    ]);
    expect(renameFormerCategories(['post'], 'x', () => expect.unreachable())).toEqual(['post']);
    expect(CATEGORY_NAMES).toContain('userPostMatch');
    expect(CATEGORY_NAMES).not.toContain('extra');
    // Without a place to warn (the config's list is renamed when loaded) the former name is an error.
    expect(() => selectCategories(['extra'])).toThrow(
      'feature category "extra" is now called "userPostMatch"',
    );
    expect(() => selectCategories(['nope'])).toThrow(
      /unknown feature category "nope": expected one of user,/,
    );
  });

  it('keeps a config listing "extra" working, with a one-line deprecation warning', async () => {
    const dir = workdirNamingExtra();
    const { code, out, err } = await cli('--workdir', dir, 'config');
    expect(code).toBe(0);
    expect(JSON.parse(out).features.categories).toEqual(['user', 'userPostMatch']);
    const lines = err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `wemoms: warning: ${join(dir, 'wemoms.config.json')}: features.categories names the feature category ` +
        '"extra", now called "userPostMatch" (same columns): "extra" still works but is deprecated',
    );
  });

  it("says so when a workdir holds the category's file under its former name", async () => {
    const dir = workdirNamingExtra();
    mkdirSync(join(dir, 'data', 'interim'), { recursive: true });
    writeFileSync(join(dir, 'data', 'interim', 'user.parquet'), '');
    writeFileSync(join(dir, 'data', 'interim', 'extra.parquet'), '');
    const { code, err } = await cli('--workdir', dir, 'merge-features');
    expect(code).not.toBe(0);
    expect(err).toContain('features.categories names the feature category "extra"');
    expect(err).toContain(
      'missing feature category userPostMatch at data/interim/userPostMatch.parquet: data/interim/extra.parquet ' +
        'is this category under its former name; run `wemoms build-features --category userPostMatch` ' +
        '(or rename the file: the columns are the same)',
    );
  });
});
