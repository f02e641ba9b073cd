import fc from 'fast-check';
import { expect, test } from 'vitest';
import { dictionaryRank } from './dictionary.js';

test('dictionaryRank gives each code its rank in ascending string order', () => {
  expect(Array.from(dictionaryRank(['b', 'a', 'c', 'B']))).toEqual([2, 1, 3, 0]);
  expect(dictionaryRank([]).length).toBe(0);
});

test('dictionaryRank sorts like a plain string sort (property)', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.string(), { maxLength: 50 }), (dictionary) => {
      const rank = dictionaryRank(dictionary);
      const sorted = [...dictionary].sort();
      for (let code = 0; code < dictionary.length; code++) expect(sorted[rank[code]]).toBe(dictionary[code]);
    }),
    { seed: 11 },
  );
});
