/** The training record saved as history.json, which the CLI and the demo plot. */
import type { EpochRecord, ResolvedTrainingConfig } from './config.js';

export const HISTORY_FORMAT = 'wemoms-ranker-history/1';

export interface TrainingHistory {
  readonly format: typeof HISTORY_FORMAT;
  /** One record per epoch run, in order. */
  readonly epochs: readonly EpochRecord[];
  /** Epoch (1-based) with the lowest validation loss: its weights are the ones kept. */
  readonly bestEpoch: number;
  readonly bestValLoss: number;
  /** Wall time from the start of training to the end of the best epoch. */
  readonly timeToBestMs: number;
  readonly totalMs: number;
  /** True when patience ran out before `config.epochs`. */
  readonly stoppedEarly: boolean;
  /** TensorFlow.js backend used for training. */
  readonly backend: string;
  readonly trainRows: number;
  readonly validationRows: number;
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
  // JSON has no NaN: epochs with a single-class validation set store valAuc as null.
  const epochs = history.epochs.map((e) => ({ ...e, valAuc: e.valAuc ?? Number.NaN }));
  return { ...history, epochs };
}
