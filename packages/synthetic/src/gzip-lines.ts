/**
 * Streams text lines into a gzip file atomically: the data goes to a temporary name beside the target
 * and is renamed over it only once complete, so an interrupted run never leaves a truncated log that a
 * later stage would read as valid. Fixed compression level and no mtime in the gzip header (Node's zlib
 * writes 0): the same lines always give the same bytes.
 */

import { once } from 'node:events';
import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { createGzip, type Gzip } from 'node:zlib';

/** gzip level of every generated log (fixed: part of the byte-identical contract). */
export const GZIP_LEVEL = 6;
/** Bytes of text gathered before handing them to zlib (fewer, larger writes). */
const CHUNK_CHARS = 1 << 20;

let tempCounter = 0;

/** Temporary sibling path for an atomic write. */
export function temporarySibling(path: string): string {
  return `${path}.tmp-${process.pid}-${tempCounter++}`;
}

export class AtomicGzipLineWriter {
  readonly path: string;
  private readonly temp: string;
  private readonly gzip: Gzip;
  private readonly file: WriteStream;
  private readonly done: Promise<void>;
  private pending: string[] = [];
  private pendingChars = 0;
  private failed: Error | null = null;
  /** Uncompressed bytes written (ASCII lines, so chars = bytes). */
  bytesIn = 0;

  constructor(path: string) {
    this.path = path;
    this.temp = temporarySibling(path);
    mkdirSync(dirname(path), { recursive: true });
    this.gzip = createGzip({ level: GZIP_LEVEL });
    const file = createWriteStream(this.temp);
    this.file = file;
    this.gzip.pipe(file);
    this.done = new Promise((resolve, reject) => {
      file.on('close', resolve);
      file.on('error', reject);
      this.gzip.on('error', reject);
    });
    this.done.catch((e: Error) => {
      this.failed = e;
    });
  }

  /** Queues one line (newline added); flushes to zlib every ~1 MB, waiting when zlib is saturated. */
  async writeLine(line: string): Promise<void> {
    this.pending.push(line);
    this.pendingChars += line.length + 1;
    if (this.pendingChars >= CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.pending.length === 0) return;
    const text = this.pending.join('\n') + '\n';
    this.pending = [];
    this.pendingChars = 0;
    this.bytesIn += text.length;
    // A failing file (a full disk) stops draining zlib: wait for whichever comes first, or the write
    // would wait forever and the process exit with nothing said.
    if (!this.gzip.write(text)) await Promise.race([once(this.gzip, 'drain'), this.done]);
    if (this.failed) throw this.failed;
  }

  /** Flushes, closes and renames the finished file over the target. */
  async close(): Promise<void> {
    await this.flush();
    this.gzip.end();
    await this.done;
    renameSync(this.temp, this.path);
  }

  /** Discards the partial output (after a failure). */
  async abort(): Promise<void> {
    this.gzip.destroy();
    this.file.destroy();
    await this.done.catch(() => undefined);
    rmSync(this.temp, { force: true });
  }
}
