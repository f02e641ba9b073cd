/**
 * An append-only file for parquet output: small writes (page headers, thrift) are buffered, large
 * page bodies go to the file descriptor as they are, and the byte offset is tracked for the footer.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { ByteWriter } from 'hyparquet-writer';
import { serializeTCompactProtocol } from './hyparquet-internals.js';

/** A thrift struct as hyparquet-writer serialises it ({field_1: ..., field_2: ...}). */
export type ThriftStructValue = Parameters<typeof serializeTCompactProtocol>[1];

const BUFFER_BYTES = 1 << 16;

export class ParquetFileSink {
  private readonly fd: number;
  private readonly buffer = new Uint8Array(BUFFER_BYTES);
  private buffered = 0;
  private open = true;
  /** Bytes written so far (the file offset of the next byte). */
  offset = 0;

  constructor(private readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Appends bytes. */
  write(bytes: Uint8Array): void {
    if (bytes.length >= BUFFER_BYTES / 4) {
      this.flush();
      this.writeAll(bytes);
    } else {
      if (this.buffered + bytes.length > BUFFER_BYTES) this.flush();
      this.buffer.set(bytes, this.buffered);
      this.buffered += bytes.length;
    }
    this.offset += bytes.length;
  }

  /** Appends a thrift compact-protocol struct (page headers). */
  writeThrift(value: ThriftStructValue): void {
    const writer = new ByteWriter(256);
    serializeTCompactProtocol(writer, value);
    this.write(writer.getBytes());
  }

  /** Flushes and closes the file (again: nothing). */
  close(): void {
    if (!this.open) return;
    this.open = false;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  /** Closes the file without flushing (the caller discards it). */
  discard(): void {
    if (!this.open) return;
    this.open = false;
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buffered === 0) return;
    this.writeAll(this.buffer.subarray(0, this.buffered));
    this.buffered = 0;
  }

  private writeAll(bytes: Uint8Array): void {
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
    } catch (error) {
      // A failed write (a full disk) names no file: this one.
      (error as NodeJS.ErrnoException).path ??= this.path;
      throw error;
    }
  }
}
