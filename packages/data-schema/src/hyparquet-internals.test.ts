/**
 * Pin test for the hyparquet / hyparquet-writer internals in `hyparquet-internals.ts`: their modules are not
 * public API, so an upgrade may move or change them without a major version. This test says which one broke
 * (its module, its expected shape) instead of a parquet file failing to read somewhere downstream.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parquetMetadata, snappyUncompress } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { describe, expect, test } from 'vitest';
import * as internals from './hyparquet-internals.js';

const require = createRequire(import.meta.url);
const ownPackage = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
};

/** The installed version of a dependency (its package.json is not in its `exports`, so found from its entry). */
function installedVersion(name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (json.name === name) return json.version;
    } catch {
      // no package.json at this level: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${name}'s package.json`);
    dir = parent;
  }
}

describe('hyparquet internals (pinned: not public API)', () => {
  test.each(['hyparquet', 'hyparquet-writer'])(
    '%s is pinned to an exact version, the one installed',
    (name) => {
      const pinned = ownPackage.dependencies[name];
      expect(pinned, `${name} must be pinned exactly in data-schema's package.json`).toMatch(
        /^\d+\.\d+\.\d+$/,
      );
      expect(
        installedVersion(name),
        `${name} changed version: re-check hyparquet-internals.ts against its src/ before moving the pin`,
      ).toBe(pinned);
    },
  );

  test('every pinned internal is still exported as a function', () => {
    const expected = {
      parquetHeader: 'hyparquet/src/column.js',
      readRleBitPackedHybrid: 'hyparquet/src/encoding.js',
      writeMetadata: 'hyparquet-writer/src/metadata.js',
      snappyCompress: 'hyparquet-writer/src/snappy.js',
      serializeTCompactProtocol: 'hyparquet-writer/src/thrift.js',
    };
    for (const [name, module] of Object.entries(expected)) {
      expect(typeof (internals as Record<string, unknown>)[name], `${module} no longer exports ${name}`).toBe(
        'function',
      );
    }
    expect(Object.keys(internals).sort()).toEqual(Object.keys(expected).sort());
  });

  test('snappyCompress output is what the public snappyUncompress reads back', () => {
    // Runs (compressible) and a multiplicative hash as noise, so both literal and copy elements occur.
    const input = Uint8Array.from({ length: 20_000 }, (_, i) =>
      i % 3000 < 1500 ? i % 7 : Math.imul(i, 2654435761) >>> 24,
    );
    const compressed = internals.snappyCompress(input);
    expect(compressed).toBeInstanceOf(Uint8Array);
    expect(compressed.length).toBeLessThan(input.length);
    const output = new Uint8Array(input.length);
    snappyUncompress(compressed, output);
    expect(output).toEqual(input);
  });

  test('serializeTCompactProtocol writes a page header that parquetHeader reads back', () => {
    const writer = new ByteWriter();
    // DATA_PAGE_V2 (3) with its v2 header (field 8), as parquet-chunk-writer writes it.
    internals.serializeTCompactProtocol(writer, {
      field_1: 3,
      field_2: 120,
      field_3: 100,
      field_8: { field_1: 10, field_2: 2, field_3: 10, field_4: 0, field_5: 4, field_6: 0, field_7: false },
    });
    const bytes = writer.getBytes();
    const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
    const header = internals.parquetHeader(reader);
    expect(reader.offset).toBe(bytes.length);
    expect(header.type).toBe('DATA_PAGE_V2');
    expect(header.uncompressed_page_size).toBe(120);
    expect(header.compressed_page_size).toBe(100);
    expect(header.data_page_header_v2).toMatchObject({
      num_values: 10,
      num_nulls: 2,
      num_rows: 10,
      encoding: 'PLAIN',
      definition_levels_byte_length: 4,
      repetition_levels_byte_length: 0,
      is_compressed: false,
    });
  });

  test('writeMetadata writes a footer (metadata, its length, PAR1) that the public parquetMetadata reads', () => {
    const writer = new ByteWriter();
    writer.appendBytes(new TextEncoder().encode('PAR1'));
    internals.writeMetadata(writer, {
      version: 2,
      created_by: 'pin test',
      schema: [
        { name: 'root', num_children: 1 },
        { name: 'x', type: 'INT32', repetition_type: 'REQUIRED' },
      ],
      num_rows: 0n,
      row_groups: [],
      key_value_metadata: [{ key: 'k', value: 'v' }],
    } as unknown as Parameters<typeof internals.writeMetadata>[1]);
    writer.appendBytes(new TextEncoder().encode('PAR1'));
    const bytes = writer.getBytes();
    const metadata = parquetMetadata(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    expect(metadata.created_by).toBe('pin test');
    expect(metadata.num_rows).toBe(0n);
    expect(metadata.schema.map((s) => s.name)).toEqual(['root', 'x']);
    expect(metadata.key_value_metadata).toEqual([{ key: 'k', value: 'v' }]);
  });

  test('readRleBitPackedHybrid decodes an RLE run and a bit-packed run', () => {
    // Bit width 3: an RLE run of 5 x value 6 (header 5 << 1 = 10, one value byte), then one bit-packed
    // group of 8 values 0..7 (header (1 << 1) | 1 = 3, 3 bytes: LSB first).
    const bytes = Uint8Array.from([10, 6, 3, 0b10001000, 0b11000110, 0b11111010]);
    const output = new Int32Array(13);
    internals.readRleBitPackedHybrid(
      { view: new DataView(bytes.buffer), offset: 0 },
      3,
      output,
      bytes.length,
    );
    expect(Array.from(output)).toEqual([6, 6, 6, 6, 6, 0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
