/**
 * A text file streamed to `<path>.tmp-<pid>` and renamed into place by close(), for outputs too large to
 * build in memory (rank's JSON Lines, predict's CSV). A stream error (a folder that cannot be written, a
 * full disk) rejects the next write or close instead of being an uncaught 'error' event that kills the
 * process with a raw stack; abort() removes the temp file, also when its open was still in flight.
 */

import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { tempPathFor } from '@wemoms/data-schema/node';

export class AtomicTextFile {
  /** The temp name the text goes to until close(). */
  readonly temp: string;
  private readonly stream: WriteStream;
  private failure: Error | null = null;

  /** Opens the temp file (creating the folder); `header` is its first text, if any. */
  constructor(
    readonly path: string,
    header = '',
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.temp = tempPathFor(path);
    this.stream = createWriteStream(this.temp);
    // Kept for the next call: the open itself fails asynchronously (EROFS, EACCES, EISDIR...).
    this.stream.on('error', (error: NodeJS.ErrnoException) => {
      // A failed write names no file: this one.
      error.path ??= this.temp;
      this.failure ??= error;
    });
    if (header) this.stream.write(header);
  }

  /** Appends `text`; waits when the stream's buffer is full. Rejects with the stream's error. */
  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(text)) await this.settled('drain');
    if (this.failure) throw this.failure;
  }

  /** Flushes, closes and renames the temp file into place. Rejects (temp file left to abort()) on error. */
  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => {
        this.stream.off('error', reject);
        resolve();
      });
    });
    if (this.failure) throw this.failure;
    renameSync(this.temp, this.path);
  }

  /** Stops writing and removes the temp file (now, and again once the stream has closed). */
  abort(): void {
    const remove = () => {
      try {
        rmSync(this.temp, { force: true });
      } catch {
        // best effort: abort runs while an error is already on its way to the user
      }
    };
    this.stream.once('close', remove);
    this.stream.destroy();
    remove();
  }

  /** Resolves on `event`, rejects on the stream's error, whichever comes first. */
  private settled(event: 'drain'): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onEvent = () => {
        this.stream.off('error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        this.stream.off(event, onEvent);
        reject(error);
      };
      this.stream.once(event, onEvent);
      this.stream.once('error', onError);
    });
  }
}
