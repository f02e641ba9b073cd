/** How the rows of a category file line up with the requested train + eval rows. */
export interface RowJoin {
  /**
   * null when `fileRows` are the requested rows in the same order (one compare per row, no hashing);
   * otherwise, per output position, the file line holding its row. Throws naming `path` and the line
   * when a file row is not a requested row or repeats one.
   */
  permutationOf(fileRows: Int32Array, path: string): Int32Array | null;
}

/**
 * The row join of the merge over `rows` (distinct log row indices in output order, checked here).
 * The row -> position index is built only for the first file that is not aligned.
 */
export function rowJoin(rows: Int32Array, logLength: number): RowJoin {
  const requested = new Uint8Array(logLength);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!(r >= 0 && r < logLength)) throw new RangeError(`mergeFeatures: row ${r} is outside the log`);
    if (requested[r] === 1) throw new Error(`mergeFeatures: row ${r} is both in train/eval twice`);
    requested[r] = 1;
  }
  let position: Int32Array | null = null;
  return {
    permutationOf(fileRows, path) {
      let aligned = fileRows.length === rows.length;
      for (let i = 0; i < rows.length && aligned; i++) aligned = fileRows[i] === rows[i];
      if (aligned) return null;
      if (position === null) {
        // Row index -> output position; -1 = not requested.
        position = new Int32Array(logLength).fill(-1);
        for (let i = 0; i < rows.length; i++) position[rows[i]] = i;
      }
      const permutation = new Int32Array(rows.length).fill(-1);
      for (let i = 0; i < fileRows.length; i++) {
        const r = fileRows[i];
        const at = r >= 0 && r < logLength ? position[r] : -1;
        if (at === -1 || permutation[at] !== -1) {
          throw new Error(`${path}: line ${i + 1}: row ${r} is not a (distinct) train/eval row`);
        }
        permutation[at] = i;
      }
      return permutation;
    },
  };
}
