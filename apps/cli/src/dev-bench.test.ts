import { ParquetStreamWriter } from '@wemoms/data-schema';
import { it } from 'vitest';

it('bench', () => {
  const n = 1_000_000;
  const dict = Array.from({ length: 20000 }, (_, i) => `0000${i}-aaaa-bbbb-cccc-dddddddddddd`);
  const codes = new Int32Array(n).map((_, i) => (i * 7919) % 20000);
  const cols: Record<string, [string, unknown]> = {
    str: ['string', { codes, dictionary: dict }],
    i32: ['int32', new Int32Array(n)],
    f32: ['float', new Float32Array(n).map(Math.random)],
    ts: ['timestamp', new Float64Array(n).fill(1.6e15)],
    bool: ['boolean', new Uint8Array(n)],
  };
  for (const [name, [type, data]] of Object.entries(cols)) {
    const t = performance.now();
    const w = new ParquetStreamWriter(`/tmp/b-${name}.parquet`, [
      { name, type: type as 'int32', nullable: false },
    ]);
    w.writeRowGroup({ [name]: data as Int32Array });
    w.close();
    console.log(name, ((performance.now() - t) / 1000).toFixed(2), 's per 1M');
  }
}, 600000);
