/**
 * Rank of each dictionary code in ascending (UTF-16 code unit) string order: the "post id ascending"
 * tie-break key used by everything that ranks, whatever order the dictionary was built in.
 */
export function dictionaryRank(dictionary: readonly string[]): Int32Array {
  const order = Array.from(dictionary.keys()).sort((a, b) =>
    dictionary[a] < dictionary[b] ? -1 : dictionary[a] > dictionary[b] ? 1 : 0,
  );
  const rank = new Int32Array(dictionary.length);
  for (let r = 0; r < order.length; r++) rank[order[r]] = r;
  return rank;
}
