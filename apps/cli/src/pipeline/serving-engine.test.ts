import { describe, expect, it } from 'vitest';
import { CONTEXT_FEATURES, contextAdjuster } from './serving-engine.js';

describe('contextAdjuster', () => {
  const frame = () => ({
    length: 3,
    specs: [],
    columns: {
      [CONTEXT_FEATURES.platform]: { codes: Int32Array.of(0, 0, -1), dictionary: ['ios', 'android'] },
      other: new Float32Array(3),
    },
  });

  it("replaces the user's logged platform by the request's on every row", () => {
    const features = frame();
    contextAdjuster({ platform: 'android' })?.(features, undefined as never);
    expect(Array.from(features.columns.user_platform.codes)).toEqual([1, 1, 1]);
  });

  it('makes a platform the log never saw missing, and changes nothing without a platform', () => {
    const features = frame();
    contextAdjuster({ platform: 'web' })?.(features, undefined as never);
    expect(Array.from(features.columns.user_platform.codes)).toEqual([-1, -1, -1]);
    expect(contextAdjuster({ platform: null })).toBeUndefined();
  });
});
