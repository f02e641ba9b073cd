import { describe, expect, it } from 'vitest';
import { subsetGroups } from './subset-groups.js';
import type { TestGroups } from './test-groups.js';

/** Four groups of two labelled posts each (group g: posts 2g, 2g+1; opened when g is even). */
function fourGroups(): TestGroups {
  return {
    grouping: 'userDay',
    day: 19_385,
    candidates: 'previousDayPosts',
    length: 4,
    groupId: Int32Array.of(100, 101, 102, 103),
    user: Int32Array.of(1000, 1001, 1002, 1003),
    time: Float64Array.of(0, 1e6, 2e6, 3e6),
    offsets: Int32Array.of(0, 2, 4, 6, 8),
    post: Int32Array.of(0, 1, 2, 3, 4, 5, 6, 7),
    label: Uint8Array.of(1, 0, 0, 0, 1, 0, 0, 0),
  };
}

describe('subsetGroups', () => {
  it('keeps the chosen groups whole and in order', () => {
    const sub = subsetGroups(fourGroups(), Int32Array.of(1, 3));
    expect(sub.length).toBe(2);
    expect(Array.from(sub.user)).toEqual([1001, 1003]);
    expect(Array.from(sub.groupId)).toEqual([101, 103]);
    expect(Array.from(sub.time)).toEqual([1e6, 3e6]);
    expect(Array.from(sub.offsets)).toEqual([0, 2, 4]);
    expect(Array.from(sub.post)).toEqual([2, 3, 6, 7]);
    expect(Array.from(sub.label)).toEqual([0, 0, 0, 0]);
    expect(sub.grouping).toBe('userDay');
    expect(sub.time).toBeInstanceOf(Float64Array);
  });

  it('refuses indices out of range or out of order', () => {
    expect(() => subsetGroups(fourGroups(), Int32Array.of(4))).toThrow(/ascending indices/);
    expect(() => subsetGroups(fourGroups(), Int32Array.of(2, 1))).toThrow(/ascending indices/);
  });
});
