import { parseDay, Rng } from '@wemoms/data-schema';
import { describe, expect, it } from 'vitest';
import {
  MemberPopulation,
  MemberState,
  pregnancyTrimester,
  pregnancyWeek,
  STAGE_MOM,
  STAGE_PREGNANT,
} from './members.js';

const start = parseDay('2023-01-02');
const population = new MemberPopulation({ count: 20_000, startDay: start, days: 31, seed: 5 });

describe('MemberPopulation', () => {
  it('is mostly pregnant, then moms, then women trying, mostly in France', () => {
    const s = new MemberState();
    const stages = [0, 0, 0];
    let fr = 0;
    for (let u = 0; u < 20_000; u++) {
      stages[population.stateAt(u, start, s).stage]++;
      if (population.countryCode(u) === 'FR') fr++;
    }
    expect(stages[STAGE_PREGNANT] / 20_000).toBeGreaterThan(0.5);
    expect(stages[STAGE_MOM]).toBeGreaterThan(stages[2]);
    expect(fr / 20_000).toBeGreaterThan(0.8);
  });

  it('advances a pregnancy day by day until the birth makes her the mom of a newborn', () => {
    const s = new MemberState();
    let checked = 0;
    for (let u = 0; u < 2_000 && checked < 50; u++) {
      const t = population.traits(u);
      if (Number.isNaN(t.lmpDay) || t.trying) continue;
      const before = population.stateAt(u, start, s).pregnancyDay;
      if (!(before > 0) || before + 7 >= t.gestationDays) continue;
      expect(population.stateAt(u, start + 7, s).pregnancyDay).toBe(before + 7);
      expect(pregnancyWeek(before + 7)).toBe(pregnancyWeek(before) + 1);
      expect([1, 2, 3]).toContain(pregnancyTrimester(before));
      const birth = t.lmpDay + t.gestationDays;
      const children = t.bornCount;
      const after = population.stateAt(u, birth + 40, s);
      expect(after.pregnant).toBe(false);
      expect(after.mom).toBe(true);
      expect(after.childCount).toBe(children + 1);
      expect(after.childMonths[after.childCount - 1]).toBe(1);
      checked++;
    }
    expect(checked).toBe(50);
  });

  it('ages children with the days', () => {
    const s = new MemberState();
    for (let u = 0; u < 500; u++) {
      const a = population.stateAt(u, start, s);
      if (a.childCount === 0 || a.pregnant) continue;
      const month0 = a.childMonths[0];
      expect(population.stateAt(u, start + 365, s).childMonths[0]).toBeGreaterThanOrEqual(month0 + 11);
    }
  });

  it('samples viewers in proportion to a heavy-tailed activity', () => {
    const rng = new Rng(1);
    const hits = new Int32Array(20_000);
    for (let i = 0; i < 200_000; i++) hits[population.sampleViewer(rng)]++;
    const top = hits.slice(0, 200).reduce((s, v) => s + v, 0);
    const bottom = hits.slice(10_000).reduce((s, v) => s + v, 0);
    expect(top).toBeGreaterThan(bottom / 3); // the top 1% draw a large share of the sessions
    expect(hits.filter((v) => v > 0).length).toBeGreaterThan(10_000);
  });

  it('samples authors consistently with their authorWeight', () => {
    const rng = new Rng(2);
    const hits = new Map<number, number>();
    for (let i = 0; i < 100_000; i++) {
      const a = population.sampleAuthor(rng);
      hits.set(a, (hits.get(a) ?? 0) + 1);
    }
    const ranked = [...hits.entries()].sort((x, y) => y[1] - x[1]).slice(0, 20);
    for (let i = 1; i < ranked.length; i++) {
      expect(population.authorWeight(ranked[0][0])).toBeGreaterThanOrEqual(
        population.authorWeight(ranked[i][0]),
      );
    }
  });

  it('is a pure function of the seed', () => {
    const again = new MemberPopulation({ count: 20_000, startDay: start, days: 31, seed: 5 });
    for (const u of [0, 17, 19_999]) {
      expect({ ...again.traits(u) }).toEqual({ ...population.traits(u) });
      expect(again.id(u)).toBe(population.id(u));
    }
  });
});
