/**
 * The cross layer of DCN-v2 (Wang et al. 2021, "DCN V2: Improved Deep & Cross Network"), in its low-rank
 * form: `x_{l+1} = x0 * (U^T (V^T x_l) + bias) + x_l`, elementwise with the network's input `x0`. Each layer
 * learns feature crosses one degree higher than the previous one; the low rank (V: width x rank, U: rank x
 * width) keeps it cheap on the ~330 encoded inputs. Registered with `tf.serialization`, so a saved model's
 * topology (model.json) names it and `tf.loadLayersModel` rebuilds it, in Node and in the browser.
 */
import * as tf from '@tensorflow/tfjs';

export interface CrossLayerArgs {
  /** Rank of the factorised weight matrix. */
  readonly rank: number;
  /** Seed of the Glorot-uniform initialisers (V gets `seed`, U `seed + 1`). */
  readonly seed?: number;
  readonly name?: string;
}

/** Takes `[x0, x_l]` (both `batch x width`) and returns `x_{l+1}` (`batch x width`). */
export class CrossLayer extends tf.layers.Layer {
  static readonly className = 'WemomsCross';
  readonly rank: number;
  readonly seed: number | undefined;
  private v!: tf.LayerVariable;
  private u!: tf.LayerVariable;
  private bias!: tf.LayerVariable;

  constructor(args: CrossLayerArgs) {
    super({ name: args.name });
    if (!Number.isInteger(args.rank) || args.rank < 1)
      throw new RangeError(`cross layer rank must be a positive integer, got ${args.rank}`);
    this.rank = args.rank;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const width = (inputShape as tf.Shape[])[0][1] as number;
    this.v = this.addWeight(
      'v',
      [width, this.rank],
      'float32',
      tf.initializers.glorotUniform({ seed: this.seed }),
    );
    this.u = this.addWeight(
      'u',
      [this.rank, width],
      'float32',
      tf.initializers.glorotUniform({ seed: this.seed === undefined ? undefined : this.seed + 1 }),
    );
    this.bias = this.addWeight('bias', [width], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (inputShape as tf.Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x0, xl] = inputs as tf.Tensor2D[];
      const projected = tf.matMul(tf.matMul(xl, this.v.read() as tf.Tensor2D), this.u.read() as tf.Tensor2D);
      return tf.add(tf.mul(x0, tf.add(projected, this.bias.read())), xl);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rank: this.rank, ...(this.seed === undefined ? {} : { seed: this.seed }) };
  }
}

let registered = false;

/**
 * Registers the custom layers with `tf.serialization` (idempotent). Called by every path that builds or
 * loads a network, so a bundler's tree shaking cannot drop the registration.
 */
export function registerCustomLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(CrossLayer);
  registered = true;
}
