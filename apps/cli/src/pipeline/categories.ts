/** Which feature categories a run uses: the configured ones, checked against the registry. */
import { CATEGORY_NAMES } from '@wemoms/features';
import { CliError } from '../runtime/errors.js';

/** The category names to build (all registered ones when `names` is empty); unknown names are an error. */
export function selectCategories(names: readonly string[]): string[] {
  if (names.length === 0) return [...CATEGORY_NAMES];
  for (const name of names) {
    if (!CATEGORY_NAMES.includes(name)) {
      throw new CliError(`unknown feature category "${name}": expected one of ${CATEGORY_NAMES.join(', ')}`);
    }
  }
  return [...names];
}
