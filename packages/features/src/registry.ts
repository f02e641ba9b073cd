import { extraCategory } from './categories/extra.js';
import { freshnessCategory } from './categories/freshness.js';
import { postCategory } from './categories/post.js';
import { postPopularityCategory } from './categories/post-popularity.js';
import { postQualityCategory } from './categories/post-quality.js';
import { tasteCategory } from './categories/taste.js';
import { userCategory } from './categories/user.js';
import { userActivityCategory } from './categories/user-activity.js';
import { userPostPopularityCategory } from './categories/user-post-popularity.js';
import { FEATURE_DEFINITIONS } from './definitions/definitions.js';
import { assertDefinitionsMatch } from './definitions/kernel-check.js';
import type { FeatureCategory } from './types.js';

/** Every feature category, in output column order. Adding a category: one module, one line here. */
export const CATEGORIES: readonly FeatureCategory[] = [
  userCategory,
  postCategory,
  extraCategory,
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

/** The category called `name`; throws listing the known names otherwise. */
export function getCategory(name: string): FeatureCategory {
  const category = CATEGORIES.find((c) => c.name === name);
  if (category === undefined) {
    throw new Error(`unknown feature category ${JSON.stringify(name)}; known: ${CATEGORY_NAMES.join(', ')}`);
  }
  return category;
}
