import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODEL_PACKAGE_VERSION } from './version.js';

describe('MODEL_PACKAGE_VERSION', () => {
  it('equals the version in package.json (it is written into preprocessing.json)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(MODEL_PACKAGE_VERSION).toBe(pkg.version);
  });
});
