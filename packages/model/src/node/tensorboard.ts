/**
 * TensorBoard curves, like the original study's, when the native backend is active (tfjs-node's summary
 * writer needs it). Elsewhere history.json already records every epoch.
 */
import * as tf from '@tensorflow/tfjs';
import type { EpochRecord } from '../config.js';
import { loadNativeBindings } from './backend.js';

/**
 * An `onEpochEnd` callback writing loss, val_loss and val_auc scalars under `logdir`, or null (with one log
 * line) when the active backend is not tfjs-node's.
 */
export async function tensorBoardEpochWriter(
  logdir: string,
  options: { log?: (message: string) => void } = {},
): Promise<((record: EpochRecord) => void) | null> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  if (tf.getBackend() !== 'tensorflow') {
    log(
      `TensorBoard logs skipped: they need the tensorflow (tfjs-node) backend, active is ${tf.getBackend()}`,
    );
    return null;
  }
  const native = await loadNativeBindings();
  const writer = native.node.summaryFileWriter(logdir);
  log(`TensorBoard logs: ${logdir}`);
  return (record) => {
    writer.scalar('loss', record.loss, record.epoch);
    writer.scalar('val_loss', record.valLoss, record.epoch);
    if (!Number.isNaN(record.valAuc)) writer.scalar('val_auc', record.valAuc, record.epoch);
    writer.flush();
  };
}
