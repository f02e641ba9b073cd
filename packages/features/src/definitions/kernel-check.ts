/**
 * The check that ties the hand-tuned kernels to the declarative definitions: every category of the
 * registry has a definition with the same output names, in the same order, with the same types.
 */
import type { FeatureCategory } from '../types.js';
import type { CategoryDefinition } from './definitions.js';

/** Every way `categories` and `definitions` disagree, one line each; empty when they agree. */
export function definitionMismatches(
  categories: readonly FeatureCategory[],
  definitions: readonly CategoryDefinition[],
): string[] {
  const issues: string[] = [];
  const categoryNames = categories.map((c) => c.name).join(', ');
  const definitionNames = definitions.map((d) => d.name).join(', ');
  if (categoryNames !== definitionNames) {
    issues.push(`categories [${categoryNames}] but definitions [${definitionNames}]`);
  }
  for (const category of categories) {
    const definition = definitions.find((d) => d.name === category.name);
    if (definition === undefined) continue;
    const n = Math.max(category.outputs.length, definition.outputs.length);
    for (let i = 0; i < n; i++) {
      const kernel = category.outputs[i];
      const defined = definition.outputs[i];
      const show = (o: { name: string; type: string } | undefined) =>
        o ? `${o.name} (${o.type})` : 'nothing';
      if (kernel?.name !== defined?.name || kernel?.type !== defined?.type) {
        issues.push(
          `${category.name} column ${i}: the kernel writes ${show(kernel)}, the definition says ${show(defined)}`,
        );
      }
    }
  }
  return issues;
}

/** Throws naming every mismatch when the kernels and the definitions disagree. */
export function assertDefinitionsMatch(
  categories: readonly FeatureCategory[],
  definitions: readonly CategoryDefinition[],
): void {
  const issues = definitionMismatches(categories, definitions);
  if (issues.length > 0) {
    throw new Error(`feature kernels and definitions disagree:\n  ${issues.join('\n  ')}`);
  }
}
