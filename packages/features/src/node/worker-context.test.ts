import { describe, expect, it } from 'vitest';
import { createFeatureContext } from '../context.js';
import { featurize, queriesFromRows } from '../featurize.js';
import { randomLog } from '../testing/random-log.js';
import { contextForWorkers, contextInWorker } from './worker-context.js';

describe('contextForWorkers / contextInWorker', () => {
  const log = randomLog(7, { rows: 200, users: 9, posts: 25 });
  const context = createFeatureContext(log);

  it('shares the typed arrays once per context and leaves the id strings behind', () => {
    const first = contextForWorkers(context);
    const again = contextForWorkers(context);
    expect(again.context.timeOrder).toBe(first.context.timeOrder);
    expect(first.context.log.columns.tracker_created_at.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(first.context.log.columns.user_id.dictionary).toEqual([]);
    expect(first.idDictionaryLengths).toEqual({
      user_id: log.columns.user_id.dictionary.length,
      trackable_id: log.columns.trackable_id.dictionary.length,
    });
    // Small dictionaries (categorical features) travel whole; the source context is untouched.
    expect(first.context.log.columns.platform.dictionary).toEqual(log.columns.platform.dictionary);
    expect(context.log.columns.user_id.dictionary.length).toBeGreaterThan(0);
  });

  it('gives workers id dictionaries of the right length whose strings fail loudly', () => {
    const inWorker = contextInWorker(structuredClone(contextForWorkers(context)));
    const users = inWorker.log.columns.user_id;
    expect(users.dictionary.length).toBe(log.columns.user_id.dictionary.length);
    expect(Array.from(users.codes)).toEqual(Array.from(log.columns.user_id.codes));
    expect(() => users.dictionary[0]).toThrow(/user_id dictionary's strings are not shared/);
  });
});

describe('worker contexts and the index store', () => {
  it('give workers an empty index store, whatever this thread has built', () => {
    const log = randomLog(11, { rows: 150, users: 5, posts: 10 });
    const context = createFeatureContext(log);
    featurize(
      context,
      queriesFromRows(
        log,
        Int32Array.from({ length: 20 }, (_, i) => i),
      ),
    );
    expect(context.indexes.keys?.user).toBeDefined();
    const forWorkers = contextForWorkers(context);
    expect(forWorkers.context.indexes).toEqual({});
    expect(contextInWorker(structuredClone(forWorkers)).indexes).toEqual({});
    // The shared copy is made once and kept in the source context's store.
    expect(context.indexes.sharedCopy).toBeDefined();
    expect(contextForWorkers(context).context.timeOrder).toBe(forWorkers.context.timeOrder);
  });
});
