/** Which feature categories a run uses: the configured ones, checked against the registry. */
import { CATEGORY_NAMES, RENAMED_CATEGORIES } from '@wemoms/features';
import { CliError } from '../runtime/errors.js';

/** The current name of a renamed category (features' RENAMED_CATEGORIES), undefined for any other name. */
export function renamedCategory(name: string): string | undefined {
  return Object.hasOwn(RENAMED_CATEGORIES, name) ? RENAMED_CATEGORIES[name] : undefined;
}

/** The former names of category `current` (empty for a category never renamed). */
export function formerCategoryNames(current: string): string[] {
  return Object.keys(RENAMED_CATEGORIES).filter((former) => RENAMED_CATEGORIES[former] === current);
}

/** The one-line deprecation warning for a former category name found in `where`. */
export function renamedCategoryWarning(where: string, former: string, current: string): string {
  return (
    `warning: ${where} names the feature category "${former}", now called "${current}" (same columns): ` +
    `"${former}" still works but is deprecated`
  );
}

/**
 * `names` with each former category name replaced by its current one (order kept, duplicates dropped);
 * `warn` gets one deprecation line per former name, naming `where` it was found.
 */
export function renameFormerCategories(
  names: readonly string[],
  where: string,
  warn: (line: string) => void,
): string[] {
  const out: string[] = [];
  for (const name of names) {
    const current = renamedCategory(name);
    if (current !== undefined) warn(renamedCategoryWarning(where, name, current));
    const resolved = current ?? name;
    if (!out.includes(resolved)) out.push(resolved);
  }
  return out;
}

/**
 * The category names to build (all registered ones when `names` is empty); unknown names are an error.
 * Former names are accepted with a warning when `warn` is given (the command line's --category; the
 * config's list is renamed once when it is loaded), else named as renamed in the error.
 */
export function selectCategories(names: readonly string[], warn?: (line: string) => void): string[] {
  if (names.length === 0) return [...CATEGORY_NAMES];
  const selected = warn === undefined ? [...names] : renameFormerCategories(names, '--category', warn);
  for (const name of selected) {
    if (!CATEGORY_NAMES.includes(name)) {
      const current = renamedCategory(name);
      throw new CliError(
        current === undefined
          ? `unknown feature category "${name}": expected one of ${CATEGORY_NAMES.join(', ')}`
          : `feature category "${name}" is now called "${current}"`,
      );
    }
  }
  return selected;
}
