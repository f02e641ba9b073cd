import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveStatic } from './static-server.js';

describe('serveStatic', () => {
  const root = mkdtempSync(join(tmpdir(), 'demo-serve-'));
  let server: StaticServer;
  beforeAll(async () => {
    mkdirSync(join(root, 'app'));
    mkdirSync(join(root, 'data'));
    writeFileSync(join(root, 'app/index.html'), '<p>hi</p>');
    writeFileSync(join(root, 'app/x.wasm'), 'wasm');
    writeFileSync(join(root, 'data/m.json'), '{}');
    writeFileSync(join(root, 'secret.txt'), 'no');
    server = await serveStatic({ '/': join(root, 'app'), '/data/': join(root, 'data') });
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves mounts with their content types, 404 otherwise, never outside a mount', async () => {
    const get = (path: string) => fetch(new URL(path, server.url));
    expect(await (await get('/')).text()).toBe('<p>hi</p>');
    expect((await get('/x.wasm')).headers.get('content-type')).toBe('application/wasm');
    expect(await (await get('/data/m.json')).text()).toBe('{}');
    expect((await get('/data/missing.json')).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('/data/..%2f..%2fsecret.txt')).status).toBe(404);
  });
});
