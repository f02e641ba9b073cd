import { describe, expect, it } from 'vitest';
import { createProgress, describeProgress, isCi } from './progress.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 100, write: (s: string) => chunks.push(s) } };
}

describe('progress', () => {
  it('describes rows, rate and ETA', () => {
    expect(describeProgress('read', 500_000, 1_000_000, 'rows', 2)).toBe(
      'read  500.0k/1.00M rows  50%  250.0k rows/s  ETA 2.00 s',
    );
    expect(describeProgress('read', 10, null, 'rows', 1)).toBe('read  10 rows  10 rows/s');
  });

  it('prints plain periodic lines when not a TTY', () => {
    let t = 0;
    const { chunks, stream } = sink(false);
    const progress = createProgress({ stream, interactive: false, intervalMs: 1000, now: () => t });
    const task = progress.start('score', 100, 'candidates');
    t = 500;
    task.tick(10); // within the interval: no line
    t = 1500;
    task.tick(10);
    t = 1800;
    task.tick(10); // within the interval again
    t = 3000;
    task.tick(20);
    task.done();
    expect(chunks).toHaveLength(2);
    expect(chunks.every((c) => c.endsWith('\n') && !c.includes('\r'))).toBe(true);
    expect(chunks[0]).toMatch(/^score {2}20\/100 candidates {2}20% .*ETA/);
    expect(chunks[1]).toMatch(/50\/100 candidates {2}50%/);
  });

  it('redraws one bar in place on a TTY and clears it before log lines', () => {
    let t = 0;
    const { chunks, stream } = sink(true);
    const progress = createProgress({ stream, interactive: true, now: () => t });
    const task = progress.start('read', 4, 'rows');
    t = 200;
    task.tick(2);
    const last = chunks.at(-1) ?? '';
    expect(last.startsWith('\r\x1b[2K[')).toBe(true);
    expect(last.slice(5)).toMatch(/^\[#+-+\] read {2}2\/4 rows {2}50%/);
    progress.log('summary');
    expect(chunks.slice(-2)).toEqual(['\r\x1b[2K', 'summary\n']);
    task.done();
  });

  it('stays silent when disabled', () => {
    const { chunks, stream } = sink(true);
    const progress = createProgress({ stream, enabled: false });
    progress.start('x', 1).tick(1);
    progress.log('y');
    expect(chunks).toEqual([]);
  });

  it('detects CI', () => {
    expect(isCi({ CI: 'true' })).toBe(true);
    expect(isCi({ CI: '0' })).toBe(false);
    expect(isCi({})).toBe(false);
    expect(isCi({ GITHUB_ACTIONS: 'true' })).toBe(true);
  });
});
