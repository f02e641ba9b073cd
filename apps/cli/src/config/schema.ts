/**
 * The `wemoms.config.json` schema: every tunable of the pipeline, with the defaults of DESIGN sections 3
 * (paths, time split) and 7 (model). The file is merged over DEFAULT_CONFIG, then validated strictly so a
 * misspelt key is an error naming it rather than a silently ignored setting.
 */
import { GROUPINGS, type Grouping } from '@wemoms/dataset';
import { z } from 'zod';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z.string().regex(DAY, 'expected a day as YYYY-MM-DD');
const dayRange = z
  .object({ first: day, last: day })
  .strict()
  .refine((r) => r.first <= r.last, { message: 'expected first <= last' });
const positiveInt = z.number().int().positive();
const relativePath = z.string().min(1);

/** The offline groupings, as the dataset builds them and the metrics report them (one definition). */
export { GROUPINGS, type Grouping };

/** The `model` section's keys (`compare.models` entries override any of them). */
const modelFields = {
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'expected a directory-safe name'),
  /** logreg (the study's), mlp, or cross (DCN-v2 cross layers, with hiddenSizes stacked on them). */
  type: z.enum(['logreg', 'mlp', 'cross']),
  /** pointwise (binary cross-entropy), pairwise (RankNet) or listwise (softmax) over user-day groups. */
  loss: z.enum(['pointwise', 'pairwise', 'listwise']),
  /** Weight of a pointwise term added to a pairwise or listwise loss (0: none). */
  pointwiseWeight: z.number().nonnegative(),
  learningRate: z.number().positive(),
  epochs: positiveInt,
  patience: positiveInt,
  batchSize: positiveInt,
  seed: z.number().int(),
  /** Hidden layer sizes of mlp, and of the deep part stacked on cross; logreg ignores them. */
  hiddenSizes: z.array(positiveInt),
  /** Cross layers of cross, and the rank of their factorised weights. */
  crossLayers: positiveInt,
  crossRank: positiveInt,
  l2: z.number().nonnegative(),
  /** Early-stopping metric on the eval days: ndcg / map @rankingK over user-day groups, loss, auc. */
  earlyStopping: z.enum(['ndcg', 'map', 'loss', 'auc']),
  rankingK: positiveInt,
  /** Categories seen fewer times in train fall into the out-of-vocabulary slot. */
  minCategoryCount: positiveInt,
  maxVocabularySize: positiveInt,
  /** auto: heavy-tailed non-negative features (skewness >= 2) enter the model as ln(1 + v); none: as is. */
  logTransform: z.enum(['auto', 'none']),
  backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']),
};

/** One ranker of `wemoms compare`: a name and the `model` keys it changes. */
export const compareModelSchema = z.object(modelFields).partial().required({ name: true }).strict();
export type CompareModel = z.infer<typeof compareModelSchema>;

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
        /**
         * Inclusive UTC days impression times must lie in; `last: null` is one day from now. A row outside
         * is out of range (strict: an error; lenient: a reject).
         */
        impressionDays: z.object({ first: day, last: day.nullable() }).strict(),
        /**
         * Lenient mode: the largest share of non-blank lines that may be rejected; above it the read fails
         * (a log mostly rejected is the wrong file or a broken export, not a few bad rows).
         */
        maxRejectRate: z.number().min(0).max(1),
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
        /**
         * build-features engine: `ts` (the TypeScript kernels, in memory) or `duckdb` (the SQL compiled from
         * the same definitions, on embedded DuckDB over the log snapshot, out of core). Same files either way.
         */
        engine: z.enum(['ts', 'duckdb']),
        /** The duckdb engine's memory limit (`512MB`, `2GB`...; DuckDB spills to disk past it); null = DuckDB's default (80 % of RAM). */
        duckdbMemoryLimit: z
          .string()
          .regex(/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'expected a size like 512MB or 2GB')
          .nullable(),
      })
      .strict(),
    model: z.object(modelFields).strict(),
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
    rank: z
      .object({
        topK: positiveInt,
        /**
         * Candidate generation: `all` ranks every post of d-1 for every user (exact), `retrieval` ranks a
         * shortlist per user (pipeline/candidate-generation.ts), `auto` is `all` up to
         * maxExhaustiveCandidates users x posts and `retrieval` above.
         */
        candidates: z.enum(['auto', 'all', 'retrieval']),
        maxExhaustiveCandidates: positiveInt,
        retrieval: z
          .object({
            /** Posts shortlisted per slice of the day (her own seen posts of d-1 come on top). */
            shortlist: positiveInt,
            /** Users ranked exhaustively per slice to score the posts. */
            probeUsers: positiveInt,
            /** Slices of the day's users by candidate time, each with its own shortlist. */
            timeSlices: positiveInt,
            /** Users ranked both ways to measure recall of the exact top k (0: none). */
            recallSample: z.number().int().nonnegative(),
            seed: z.number().int(),
          })
          .strict(),
      })
      .strict(),
    /** A/B tests: `wemoms ab plan | analyze | simulate`. */
    ab: z
      .object({
        /** Arm names, the control first; events with another arm label are an error. */
        arms: z.array(z.string().min(1)).min(2),
        /** Planned shares of users per arm (any positive scale); empty means equal. */
        weights: z.array(z.number().positive()),
        alpha: z.number().gt(0).lt(1),
        power: z.number().gt(0).lt(1),
        alternative: z.enum(['two-sided', 'one-sided']),
        /** Minimum detectable effect, relative to the baseline (0.05 = +5 %); mdeAbsolute wins when set. */
        mdeRelative: z.number().positive(),
        /** Minimum detectable effect in CTR units (0.005 = +0.5 percentage point), or null. */
        mdeAbsolute: z.number().positive().nullable(),
        /** Control CTR for planning; null: the log's CTR. */
        baseline: z.number().gt(0).lt(1).nullable(),
        /** Share of the traffic enrolled in the test. */
        trafficShare: z.number().gt(0).max(1),
        /** Days before a positive result may ship. */
        minDays: positiveInt,
        /** Planned duration; an undecided test stops after it. null: no planned end. */
        plannedDays: positiveInt.nullable(),
        /** Sample-ratio-mismatch threshold on the chi-square p-value. */
        srmAlpha: z.number().gt(0).lt(1),
        /** Users every arm needs before the sequential test looks. */
        burnInUsers: positiveInt,
        /** Relative lift the sequential test is tuned for; null: the planned relative MDE. */
        mixingLift: z.number().positive().nullable(),
        simulate: z
          .object({
            /** Rankers of the control and treatment arms: model, model:<name>, popularity, random, oracle. */
            control: z.string().min(1),
            treatment: z.string().min(1),
            seed: z.number().int(),
          })
          .strict(),
      })
      .strict(),
    /** `wemoms publish`: where the nightly top k goes and how many snapshots stay. */
    publish: z
      .object({
        /** `sqlite:<path>` (relative to the workdir) or `redis://host:port/db`. */
        store: z.string().min(1),
        /** Snapshots kept (newest first, the new one included); older ones are deleted. */
        retention: positiveInt,
        /** Users per write batch. */
        batchUsers: positiveInt,
      })
      .strict(),
    /** `wemoms serve`: the HTTP service. */
    serve: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(0).max(65535),
        /** The feed store read by GET /v1/feed; null: the publish store. */
        store: z.string().min(1).nullable(),
        /** Largest request body, bytes (413 beyond). */
        bodyLimitBytes: positiveInt,
        /** A request not answered within this many milliseconds gets a 503. */
        requestTimeoutMs: positiveInt,
        /** Events per POST /v1/events. */
        maxEvents: positiveInt,
        /** Candidates per POST /v1/rank. */
        maxCandidates: positiveInt,
        /** Ingested events reach the features within this many milliseconds (plus the rebuild time). */
        refreshIntervalMs: z.number().int().nonnegative(),
        /** On SIGTERM, in-flight requests get this long before the process exits anyway. */
        shutdownGraceMs: positiveInt,
      })
      .strict(),
    /** `wemoms compare`: the rankers trained on the same split and scored by the same predict/evaluate. */
    compare: z
      .object({
        models: z
          .array(compareModelSchema)
          .min(1)
          .refine((models) => new Set(models.map((m) => m.name)).size === models.length, {
            message: 'expected distinct model names',
          }),
        /** Test groups evaluated per grouping and day for each ranker; null = every group. */
        maxGroups: positiveInt.nullable(),
      })
      .strict(),
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
  read: {
    mode: 'strict',
    batchSize: 65_536,
    impressionDays: { first: '2000-01-01', last: null },
    maxRejectRate: 0.05,
  },
  synthetic: { rows: 100_000, seed: 42 },
  split: {
    train: { first: '2023-01-03', last: '2023-01-25' },
    eval: { first: '2023-01-26', last: '2023-01-27' },
    test: { first: '2023-01-28', last: '2023-02-01' },
    trainFilterMaxRows: 0,
    trainFilterRule: 'unopened',
  },
  features: { categories: [], engine: 'ts', duckdbMemoryLimit: null },
  model: {
    name: 'logreg',
    type: 'logreg',
    loss: 'pointwise',
    pointwiseWeight: 0,
    learningRate: 0.001,
    epochs: 50,
    patience: 10,
    batchSize: 512,
    seed: 42,
    hiddenSizes: [16],
    crossLayers: 1,
    crossRank: 8,
    l2: 0,
    earlyStopping: 'ndcg',
    rankingK: 10,
    minCategoryCount: 5,
    maxVocabularySize: 256,
    logTransform: 'none',
    backend: 'auto',
  },
  predict: { chunkRows: 1 << 20, topK: 10, csv: false, writeFeatures: false },
  evaluate: { k: 10, maxGroups: null, seed: 7, groupings: [...GROUPINGS] },
  rank: {
    topK: 10,
    candidates: 'auto',
    maxExhaustiveCandidates: 1_000_000_000,
    retrieval: { shortlist: 2000, probeUsers: 32, timeSlices: 4, recallSample: 200, seed: 42 },
  },
  ab: {
    arms: ['control', 'treatment'],
    weights: [],
    alpha: 0.05,
    power: 0.8,
    alternative: 'two-sided',
    mdeRelative: 0.05,
    mdeAbsolute: null,
    baseline: null,
    trafficShare: 1,
    minDays: 7,
    plannedDays: null,
    srmAlpha: 0.001,
    burnInUsers: 100,
    mixingLift: null,
    simulate: { control: 'popularity', treatment: 'model', seed: 17 },
  },
  publish: { store: 'sqlite:data/feeds.db', retention: 7, batchUsers: 4096 },
  serve: {
    host: '127.0.0.1',
    port: 8080,
    store: null,
    bodyLimitBytes: 1 << 20,
    requestTimeoutMs: 5000,
    maxEvents: 1000,
    maxCandidates: 50_000,
    refreshIntervalMs: 5000,
    shutdownGraceMs: 10_000,
  },
  compare: {
    models: [
      { name: 'logreg', type: 'logreg', loss: 'pointwise' },
      { name: 'logreg-listwise', type: 'logreg', loss: 'listwise' },
      { name: 'mlp', type: 'mlp', hiddenSizes: [16], loss: 'pointwise' },
      { name: 'mlp-pairwise', type: 'mlp', hiddenSizes: [16], loss: 'pairwise' },
      { name: 'mlp-listwise', type: 'mlp', hiddenSizes: [16], loss: 'listwise' },
      { name: 'mlp-listwise-mixed', type: 'mlp', hiddenSizes: [16], loss: 'listwise', pointwiseWeight: 0.5 },
      { name: 'cross', type: 'cross', crossLayers: 1, crossRank: 8, hiddenSizes: [], loss: 'pointwise' },
      {
        name: 'cross-listwise',
        type: 'cross',
        crossLayers: 1,
        crossRank: 8,
        hiddenSizes: [],
        loss: 'listwise',
      },
    ],
    maxGroups: null,
  },
};
