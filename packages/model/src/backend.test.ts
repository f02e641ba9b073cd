import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { parseBackendPreference, selectBrowserBackend } from './backend.js';

describe('selectBrowserBackend', () => {
  it('falls back from webgl (absent in Node) and reports why it was skipped', async () => {
    const lines: string[] = [];
    const choice = await selectBrowserBackend('auto', { log: (m) => lines.push(m) });
    expect(choice.skipped[0].name).toBe('webgl');
    expect(['wasm', 'cpu']).toContain(choice.backend);
    expect(tf.getBackend()).toBe(choice.backend);
    expect(lines[0]).toMatch(/^TensorFlow.js backend: (wasm|cpu) \(skipped webgl: /);
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
