import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from './analyze.js';
import { syntheticExperiment } from './synthetic.js';
import { ExperimentInputError, type ExperimentTable } from './table.js';

/** A table from rows [user, arm, day, opened] (one impression each). */
function table(rows: readonly (readonly [number, number, number, number])[]): ExperimentTable {
  return {
    length: rows.length,
    user: Int32Array.from(rows, (r) => r[0]),
    arm: Int32Array.from(rows, (r) => r[1]),
    day: Int32Array.from(rows, (r) => r[2]),
    opens: Uint8Array.from(rows, (r) => r[3]),
  };
}

describe('analyzeExperiment', () => {
  it('computes per-arm CTR, the user-level variance and the comparison from per-user sums', () => {
    // Control: users 0 (2/4), 1 (0/2), 2 (1/2); treatment: users 3 (3/4), 4 (1/2), 5 (2/2); over two days.
    const rows: [number, number, number, number][] = [];
    const add = (u: number, arm: number, opens: number, shown: number) => {
      for (let i = 0; i < shown; i++) rows.push([u, arm, 19_000 + (i % 2), i < opens ? 1 : 0]);
    };
    add(0, 0, 2, 4);
    add(1, 0, 0, 2);
    add(2, 0, 1, 2);
    add(3, 1, 3, 4);
    add(4, 1, 1, 2);
    add(5, 1, 2, 2);
    const a = analyzeExperiment(table(rows), { arms: ['control', 'treatment'], burnInUsers: 2 });
    const [c, t] = a.arms;
    expect(c.ctr).toBeCloseTo(3 / 8, 15);
    expect(t.ctr).toBeCloseTo(6 / 8, 15);
    // Var = U/(U-1) * sum (y - r n)^2 / N^2
    const vc = ((3 / 2) * ((2 - 1.5) ** 2 + (0 - 0.75) ** 2 + (1 - 0.75) ** 2)) / 64;
    const vt = ((3 / 2) * ((3 - 3) ** 2 + (1 - 1.5) ** 2 + (2 - 1.5) ** 2)) / 64;
    expect(c.standardError).toBeCloseTo(Math.sqrt(vc), 15);
    expect(t.standardError).toBeCloseTo(Math.sqrt(vt), 15);
    const cmp = a.comparisons[0];
    expect(cmp.difference).toBeCloseTo(3 / 8, 15);
    expect(cmp.standardError).toBeCloseTo(Math.sqrt(vc + vt), 15);
    expect(cmp.relativeLift).toBeCloseTo(1, 12);
    expect(cmp.differenceLower).toBeCloseTo(3 / 8 - 1.959963984540054 * Math.sqrt(vc + vt), 12);
    // Day by day and cumulatively: every user shows up on both days.
    expect(a.days.map((d) => d.date)).toEqual(['2022-01-08', '2022-01-09']);
    expect(a.days[0].arms[0].impressions).toBe(4);
    expect(a.cumulative[0].arms[0].users).toBe(3);
    expect(a.cumulative[1].arms[1].impressions).toBe(8);
    expect(a.cumulative[1].comparisons[0].difference).toBeCloseTo(cmp.difference, 15);
    expect(a.srm.observed).toEqual([3, 3]);
  });

  it('accepts (user, day) cells with impression counts and gives the same answer as one row per impression', () => {
    const cells = syntheticExperiment({ users: 300, days: 5, baseline: 0.2, seed: 3 });
    const impressions = cells.impressions as Int32Array;
    const rows: [number, number, number, number][] = [];
    for (let i = 0; i < cells.length; i++)
      for (let k = 0; k < impressions[i]; k++)
        rows.push([cells.user[i], cells.arm[i], cells.day[i], k < cells.opens[i] ? 1 : 0]);
    const fromCells = analyzeExperiment(cells, { arms: ['A', 'B'] });
    const fromRows = analyzeExperiment(table(rows), { arms: ['A', 'B'] });
    expect(fromRows.arms).toEqual(fromCells.arms);
    expect(fromRows.comparisons[0].pValue).toBeCloseTo(fromCells.comparisons[0].pValue, 12);
  });

  it('measures a design effect above 1 when users open consistently', () => {
    const a = analyzeExperiment(syntheticExperiment({ users: 2000, days: 10, baseline: 0.12, seed: 9 }), {
      arms: ['A', 'B'],
    });
    expect(a.arms[0].designEffect).toBeGreaterThan(2);
    expect(a.arms[0].standardError).toBeGreaterThan(a.arms[0].naiveStandardError);
  });

  it('ships a clear winner after the minimum duration, and keeps running before it', () => {
    const data = syntheticExperiment({ users: 6000, days: 14, baseline: 0.12, lifts: [0, 0.25], seed: 5 });
    const shipped = analyzeExperiment(data, { arms: ['control', 'new'], minDays: 7 });
    expect(shipped.verdict.decision).toBe('ship');
    expect(shipped.verdict.line).toMatch(
      /^ship: new is better \(new vs control: lift \+\d+\.\d %, always-valid CI/,
    );
    const early = analyzeExperiment(data, { arms: ['control', 'new'], minDays: 21 });
    expect(early.verdict.decision).toBe('keep running');
    expect(early.verdict.reason).toMatch(/only 14 of the minimum 21 days/);
  });

  it('stops a treatment that is worse', () => {
    const data = syntheticExperiment({ users: 6000, days: 14, baseline: 0.12, lifts: [0, -0.25], seed: 6 });
    const a = analyzeExperiment(data, { arms: ['control', 'worse'] });
    expect(a.verdict.decision).toBe('stop');
    expect(a.verdict.reason).toMatch(/worse than the control/);
  });

  it('stops on a sample ratio mismatch before reading any lift', () => {
    // Planned 50/50, generated 60/40.
    const data = syntheticExperiment({
      users: 4000,
      days: 7,
      baseline: 0.12,
      weights: [6, 4],
      lifts: [0, 0.3],
      seed: 8,
    });
    const a = analyzeExperiment(data, { arms: ['control', 'treatment'] });
    expect(a.srm.mismatch).toBe(true);
    expect(a.verdict.line).toMatch(
      /^stop: sample ratio mismatch detected \(users control \d+ \/ treatment \d+, planned 50 % \/ 50 %/,
    );
    // The same split is fine when it was the plan.
    expect(analyzeExperiment(data, { arms: ['control', 'treatment'], weights: [60, 40] }).srm.mismatch).toBe(
      false,
    );
  });

  it('stops an undecided test at its planned duration, keeps it running before', () => {
    const data = syntheticExperiment({ users: 500, days: 10, baseline: 0.12, seed: 12 });
    expect(analyzeExperiment(data, { arms: ['A', 'B'], plannedDays: 14 }).verdict.line).toMatch(
      /^keep running: not significant yet \(day 10 of 14\)/,
    );
    expect(analyzeExperiment(data, { arms: ['A', 'B'], plannedDays: 10 }).verdict.line).toMatch(
      /^stop: inconclusive after the planned 10 days, no always-valid evidence either way \(B vs A: .*\); the fixed-horizon test at this end gives B p = /,
    );
  });

  it('splits alpha between several treatments (Bonferroni)', () => {
    const data = syntheticExperiment({ users: 3000, days: 7, baseline: 0.12, weights: [1, 1, 1], seed: 4 });
    const a = analyzeExperiment(data, { arms: ['control', 'b', 'c'], alpha: 0.05 });
    expect(a.settings.comparisonAlpha).toBeCloseTo(0.025, 15);
    expect(a.settings.correction).toBe('bonferroni');
    expect(a.comparisons.map((c) => c.treatment)).toEqual(['b', 'c']);
  });

  it('waits for the burn-in before the sequential test looks', () => {
    const data = syntheticExperiment({ users: 150, days: 3, baseline: 0.12, seed: 2 });
    const a = analyzeExperiment(data, { arms: ['A', 'B'], burnInUsers: 1000 });
    expect(a.comparisons[0].looked).toBe(false);
    expect(a.comparisons[0].alwaysValidPValue).toBe(1);
    expect(a.verdict.reason).toMatch(/fewer than 1000 users in an arm, no sequential look yet/);
  });

  describe('bad input', () => {
    it('rejects fewer than two arms', () => {
      expect(() => analyzeExperiment(table([[0, 0, 1, 1]]), { arms: ['only'] })).toThrow(
        /need at least 2 arms \(a control and a treatment\), got 1: only/,
      );
    });
    it('rejects an arm without impressions, naming it', () => {
      const t = table([
        [0, 0, 1, 1],
        [1, 0, 1, 0],
      ]);
      expect(() => analyzeExperiment(t, { arms: ['control', 'treatment'] })).toThrow(ExperimentInputError);
      expect(() => analyzeExperiment(t, { arms: ['control', 'treatment'] })).toThrow(
        /arm treatment has no impressions \(arms with data: control 2 users\): nothing to compare/,
      );
    });
    it('rejects a user in two arms, naming her', () => {
      const t = table([
        [0, 0, 1, 1],
        [0, 1, 2, 0],
      ]);
      expect(() => analyzeExperiment(t, { arms: ['A', 'B'], userIds: ['alice'] })).toThrow(
        /user alice is in arms A and B: randomisation is by user/,
      );
    });
    it('rejects arm codes and counts out of range, and an empty table', () => {
      expect(() => analyzeExperiment(table([[0, 2, 1, 1]]), { arms: ['A', 'B'] })).toThrow(
        /row 0: arm index 2 out of range/,
      );
      expect(() => analyzeExperiment(table([[0, 0, 1, 2]]), { arms: ['A', 'B'] })).toThrow(
        /row 0: opens must be within 0..1/,
      );
      expect(() => analyzeExperiment(table([]), { arms: ['A', 'B'] })).toThrow(/no impressions to analyze/);
      expect(() => analyzeExperiment(table([[0, 0, 1, 1]]), { arms: ['A', 'A'] })).toThrow(/distinct/);
    });
  });
});
