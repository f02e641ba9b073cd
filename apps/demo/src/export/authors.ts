import type { RawTable } from '@wemoms/data-schema';
import type { AuthorTable } from '../format.js';

/**
 * Collects the log rows that describe the candidates' authors into a compact AuthorTable: each distinct
 * row once, whatever the number of users whose candidates point at it.
 */
export class AuthorTableBuilder {
  readonly #index = new Map<number, number>();
  readonly table: AuthorTable = { stage: [], amenorrheaWeek: [], childrenAgeMonths: [], department: [] };

  constructor(private readonly log: RawTable) {}

  /** Index of log row `row` in the table (added on first use); -1 for -1 (post never observed). */
  indexOf(row: number): number {
    if (row < 0) return -1;
    let index = this.#index.get(row);
    if (index !== undefined) return index;
    index = this.table.stage.length;
    this.#index.set(row, index);
    const c = this.log.columns;
    const cat = (col: { codes: Int32Array; dictionary: readonly string[] }) =>
      col.codes[row] >= 0 ? col.dictionary[col.codes[row]] : null;
    const week = c.author_amenorrhea_week[row];
    const list = c.author_children_age_month;
    this.table.stage.push(cat(c.author_maternity_stage));
    this.table.amenorrheaWeek.push(Number.isNaN(week) ? null : week);
    this.table.childrenAgeMonths.push(
      Array.from(list.values.subarray(list.offsets[row], list.offsets[row + 1])),
    );
    this.table.department.push(cat(c.author_department));
    return index;
  }
}
