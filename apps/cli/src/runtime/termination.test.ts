import { afterEach, describe, expect, it, vi } from 'vitest';
import { onTerminationSignal } from './termination.js';

afterEach(() => vi.restoreAllMocks());

describe('onTerminationSignal', () => {
  it('runs the cleanups, last registered first, then dies of the same signal', () => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    const order: string[] = [];
    const listeners = process.listenerCount('SIGTERM');
    onTerminationSignal(() => order.push('lock'));
    onTerminationSignal(() => order.push('temp files'));
    expect(process.listenerCount('SIGTERM')).toBe(listeners + 1);
    process.emit('SIGTERM', 'SIGTERM');
    expect(order).toEqual(['temp files', 'lock']);
    expect(kill).toHaveBeenCalledWith(process.pid, 'SIGTERM');
    // The handler is gone, so the re-sent signal takes its default course.
    expect(process.listenerCount('SIGTERM')).toBe(listeners);
  });

  it('unregistering the last cleanup removes the handlers', () => {
    const listeners = process.listenerCount('SIGINT');
    const first = onTerminationSignal(() => {});
    const second = onTerminationSignal(() => {});
    first();
    expect(process.listenerCount('SIGINT')).toBe(listeners + 1);
    second();
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });
});
