/** The training record saved as history.json, which the CLI and the demo plot. */
import type { EpochRecord, ResolvedTrainingConfig } from './config.js';

export const HISTORY_FORMAT = 'wemoms-ranker-history/1';

export interface TrainingHistory {
  readonly format: typeof HISTORY_FORMAT;
  /** One record per epoch run, in order. */
  readonly epochs: readonly EpochRecord[];
  /** Epoch (1-based) with the best early-stopping metric (`config.earlyStopping`): its weights are the ones kept. */
  readonly bestEpoch: number;
  /** Validation loss of the best epoch. */
  readonly bestValLoss: number;
  /** The early-stopping metric's value at the best epoch. */
  readonly bestMetric: number;
  /** Wall time from the start of training to the end of the best epoch. */
  readonly timeToBestMs: number;
  readonly totalMs: number;
  /** True when patience ran out before `config.epochs`. */
  readonly stoppedEarly: boolean;
  /** TensorFlow.js backend used for training. */
  readonly backend: string;
  readonly trainRows: number;
  readonly validationRows: number;
  /** Training groups the loss saw (pairwise / listwise; 0 for pointwise). */
  readonly trainGroups: number;
  /** Validation groups with a positive and a negative: the ones NDCG@k and MAP@k average over. */
  readonly validationGroups: number;
  /**
   * NDCG@k of each of those groups with the kept weights (6 decimals), in a fixed group order: two rankers
   * trained on the same data compare group by group (a paired standard error; see `wemoms compare`).
   */
  readonly validationGroupNdcg: readonly number[];
  /** Trainable parameters of the network. */
  readonly parameters: number;
  readonly config: ResolvedTrainingConfig;
}

/** Validates a parsed history.json; throws naming the source on a wrong shape. */
export function parseHistory(json: unknown, source: string): TrainingHistory {
  const history = json as TrainingHistory;
  if (
    typeof json !== 'object' ||
    json === null ||
    history.format !== HISTORY_FORMAT ||
    !Array.isArray(history.epochs)
  ) {
    throw new Error(
      `${source}: expected a training history with format "${HISTORY_FORMAT}" and an epochs array`,
    );
  }
  // JSON has no NaN: undefined metrics (a single-class validation set, no validation groups) are stored as
  // null; histories written before the ranking metrics lack them.
  const epochs = history.epochs.map((e) => ({
    ...e,
    valAuc: e.valAuc ?? Number.NaN,
    valNdcg: e.valNdcg ?? Number.NaN,
    valMap: e.valMap ?? Number.NaN,
  }));
  return {
    ...history,
    epochs,
    bestMetric: history.bestMetric ?? Number.NaN,
    trainGroups: history.trainGroups ?? 0,
    validationGroups: history.validationGroups ?? 0,
    validationGroupNdcg: history.validationGroupNdcg ?? [],
    parameters: history.parameters ?? 0,
  };
}
