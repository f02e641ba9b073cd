import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { describeBackendChoice, parseBackendPreference, selectBrowserBackend } from './backend.js';

describe('describeBackendChoice', () => {
  it('says which backend won and why the others were skipped, in one short line', () => {
    expect(describeBackendChoice({ backend: 'cpu', skipped: [] })).toBe('backend: cpu');
    expect(
      describeBackendChoice({
        backend: 'wasm',
        skipped: [
          {
            name: 'tensorflow',
            reason: 'native TensorFlow not installed',
            detail: 'The Node.js native addon module (tfjs_binding.node) can not be found at path: /x',
          },
        ],
      }),
    ).toBe('backend: wasm (native TensorFlow not installed)');
  });
});

describe('selectBrowserBackend', () => {
  it('falls back from webgl (absent in Node) and reports why it was skipped', async () => {
    const lines: string[] = [];
    const choice = await selectBrowserBackend('auto', { log: (m) => lines.push(m) });
    expect(choice.skipped[0].name).toBe('webgl');
    expect(['wasm', 'cpu']).toContain(choice.backend);
    expect(tf.getBackend()).toBe(choice.backend);
    expect(lines[0]).toMatch(/^backend: (wasm|cpu) \(webgl unavailable\)$/);
    expect(choice.skipped[0].detail.length).toBeGreaterThan(0);
  });

  it('activates an explicit backend and refuses Node-only or unknown ones', async () => {
    expect((await selectBrowserBackend('cpu')).backend).toBe('cpu');
    await expect(selectBrowserBackend('tensorflow')).rejects.toThrow('only in Node');
    expect(() => parseBackendPreference('metal', 'config.backend')).toThrow(
      'config.backend: unknown TensorFlow.js backend "metal"; expected auto, tensorflow, webgl, wasm, cpu',
    );
    expect(parseBackendPreference(undefined, 'x')).toBe('auto');
  });
});
