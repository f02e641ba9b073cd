import { describe, expect, test } from 'vitest';
import { CATEGORIES } from '../registry.js';
import type { FeatureCategory } from '../types.js';
import { FEATURE_DEFINITIONS, getCategoryDefinition } from './definitions.js';
import { assertDefinitionsMatch, definitionMismatches } from './kernel-check.js';

const withOutputs = (category: FeatureCategory, outputs: FeatureCategory['outputs']): FeatureCategory => ({
  ...category,
  outputs,
});

describe('feature definitions vs kernels', () => {
  test('every kernel writes exactly the columns its definition describes, in order, with their types', () => {
    expect(definitionMismatches(CATEGORIES, FEATURE_DEFINITIONS)).toEqual([]);
    expect(FEATURE_DEFINITIONS.flatMap((d) => d.outputs).length).toBe(
      CATEGORIES.flatMap((c) => c.outputs).length,
    );
  });

  test('a renamed kernel column fails', () => {
    const [first, ...rest] = CATEGORIES;
    const renamed = withOutputs(first, [
      { ...first.outputs[0], name: 'user_is_a_mom' },
      ...first.outputs.slice(1),
    ]);
    expect(definitionMismatches([renamed, ...rest], FEATURE_DEFINITIONS)).toEqual([
      'user column 0: the kernel writes user_is_a_mom (numeric), the definition says user_is_mom (numeric)',
    ]);
    expect(() => assertDefinitionsMatch([renamed, ...rest], FEATURE_DEFINITIONS)).toThrow(/disagree/);
  });

  test('reordered, retyped or missing columns fail', () => {
    const post = CATEGORIES.find((c) => c.name === 'postPopularity')!;
    const others = CATEGORIES.filter((c) => c !== post);
    const swapped = [post.outputs[1], post.outputs[0], ...post.outputs.slice(2)];
    expect(definitionMismatches([...others, withOutputs(post, swapped)], FEATURE_DEFINITIONS)).toHaveLength(
      2 + 1,
    );
    const retyped = post.outputs.map((o, i) => (i === 3 ? { ...o, type: 'categorical' as const } : o));
    expect(
      definitionMismatches([...others, withOutputs(post, retyped)], FEATURE_DEFINITIONS).join('\n'),
    ).toMatch(/postPopularity column 3: the kernel writes post_pop_views_7d \(categorical\)/);
    const shorter = post.outputs.slice(0, -1);
    expect(
      definitionMismatches(
        CATEGORIES.map((c) => (c === post ? withOutputs(post, shorter) : c)),
        FEATURE_DEFINITIONS,
      ),
    ).toEqual([
      'postPopularity column 11: the kernel writes nothing, the definition says post_pop_hours_since_last_open (numeric)',
    ]);
  });

  test('an unknown category has no definition', () => {
    expect(() => getCategoryDefinition('nope')).toThrow(
      /no definition for feature category "nope"; known: user, post/,
    );
  });
});
