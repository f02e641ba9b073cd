/**
 * What can be checked of the Docker image without a Docker engine: the files the Dockerfile copies exist
 * and are not excluded from the build context, its entry command is the CLI's built bin (the file the
 * serving test runs) with a registered command and real flags, and compose.yaml wires the service to
 * its Redis feed store with a URL the store accepts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStoreUrl } from '@wemoms/feed-store';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from './program/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
/** Instructions, continuation lines joined, comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

describe('Dockerfile', () => {
  it('is multi-stage: a build stage, then a runtime stage that copies only its output', () => {
    const froms = instructions.filter((i) => i.keyword === 'FROM').map((i) => i.args);
    expect(froms).toEqual(['node:20-bookworm-slim AS build', 'node:20-bookworm-slim']);
    const runtime = instructions.slice(instructions.findIndex((i) => i.args === 'node:20-bookworm-slim'));
    expect(runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args)).toEqual(['--from=build /out ./']);
    expect(runtime.some((i) => i.keyword === 'USER' && i.args === 'node')).toBe(true);
  });

  it('copies files that exist and that the build context keeps', () => {
    const copies = instructions.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'));
    const sources = copies.flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(4);
    for (const source of sources) {
      expect(existsSync(join(root, source)), source).toBe(true);
      expect(ignored, source).not.toContain(source);
    }
    for (const heavy of ['**/node_modules', '**/dist', '.git', 'data', 'models'])
      expect(ignored).toContain(heavy);
  });

  it('runs the CLI package bin, the built file the serving test starts, with real flags', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8'));
    const json = (keyword: string) =>
      JSON.parse((instructions.find((i) => i.keyword === keyword) as { args: string }).args);
    // The image runs the built CLI itself; the package bin is a launcher that (outside a source checkout)
    // only imports that same file.
    expect(json('ENTRYPOINT')).toEqual(['node', 'dist/bin.js']);
    expect(readFileSync(join(root, 'apps/cli', pkg.bin.wemoms), 'utf8')).toMatch(
      /import\('\.\.\/dist\/bin\.js'\)/,
    );
    expect(readFileSync(join(root, 'apps/cli/tsup.config.ts'), 'utf8')).toMatch(/bin: 'src\/bin\.ts'/);
    // `pnpm deploy` of @wemoms/cli puts its package root at WORKDIR: dist/bin.js resolves there.
    expect(instructions.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args).toBe('/app');
    expect(dockerfile).toMatch(/pnpm --filter @wemoms\/cli deploy --prod \/out/);
    const [command, ...flags] = json('CMD') as string[];
    const definition = COMMANDS.find((c) => c.name === command);
    expect(definition?.name).toBe('serve');
    const cmd = new Command('serve');
    definition?.options?.(cmd);
    const known = new Set(cmd.options.map((o) => o.long));
    for (const flag of flags.filter((f) => f.startsWith('--'))) {
      // --workdir is a global option of every command.
      if (flag !== '--workdir') expect(known, flag).toContain(flag);
    }
    expect(flags).toEqual(['--workdir', '/data', '--host', '0.0.0.0', '--port', '8080']);
  });
});

describe('compose.yaml', () => {
  it('runs the image against its Redis with a store URL the store accepts', () => {
    const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8'));
    expect(compose.services.redis.image).toMatch(/^redis:7/);
    const service = compose.services.wemoms;
    expect(service.build).toBe('.');
    expect(service.depends_on.redis.condition).toBe('service_healthy');
    expect(service.command[0]).toBe('serve');
    const store = service.command[service.command.indexOf('--store') + 1];
    expect(parseStoreUrl(store)).toEqual({ kind: 'redis', url: 'redis://redis:6379/0', prefix: 'wemoms:' });
    expect(service.ports).toEqual(['127.0.0.1:8080:8080']);
  });
});
