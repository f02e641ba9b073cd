import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKEND_ENV, selectBackend } from './backend.js';
import { tensorBoardEpochWriter } from './tensorboard.js';

afterEach(() => {
  delete process.env[BACKEND_ENV];
});

describe('selectBackend (Node)', () => {
  it('auto picks tfjs-node when it loads, else wasm, and logs the choice and the skipped backends', async () => {
    const lines: string[] = [];
    const choice = await selectBackend('auto', { log: (m) => lines.push(m) });
    expect(['tensorflow', 'wasm']).toContain(choice.backend);
    expect(tf.getBackend()).toBe(choice.backend);
    expect(lines).toHaveLength(1);
    if (choice.backend === 'wasm') {
      expect(choice.skipped.map((s) => s.name)).toEqual(['tensorflow']);
      // One short line, no path: the addon's full error stays in `detail`.
      expect(lines[0]).toBe('backend: wasm (native TensorFlow not installed)');
      expect(choice.skipped[0].detail).toMatch(/tfjs|tensorflow/i);
    } else {
      expect(lines[0]).toBe('backend: tensorflow');
    }
  });

  it('honours an explicit preference and the environment override', async () => {
    expect((await selectBackend('cpu', { log: () => {} })).backend).toBe('cpu');
    process.env[BACKEND_ENV] = 'wasm';
    expect((await selectBackend(undefined, { log: () => {} })).backend).toBe('wasm');
    process.env[BACKEND_ENV] = 'gpu';
    await expect(selectBackend(undefined, { log: () => {} })).rejects.toThrow(
      '$WEMOMS_TF_BACKEND: unknown TensorFlow.js backend "gpu"',
    );
    await expect(selectBackend('webgl', { log: () => {} })).rejects.toThrow('only in the browser');
  });

  it('skips TensorBoard logs with a message unless the native backend is active', async () => {
    await selectBackend('cpu', { log: () => {} });
    const lines: string[] = [];
    expect(await tensorBoardEpochWriter('/tmp/unused-logdir', { log: (m) => lines.push(m) })).toBeNull();
    expect(lines[0]).toContain('need the tensorflow (tfjs-node) backend, active is cpu');
  });
});
