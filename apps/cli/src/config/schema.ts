/**
 * The `wemoms.config.json` schema: every tunable of the pipeline, with the defaults of DESIGN sections 3
 * (paths, time split) and 7 (model). The file is merged over DEFAULT_CONFIG, then validated strictly so a
 * misspelt key is an error naming it rather than a silently ignored setting.
 */
import { z } from 'zod';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z.string().regex(DAY, 'expected a day as YYYY-MM-DD');
const dayRange = z
  .object({ first: day, last: day })
  .strict()
  .refine((r) => r.first <= r.last, { message: 'expected first <= last' });
const positiveInt = z.number().int().positive();
const relativePath = z.string().min(1);

export const GROUPINGS = ['event', 'userDay', 'impressions'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const configSchema = z
  .object({
    /** Every path is relative to the workdir (absolute paths are kept as they are). */
    paths: z
      .object({
        raw: relativePath,
        truth: relativePath,
        interim: relativePath,
        processed: relativePath,
        models: relativePath,
        reports: relativePath,
      })
      .strict(),
    read: z
      .object({
        /** strict: the first bad row is an error naming file, line and column; lenient: rejects file. */
        mode: z.enum(['strict', 'lenient']),
        batchSize: positiveInt,
      })
      .strict(),
    /** The synthetic log generated when the raw log is missing. */
    synthetic: z.object({ rows: positiveInt, seed: z.number().int() }).strict(),
    split: z
      .object({
        train: dayRange,
        eval: dayRange,
        test: dayRange,
        /**
         * Train users with at most this many rows, all unopened (rule `unopened`), are removed from train;
         * 0 (the default) keeps everyone, 4 is the original study's filter.
         */
        trainFilterMaxRows: z.number().int().nonnegative(),
        /** `unopened` (the study's rule: few rows, all unopened) or `rows` (label-free: few rows). */
        trainFilterRule: z.enum(['unopened', 'rows']),
      })
      .strict(),
    features: z
      .object({
        /** Feature categories to build and feed the model; empty means every registered one. */
        categories: z.array(z.string().min(1)),
      })
      .strict(),
    model: z
      .object({
        name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'expected a directory-safe name'),
        learningRate: z.number().positive(),
        epochs: positiveInt,
        patience: positiveInt,
        batchSize: positiveInt,
        seed: z.number().int(),
        /** Hidden layer sizes; empty is the study's logistic regression. */
        hiddenSizes: z.array(positiveInt),
        l2: z.number().nonnegative(),
        /** Categories seen fewer times in train fall into the out-of-vocabulary slot. */
        minCategoryCount: positiveInt,
        maxVocabularySize: positiveInt,
        backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']),
      })
      .strict(),
    predict: z
      .object({
        /** Candidate rows per streamed chunk (whole groups per chunk). */
        chunkRows: positiveInt,
        topK: positiveInt,
        csv: z.boolean(),
        writeFeatures: z.boolean(),
      })
      .strict(),
    evaluate: z
      .object({
        k: positiveInt,
        /** Groups evaluated per grouping and test day; null evaluates every group. Sampled with `seed`. */
        maxGroups: positiveInt.nullable(),
        seed: z.number().int(),
        groupings: z.array(z.enum(GROUPINGS)).min(1),
      })
      .strict(),
    rank: z.object({ topK: positiveInt }).strict(),
  })
  .strict();

export type WemomsConfig = z.infer<typeof configSchema>;

/** Defaults of DESIGN section 3 (paths, split) and section 7 (model), and the CLI's own. */
export const DEFAULT_CONFIG: WemomsConfig = {
  paths: {
    raw: 'data/raw/WeMoms_MLE_hiring_test_2023.json.gzip',
    truth: 'data/raw/truth',
    interim: 'data/interim',
    processed: 'data/processed',
    models: 'models',
    reports: 'reports',
  },
  read: { mode: 'strict', batchSize: 65_536 },
  synthetic: { rows: 100_000, seed: 42 },
  split: {
    train: { first: '2023-01-03', last: '2023-01-25' },
    eval: { first: '2023-01-26', last: '2023-01-27' },
    test: { first: '2023-01-28', last: '2023-02-01' },
    trainFilterMaxRows: 0,
    trainFilterRule: 'unopened',
  },
  features: { categories: [] },
  model: {
    name: 'logreg',
    learningRate: 0.001,
    epochs: 50,
    patience: 10,
    batchSize: 512,
    seed: 42,
    hiddenSizes: [],
    l2: 0,
    minCategoryCount: 5,
    maxVocabularySize: 256,
    backend: 'auto',
  },
  predict: { chunkRows: 1 << 20, topK: 10, csv: false, writeFeatures: false },
  evaluate: { k: 10, maxGroups: null, seed: 7, groupings: [...GROUPINGS] },
  rank: { topK: 10 },
};
