/**
 * The rankers a simulated A/B test can put in an arm: the trained model (`model`, or `model:<name>` for
 * another directory under models/), the most-popular baseline (`popularity`: the post's opens over the
 * trailing day, as `evaluate` scores it), `random`, and, on synthetic logs, the `oracle` (the generator's
 * true open probabilities). Each ranks through the same scoreGroups path as `wemoms rank`; random and oracle
 * only replace the scores before ranking.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { seededRandom } from '@wemoms/data-schema';
import type { CandidateChunk } from '@wemoms/dataset';
import { POPULARITY_CATEGORY, POPULARITY_FEATURE } from '@wemoms/features';
import type { Ranker } from '@wemoms/model';
import { selectCategories } from '../pipeline/categories.js';
import type { TruthScorer } from '../pipeline/truth.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';

export const RANKER_KINDS = ['model', 'popularity', 'random', 'oracle'] as const;
export type RankerKind = (typeof RANKER_KINDS)[number];

export interface ArmRanker {
  /** As given (`model`, `model:mlp`, `popularity`, ...): the arm's name in the events and the report. */
  spec: string;
  kind: RankerKind;
  /** The model directory name (kind model). */
  modelName: string | null;
  /** Feature categories scoreGroups must build for this ranker. */
  categories: string[];
  scorer: Pick<Ranker, 'score'>;
  /** Scores replacing the scorer's before ranking (random, oracle), or null. */
  rescore: ((chunk: CandidateChunk) => Float64Array) | null;
}

/** The popularity baseline as a scorer: the trailing-day opens feature. */
const popularityScorer: Pick<Ranker, 'score'> = {
  score(columns) {
    const values = columns[POPULARITY_FEATURE];
    if (!(values instanceof Float32Array)) throw new Error(`feature ${POPULARITY_FEATURE} missing`);
    return values;
  },
};

/** Parses and loads the ranker of an arm. */
export async function loadArmRanker(
  ctx: CliContext,
  spec: string,
  truth: TruthScorer | null,
  seed: number,
): Promise<ArmRanker> {
  const [kind, name] = spec.split(':', 2) as [string, string | undefined];
  const base = { spec, modelName: null, rescore: null };
  switch (kind) {
    case 'model': {
      const modelName = name ?? ctx.config.model.name;
      if (!/^[A-Za-z0-9._-]+$/.test(modelName))
        throw new CliError(`ranker ${spec}: bad model name ${modelName}`);
      const dir = join(dirname(ctx.paths.modelDir), modelName);
      if (!existsSync(join(dir, 'model.json')))
        throw new CliError(
          `ranker ${spec}: no trained model at ${relative(ctx.workdir, dir)}: run \`wemoms train${name ? ` --name ${name}` : ''}\` first`,
        );
      const { loadRanker } = await import('@wemoms/model/node');
      const { activateBackend } = await import('../runtime/backend.js');
      await activateBackend(ctx);
      const ranker = await loadRanker(dir);
      return {
        ...base,
        kind: 'model',
        modelName,
        categories: selectCategories(ctx.config.features.categories),
        scorer: ranker,
      };
    }
    case 'popularity':
      return { ...base, kind: 'popularity', categories: [POPULARITY_CATEGORY], scorer: popularityScorer };
    case 'random': {
      const random = seededRandom(seed);
      return {
        ...base,
        kind: 'random',
        categories: [POPULARITY_CATEGORY],
        scorer: popularityScorer,
        rescore: (chunk) => Float64Array.from({ length: chunk.length }, random),
      };
    }
    case 'oracle': {
      if (!truth) throw new CliError('ranker oracle: needs the ground truth of a synthetic log');
      return {
        ...base,
        kind: 'oracle',
        categories: [POPULARITY_CATEGORY],
        scorer: popularityScorer,
        rescore: (chunk) => truth.score(chunk).truth,
      };
    }
    default:
      throw new CliError(
        `unknown ranker ${JSON.stringify(spec)}: expected model, model:<name>, popularity, random or oracle`,
      );
  }
}
