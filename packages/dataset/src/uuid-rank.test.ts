import { dictionaryRank } from '@wemoms/data-schema';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { uuidDictionaryRank } from './uuid-rank.js';

const hex = fc.constantFrom(...'0123456789abcdef'.split(''));
const digits = (n: number) => fc.array(hex, { minLength: n, maxLength: n }).map((d) => d.join(''));
const uuid = fc.tuple(digits(8), digits(4), digits(4), digits(4), digits(12)).map((parts) => parts.join('-'));
/** Ids sharing their first 8 digits (the radix key) often, so the tie runs are exercised too. */
const clusteredUuid = fc
  .tuple(
    fc.constantFrom('00000000', 'ffffffff', '7a7a7a7a'),
    digits(4),
    fc.constantFrom('0000', 'ffff'),
    digits(16),
  )
  .map(([a, b, c, d]) => `${a}-${b}-${c}-${d.slice(0, 4)}-${d.slice(4)}`);

describe('uuidDictionaryRank', () => {
  test('equals the string sort of dictionaryRank on uuids (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(uuid, clusteredUuid), { maxLength: 300 }), (ids) => {
        expect(uuidDictionaryRank(ids)).toEqual(dictionaryRank(ids));
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  test('repeated ids keep code order, as the stable string sort does', () => {
    const a = '0f000000-0000-4000-8000-000000000001';
    const b = '0f000000-0000-4000-8000-000000000000';
    expect(uuidDictionaryRank([a, b, a, b])).toEqual(dictionaryRank([a, b, a, b]));
  });

  test('anything but lowercase uuids is left to the string sort (null)', () => {
    const ok = '123e4567-e89b-42d3-a456-426614174000';
    expect(uuidDictionaryRank([ok])).toEqual(Int32Array.from([0]));
    for (const bad of [
      ok.toUpperCase(),
      ok.replace(/-/g, ''),
      `${ok}0`,
      ok.replace('-', '_'),
      ok.replace('e', 'g'),
      '',
    ]) {
      expect(uuidDictionaryRank([ok, bad])).toBeNull();
    }
  });
});
