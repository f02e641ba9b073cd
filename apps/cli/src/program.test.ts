import { describe, expect, it } from 'vitest';
import { captureCli } from './testing/run-cli.js';

const cli = (...args: string[]) => captureCli(args);

const COMMANDS = [
  'generate-data',
  'make-dataset',
  'build-features',
  'merge-features',
  'train',
  'predict|make-predictions',
  'evaluate',
  'rank',
  'publish',
  'serve',
  'pipeline',
  'bench',
];

describe('wemoms program', () => {
  it('lists every command with a description, alone and with --help', async () => {
    for (const args of [[], ['--help']]) {
      const { code, out } = await cli(...args);
      expect(code).toBe(0);
      for (const name of COMMANDS)
        expect(out).toMatch(new RegExp(`^  ${name.replace('|', '\\|')}\\b.* {2,}\\w`, 'm'));
      expect(out).toContain('--workdir');
    }
  });

  it('documents each command option with its default', async () => {
    const train = await cli('train', '--help');
    expect(train.code).toBe(0);
    expect(train.out).toMatch(/--learning-rate <x> +Adam learning rate \(default 0\.001\)/);
    expect(train.out).toMatch(/--epochs <n> +maximum epochs \(default 50\)/);
    const rank = await cli('rank', '--help');
    expect(rank.out).toContain('--date <day>');
    expect(rank.out).toContain('--user <id>');
    const predict = await cli('make-predictions', '--help');
    expect(predict.out).toContain('--max-groups <n>');
  });

  it('fails with one clear message and a non-zero code', async () => {
    const unknown = await cli('nope');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toMatch(/unknown command 'nope'/);
    const badDate = await cli('rank', '--date', '28/01/2023');
    expect(badDate.code).not.toBe(0);
    expect(badDate.err).toMatch(/expected a day as YYYY-MM-DD/);
    const badRows = await cli('generate-data', '--rows', '-5');
    expect(badRows.code).not.toBe(0);
    expect(badRows.err).toMatch(/positive integer/);
  });

  it("prints commander's usage errors in the README's one-line format, with where the usage is", async () => {
    const cases: [string[], RegExp][] = [
      [['nope'], /^wemoms: error: unknown command 'nope' \(see 'wemoms --help'\)\n$/],
      [
        ['train', '--nope'],
        /^wemoms: error: unknown option '--nope' \(Did you mean one of --name, --type\?\) \(see 'wemoms train --help'\)\n$/,
      ],
      [
        ['rank'],
        /^wemoms: error: required option '--date <day>' not specified \(see 'wemoms rank --help'\)\n$/,
      ],
      [
        ['train', 'extra'],
        /^wemoms: error: too many arguments for 'train'\..* \(see 'wemoms train --help'\)\n$/,
      ],
      [
        ['--workdir'],
        /^wemoms: error: option '-w, --workdir <dir>' argument missing \(see 'wemoms --help'\)\n$/,
      ],
      [
        ['generate-data', '--rows', '-5'],
        /^wemoms: error: option '--rows <n>' argument '-5' is invalid\. expected a positive integer, got "-5" \(see 'wemoms generate-data --help'\)\n$/,
      ],
    ];
    for (const [args, expected] of cases) {
      const { code, out, err } = await cli(...args);
      expect(code, args.join(' ')).toBe(1);
      expect(out, args.join(' ')).toBe('');
      expect(err, args.join(' ')).toMatch(expected);
    }
  });

  it('prints a failing stage as one line, and a missing input as a CliError without the stack hint', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'wemoms-cli-'));
    const missing = await cli('evaluate', '--workdir', dir);
    expect(missing.code).not.toBe(0);
    expect(missing.err.trimEnd().split('\n')).toHaveLength(1);
    expect(missing.err).toMatch(/^wemoms: error: .*evaluation rows.*predict/);
  });

  it('prints a config error naming the key, without a stack unless --verbose', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'wemoms-cli-'));
    writeFileSync(join(dir, 'wemoms.config.json'), JSON.stringify({ modle: {} }));
    const quiet = await cli('config', '--workdir', dir);
    expect(quiet.code).toBe(1);
    expect(quiet.err).toMatch(/wemoms: error: invalid configuration .*unknown key "modle"/);
    expect(quiet.err).not.toMatch(/\n\s+at /);
    const verbose = await cli('config', '--workdir', dir, '--verbose');
    expect(verbose.err).toMatch(/\n\s+at /);
  });

  it('prints the resolved config with flags applied', async () => {
    const { code, out } = await cli('config', '--workdir', '/nonexistent-wemoms');
    expect(code).toBe(0);
    expect(JSON.parse(out).model.learningRate).toBe(0.001);
  });
});

describe('wemoms config --split', () => {
  it('writes the stage files, and with --check fails (exit 3) when a slice changed after hashing', async () => {
    const { mkdtempSync, writeFileSync, existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'wemoms-split-'));
    const first = await cli('config', '--split', '--check', '--workdir', dir);
    expect(first.code).toBe(0);
    expect(existsSync(join(dir, '.wemoms/config/train.json'))).toBe(true);
    expect((await cli('config', '--split', '--check', '--workdir', dir)).code).toBe(0);
    writeFileSync(join(dir, 'wemoms.config.json'), JSON.stringify({ model: { epochs: 3 } }));
    const stale = await cli('config', '--split', '--check', '--workdir', dir);
    expect(stale.code).toBe(3);
    expect(stale.err).toMatch(/stage config of train changed after turbo hashed it/);
    expect((await cli('config', '--split', '--check', '--workdir', dir)).code).toBe(0);
  });
});
