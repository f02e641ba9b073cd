import type { DictionaryColumn, RawTable } from '@wemoms/data-schema';
import type { FeatureContext } from '../types.js';
import { shareContext } from './share-context.js';

/**
 * Columns whose dictionaries are ids (user_id, trackable_id): categories compute on their codes and
 * dictionary lengths only, and the row key of a category file is the log row index, so their strings
 * (~1.1M uuids at 1M raw rows, a second of structured cloning per worker) never cross to a worker.
 */
const ID_COLUMNS = ['user_id', 'trackable_id'] as const;

/** What a feature worker receives: the shared context without the id dictionaries' strings. */
export interface WorkerContext {
  readonly context: FeatureContext;
  readonly idDictionaryLengths: Readonly<Record<string, number>>;
}

/** The context for worker threads (shared memory, see shareContext), id dictionaries reduced to lengths. */
export function contextForWorkers(context: FeatureContext): WorkerContext {
  const sharedContext = shareContext(context);
  const columns: Record<string, unknown> = { ...sharedContext.log.columns };
  const idDictionaryLengths: Record<string, number> = {};
  for (const name of ID_COLUMNS) {
    const column = sharedContext.log.columns[name];
    idDictionaryLengths[name] = column.dictionary.length;
    columns[name] = { codes: column.codes, dictionary: [] };
  }
  const log = { ...sharedContext.log, columns } as RawTable;
  // An empty index store: each worker builds its own indexes (FeatureIndexes).
  return { context: { ...sharedContext, log, indexes: {} }, idDictionaryLengths };
}

/**
 * An id dictionary of the right length whose entries cannot be read: a category that needed the id
 * strings would fail loudly in a worker instead of writing missing values.
 */
function opaqueDictionary(name: string, length: number): string[] {
  return new Proxy(new Array<string>(length), {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) {
        throw new Error(`feature worker: the ${name} dictionary's strings are not shared with workers`);
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

/** The worker side of contextForWorkers: the context with placeholder id dictionaries. */
export function contextInWorker(input: WorkerContext): FeatureContext {
  const columns: Record<string, unknown> = { ...input.context.log.columns };
  for (const [name, length] of Object.entries(input.idDictionaryLengths)) {
    const column = columns[name] as DictionaryColumn;
    columns[name] = { codes: column.codes, dictionary: opaqueDictionary(name, length) };
  }
  const log = { ...input.context.log, columns } as RawTable;
  return { ...input.context, log, indexes: {} };
}
