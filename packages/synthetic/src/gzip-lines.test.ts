import { existsSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicGzipLineWriter, temporarySibling } from './gzip-lines.js';

describe('AtomicGzipLineWriter', () => {
  // /dev/full accepts the open and fails every write with ENOSPC, like a disk that fills up mid-run.
  it.skipIf(!existsSync('/dev/full'))(
    'a disk that fills up rejects the writes instead of hanging',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wemoms-gzip-lines-'));
      const path = join(dir, 'log.json.gzip');
      // The writer's temp name is the next sibling: make it /dev/full.
      const taken = temporarySibling(path).replace(/-(\d+)$/, (_, n) => `-${Number(n) + 1}`);
      symlinkSync('/dev/full', taken);
      const writer = new AtomicGzipLineWriter(path);
      const line = JSON.stringify({ text: 'x'.repeat(200) });
      const failure = await (async () => {
        for (let i = 0; i < 50_000; i++) await writer.writeLine(line);
        await writer.close();
      })().then(
        () => null,
        (error: NodeJS.ErrnoException) => error,
      );
      expect(failure?.code).toBe('ENOSPC');
      await writer.abort();
      expect(existsSync(path)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    },
    20_000,
  );
});
