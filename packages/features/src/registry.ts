import { freshnessCategory } from './categories/freshness.js';
import { postCategory } from './categories/post.js';
import { postPopularityCategory } from './categories/post-popularity.js';
import { postQualityCategory } from './categories/post-quality.js';
import { tasteCategory } from './categories/taste.js';
import { userCategory } from './categories/user.js';
import { userActivityCategory } from './categories/user-activity.js';
import { userPostMatchCategory } from './categories/user-post-match.js';
import { userPostPopularityCategory } from './categories/user-post-popularity.js';
import { FEATURE_DEFINITIONS } from './definitions/definitions.js';
import { assertDefinitionsMatch } from './definitions/kernel-check.js';
import type { FeatureCategory } from './types.js';

/** Every feature category, in output column order. Adding a category: one module, one line here. */
export const CATEGORIES: readonly FeatureCategory[] = [
  userCategory,
  postCategory,
  userPostMatchCategory,
  postPopularityCategory,
  userPostPopularityCategory,
  userActivityCategory,
  postQualityCategory,
  freshnessCategory,
  tasteCategory,
];

// The kernels must write exactly the columns their declarative definitions describe (definitions/): a
// renamed, reordered or retyped column fails every import of the package, not a run hours later.
assertDefinitionsMatch(CATEGORIES, FEATURE_DEFINITIONS);

export const CATEGORY_NAMES: readonly string[] = CATEGORIES.map((c) => c.name);

/**
 * Former category names -> current ones, for what users keep between versions (configs, workdir files):
 * the CLI maps them with a deprecation warning. Only the category was renamed: its columns kept their
 * names (`extra_*`), so trained models and feature files stay valid.
 */
export const RENAMED_CATEGORIES: Readonly<Record<string, string>> = {
  // The study's "extra (user x post)" category; 'extra' also meant columns outside a model's schema.
  extra: 'userPostMatch',
};

/** The category called `name`; throws listing the known names (or the new name of a renamed one) otherwise. */
export function getCategory(name: string): FeatureCategory {
  const category = CATEGORIES.find((c) => c.name === name);
  if (category === undefined) {
    const renamed = Object.hasOwn(RENAMED_CATEGORIES, name) ? RENAMED_CATEGORIES[name] : undefined;
    throw new Error(
      renamed === undefined
        ? `unknown feature category ${JSON.stringify(name)}; known: ${CATEGORY_NAMES.join(', ')}`
        : `feature category ${JSON.stringify(name)} is now called ${JSON.stringify(renamed)}`,
    );
  }
  return category;
}
