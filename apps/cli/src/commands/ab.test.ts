/**
 * `wemoms ab plan | analyze | simulate` on a small seeded synthetic workdir (6,000 rows, a 1-epoch model):
 * the files and figures each writes, determinism, and the clear errors of bad events files.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeParquet } from '@wemoms/data-schema/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../main.js';
import { captureCli } from '../testing/run-cli.js';

const workdir = mkdtempSync(join(tmpdir(), 'wemoms-ab-'));
const at = (...parts: string[]) => join(workdir, ...parts);

const cli = (...args: string[]) => captureCli([...args, '--workdir', workdir]);

async function ok(...args: string[]) {
  const result = await cli(...args);
  if (result.code !== 0) throw new Error(`wemoms ${args.join(' ')} exited ${result.code}:\n${result.err}`);
  return result;
}

/** Writes JSON Lines events and returns the path. */
function events(name: string, rows: readonly (Record<string, unknown> | string)[]): string {
  const path = at(name);
  writeFileSync(path, rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n'));
  return path;
}

/** n users per arm over `days` days, 4 impressions a day, opens with the arm's probability (deterministic). */
function balanced(perArm: Record<string, number>, days = 3, ctr: Record<string, number> = {}) {
  const rows: Record<string, unknown>[] = [];
  for (const [arm, n] of Object.entries(perArm))
    for (let u = 0; u < n; u++)
      for (let d = 0; d < days; d++)
        for (let k = 0; k < 4; k++)
          rows.push({
            user_id: `${arm}-${u}`,
            arm,
            day: `2023-02-0${d + 1}`,
            opened: ((u * 7 + d * 3 + k * 13) % 100) / 100 < (ctr[arm] ?? 0.15),
          });
  return rows;
}

describe('wemoms ab', () => {
  beforeAll(async () => {
    writeFileSync(
      at('wemoms.config.json'),
      JSON.stringify({ synthetic: { rows: 6000, seed: 7 }, model: { epochs: 1, patience: 1 } }),
    );
    for (const stage of ['generate-data', 'make-dataset', 'build-features', 'merge-features', 'train'])
      await ok(stage, '--quiet');
  }, 120_000);

  describe('plan', () => {
    it('plans from the log: sample size, the measured design effect and the days needed', async () => {
      const { out } = await ok('ab', 'plan', '--mde', '20%');
      expect(out).toMatch(/Randomised by user, 2 arms: control 50.0 %, treatment 50.0 %/);
      expect(out).toMatch(/Baseline CTR \d+\.\d\d %, minimum detectable effect \+20.0 % relative/);
      expect(out).toMatch(
        /Design effect at \d+ days: [\d.]+ impressions per user, intra-user correlation [\d.]+, 1 \+ \(m - 1\) ICC = [\d.]+; measured cluster-robust \/ naive variance = [\d.]+ \(used\)/,
      );
      expect(out).toMatch(/Needed: \d+ days/);
      expect(out).toContain(
        'Traffic read from data/interim/log.parquet; first and last days of the log left out',
      );
      const { plan, traffic } = JSON.parse(readFileSync(at('reports/ab/plan.json'), 'utf8'));
      expect(plan.duration.power).toBeGreaterThanOrEqual(0.8);
      expect(plan.duration.designEffect).toBeGreaterThan(1);
      expect(plan.baseline).toBeCloseTo(traffic.ctr, 12);
      expect(readFileSync(at('reports/ab/plan.md'), 'utf8')).toMatch(/^# A\/B test plan/);
    });

    it('gives the textbook sample size without a log (R power.prop.test: 14,751 per arm)', async () => {
      const { out } = await ok('ab', 'plan', '--no-log', '--baseline', '0.1', '--mde-absolute', '0.01');
      expect(out).toContain(
        'Independent impressions needed (two-proportion test, R power.prop.test): 14,751 control, 14,751 treatment.',
      );
      const assumed = await ok(
        'ab',
        'plan',
        '--no-log',
        '--baseline',
        '10%',
        '--mde',
        '10%',
        '--icc',
        '0.05',
        '--impressions-per-user',
        '9',
        '--arms',
        'control,b,c',
      );
      expect(assumed.out).toContain('Bonferroni over 2 treatments: 0.025 per comparison');
      expect(assumed.out).toContain('1 + (m - 1) ICC = 1 + (9 - 1) x 0.05 = 1.40');
    });

    it('reads the raw log when make-dataset has not run', async () => {
      const fresh = mkdtempSync(join(tmpdir(), 'wemoms-ab-raw-'));
      const run = (...args: string[]) =>
        runCli([...args, '--workdir', fresh, '--quiet'], {
          stdout: { write: (s: string) => (out += s) },
          stderr: { write: () => true },
        });
      let out = '';
      expect(await run('generate-data', '--rows', '3000', '--seed', '3')).toBe(0);
      expect(await run('ab', 'plan', '--mde', '30%')).toBe(0);
      expect(out).toContain('Traffic read from data/raw/WeMoms_MLE_hiring_test_2023.json.gzip');
      expect(out).toMatch(/Needed: \d+ days/);
    });

    it('says what is missing', async () => {
      const noBaseline = await cli('ab', 'plan', '--no-log');
      expect(noBaseline.code).not.toBe(0);
      expect(noBaseline.err).toContain(
        'no baseline CTR: pass --baseline (e.g. --baseline 0.145) with --no-log',
      );
      const halfAssumed = await cli('ab', 'plan', '--no-log', '--baseline', '0.1', '--icc', '0.1');
      expect(halfAssumed.err).toContain('--icc and --impressions-per-user go together');
      const both = await cli('ab', 'plan', '--mde', '5%', '--mde-absolute', '0.01');
      expect(both.err).toContain('--mde (relative) and --mde-absolute are two ways to say the same thing');
      const oneArm = await cli('ab', 'plan', '--arms', 'solo');
      expect(oneArm.code).not.toBe(0);
      expect(oneArm.err).toContain('expected at least two comma-separated arm names');
    });
  });

  describe('simulate', () => {
    it('serves the model and popularity arms, writes the events and a report with the truth beside', async () => {
      const { out } = await ok(
        'ab',
        'simulate',
        '--control',
        'popularity',
        '--treatment',
        'model',
        '--seed',
        '3',
      );
      expect(out).toMatch(
        /Simulated lift of model over popularity: [-+][\d.]+ % \(95 % CI \[.*\], always-valid \[.*\]\); true expected lift [-+][\d.]+ %/,
      );
      expect(out).toMatch(/^verdict: (ship|stop|keep running): /m);
      for (const file of [
        'simulated-events.jsonl',
        'report.md',
        'report.html',
        'analysis.json',
        'daily-ctr.svg',
        'cumulative-lift.svg',
        'daily-ctr.vl.json',
        'cumulative-lift.vl.json',
      ])
        expect(existsSync(at('reports/ab', file)), file).toBe(true);
      const { simulation, analysis } = JSON.parse(readFileSync(at('reports/ab/analysis.json'), 'utf8'));
      expect(simulation).toMatchObject({
        control: 'popularity',
        treatment: 'model',
        seed: 3,
        first: '2023-01-28',
        last: '2023-02-01',
      });
      expect(analysis.settings.arms).toEqual(['popularity', 'model']);
      expect(analysis.days).toHaveLength(5);
      // Every served impression is a top-10 post: 10 per user and day.
      const lines = readFileSync(at('reports/ab/simulated-events.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines[0]).toEqual({
        user_id: expect.any(String),
        arm: expect.stringMatching(/^(popularity|model)$/),
        day: expect.stringMatching(/^2023-0[12]-\d\d$/),
        timestamp: expect.any(String),
        trackable_id: expect.any(String),
        rank: expect.any(Number),
        opened: expect.any(Boolean),
      });
      const perUserDay = new Map<string, number>();
      for (const l of lines)
        perUserDay.set(`${l.user_id}|${l.day}`, (perUserDay.get(`${l.user_id}|${l.day}`) ?? 0) + 1);
      expect(new Set(perUserDay.values())).toEqual(new Set([10]));
      const md = readFileSync(at('reports/ab/report.md'), 'utf8');
      expect(md).toMatch(/^# Simulated A\/B test: model vs popularity\n\n\*\*Verdict: /);
      expect(md).toContain('| popularity | ');
      expect(md).toContain('offline simulatedCtr@10 (userDay)');
    }, 60_000);

    it('is deterministic for a seed, and its true lift sits in the CI of random vs popularity', async () => {
      for (const run of ['a', 'b'])
        await ok(
          ...['ab', 'simulate', '--control', 'popularity', '--treatment', 'random', '--seed', '5'],
          ...['--events', at(`${run}.jsonl`), '--out', `reports/ab-${run}`],
        );
      expect(readFileSync(at('a.jsonl'), 'utf8')).toBe(readFileSync(at('b.jsonl'), 'utf8'));
      const { simulation, analysis } = JSON.parse(readFileSync(at('reports/ab-a/analysis.json'), 'utf8'));
      const c = analysis.comparisons[0];
      expect(c.liftLower).toBeLessThanOrEqual(simulation.trueLift);
      expect(simulation.trueLift).toBeLessThanOrEqual(c.liftUpper);
    }, 60_000);

    it('refuses an A/A simulation and an unknown ranker', async () => {
      expect((await cli('ab', 'simulate', '--control', 'random', '--treatment', 'random')).err).toContain(
        'nothing to compare',
      );
      expect((await cli('ab', 'simulate', '--treatment', 'best')).err).toContain(
        'unknown ranker "best": expected model, model:<name>, popularity, random or oracle',
      );
      expect((await cli('ab', 'simulate', '--treatment', 'model:nope')).err).toMatch(
        /no trained model at models\/nope/,
      );
    });
  });

  describe('analyze', () => {
    it('reads JSON Lines and parquet events alike and writes the report', async () => {
      await ok(
        'ab',
        'simulate',
        '--control',
        'popularity',
        '--treatment',
        'random',
        '--seed',
        '5',
        '--events',
        at('sim.parquet'),
        '--out',
        'reports/ab-p',
      );
      const fromParquet = await ok(
        'ab',
        'analyze',
        '--events',
        at('sim.parquet'),
        '--arms',
        'popularity,random',
        '--out',
        'reports/ab-p2',
      );
      const fromJson = await ok(
        'ab',
        'analyze',
        '--events',
        at('a.jsonl'),
        '--arms',
        'popularity,random',
        '--out',
        'reports/ab-j2',
      );
      expect(fromParquet.out).toBe(fromJson.out.replaceAll('ab-j2', 'ab-p2'));
      expect(fromJson.out).toMatch(/^verdict: /m);
      expect(existsSync(at('reports/ab-j2/report.html'))).toBe(true);
    }, 60_000);

    it('stops on a sample ratio mismatch', async () => {
      const path = events('srm.jsonl', balanced({ control: 700, treatment: 500 }));
      const { out } = await ok('ab', 'analyze', '--events', path, '--out', 'reports/ab-srm');
      expect(out).toMatch(
        /^verdict: stop: sample ratio mismatch detected \(users control 700 \/ treatment 500, planned 50 % \/ 50 %; chi-square p = [\d.e-]+ < 0.001\)/m,
      );
      // As planned, a 70/50 split is fine.
      const planned = await ok(
        'ab',
        'analyze',
        '--events',
        path,
        '--weights',
        '70,50',
        '--out',
        'reports/ab-srm',
      );
      expect(planned.out).not.toContain('sample ratio mismatch detected');
    });

    it('reads gzip JSON Lines', async () => {
      const text = balanced({ control: 120, treatment: 120 }, 2)
        .map((r) => JSON.stringify(r))
        .join('\n');
      writeFileSync(at('events.jsonl.gz'), gzipSync(text));
      const { out } = await ok('ab', 'analyze', '--events', at('events.jsonl.gz'), '--out', 'reports/ab-gz');
      expect(out).toMatch(/^control\s+120\s+960\s/m);
    });

    it('reads timestamps instead of days', async () => {
      const rows = balanced({ control: 150, treatment: 150 }, 2).map(({ day, ...r }) => ({
        ...r,
        timestamp: `${day} 10:00:00.5+00:00`,
      }));
      const { out } = await ok(
        'ab',
        'analyze',
        '--events',
        events('ts.jsonl', rows),
        '--out',
        'reports/ab-ts',
      );
      expect(out).toMatch(/^verdict: keep running: /m);
    });

    describe('bad input', () => {
      const fails = async (path: string, ...extra: string[]) => {
        const r = await cli('ab', 'analyze', '--events', path, ...extra);
        expect(r.code).not.toBe(0);
        expect(r.err).not.toMatch(/at .*\.ts:\d+/); // one line, no stack
        return r.err;
      };
      const good = { user_id: 'u1', arm: 'control', day: '2023-02-01', opened: true };

      it('names the file and line of a malformed row', async () => {
        expect(await fails(events('bad1.jsonl', [good, '{"user_id": "u2", "arm":']))).toMatch(
          /bad1\.jsonl:2: not valid JSON/,
        );
        expect(await fails(events('bad2.jsonl', [good, { ...good, user_id: 'u2', opened: 'yes' }]))).toMatch(
          /bad2\.jsonl:2: "opened": expected true\/false or 0\/1, got "yes"/,
        );
        expect(
          await fails(events('bad3.jsonl', [good, { ...good, user_id: 'u3', day: '2023-02-30' }])),
        ).toMatch(/bad3\.jsonl:2: "day": not a calendar day: "2023-02-30"/);
        expect(await fails(events('bad4.jsonl', [good, '[1, 2]']))).toMatch(
          /bad4\.jsonl:2: expected a JSON object/,
        );
      });

      it('names a missing column', async () => {
        const { arm: _arm, ...noArm } = good;
        expect(await fails(events('noarm.jsonl', [noArm]))).toMatch(
          /noarm\.jsonl:1: missing "arm" \(an events file needs user_id, arm, opened, and day \(YYYY-MM-DD\) or timestamp/,
        );
        const { day: _day, ...noDay } = good;
        expect(await fails(events('noday.jsonl', [noDay]))).toMatch(
          /noday\.jsonl:1: missing "day" or "timestamp"/,
        );
        const parquet = at('noarm.parquet');
        writeParquet(parquet, [
          { name: 'user_id', type: 'string', data: ['u1', 'u2'] },
          { name: 'day', type: 'string', data: ['2023-02-01', '2023-02-01'] },
          { name: 'opened', type: 'boolean', data: [true, false] },
        ]);
        expect(await fails(parquet)).toMatch(
          /noarm\.parquet: missing column "arm" \(.*; it has user_id, day, opened\)/,
        );
      });

      it('rejects unknown arm labels, a user in two arms, one arm, an empty arm and an empty file', async () => {
        expect(await fails(events('unknown.jsonl', [good, { ...good, user_id: 'u2', arm: 'B' }]))).toMatch(
          /unknown\.jsonl:2: unknown arm "B" \(planned arms: control, treatment; set them with --arms or ab.arms\)/,
        );
        expect(
          await fails(
            events('twice.jsonl', [
              good,
              { ...good, arm: 'treatment', user_id: 'u9' },
              { ...good, arm: 'treatment' },
            ]),
          ),
        ).toMatch(
          /twice\.jsonl:3: user u1 is in arm treatment, but .*twice\.jsonl:1 put her in control: randomisation is by user/,
        );
        expect(await fails(events('empty-arm.jsonl', [good, { ...good, user_id: 'u2' }]))).toMatch(
          /arm treatment has no impressions \(arms with data: control 2 users\): nothing to compare/,
        );
        const oneArm = await cli('ab', 'analyze', '--events', at('empty-arm.jsonl'), '--arms', 'control');
        expect(oneArm.err).toContain('expected at least two comma-separated arm names');
        writeFileSync(at('ab-one-arm.json'), JSON.stringify({ ab: { arms: ['control'] } }));
        const oneArmConfig = await cli(
          'ab',
          'analyze',
          '--events',
          at('empty-arm.jsonl'),
          '--config',
          at('ab-one-arm.json'),
        );
        expect(oneArmConfig.err).toMatch(/ab\.arms/);
        expect(await fails(events('empty.jsonl', ['', '']))).toMatch(/empty\.jsonl: no events/);
        expect(await fails(at('missing.jsonl'))).toContain('events file not found');
      });
    });
  });
});
