// Adam, as Keras computes it, on a flat parameter buffer.
import * as tf from '@tensorflow/tfjs';
import type { Constants } from './backprop.js';

/**
 * Adam on one flat parameter buffer (all weights and biases in one variable): ~12 kernels per
 * step instead of ~12 per weight tensor. Keras 3's update, bias correction folded into the step
 * size: θ ← θ − α·m / (√v + ε), α = lr·√(1 − β2ᵗ) / (1 − β1ᵗ).
 */
export class FlatAdam {
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private t = 0;

  constructor(
    private readonly theta: tf.Variable,
    private readonly lr: number,
    private readonly c: Constants,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-7,
  ) {
    this.m = variableOf(tf.zerosLike(theta));
    this.v = variableOf(tf.zerosLike(theta));
  }

  /** Call inside tf.tidy. */
  apply(g: tf.Tensor): void {
    this.t++;
    const alpha = (this.lr * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
    const c = this.c;
    const m = this.m.mul(c.get(this.beta1)).add(g.mul(c.get(1 - this.beta1)));
    const v = this.v.mul(c.get(this.beta2)).add(g.square().mul(c.get(1 - this.beta2)));
    this.m.assign(m);
    this.v.assign(v);
    this.theta.assign(this.theta.sub(m.mul(alpha).div(v.sqrt().add(c.get(this.eps)))));
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}

/**
 * A non-trainable variable holding `t`'s data; `t` itself is freed (tf.variable shares the data
 * but leaves the tensor it was given allocated).
 */
export function variableOf(t: tf.Tensor): tf.Variable {
  const variable = tf.variable(t, false);
  t.dispose();
  return variable;
}
