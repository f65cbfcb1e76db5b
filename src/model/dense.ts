// The dense forward pass, the one definition used by training (backprop.ts) and scoring
// (score.ts): every model ae builds or loads is a stack of Dense layers with relu, sigmoid or
// linear activations, run here as plain matMul + add + activation.
import * as tf from '@tensorflow/tfjs';

export type Activation = 'relu' | 'sigmoid' | 'linear';

export interface DenseStack {
  weights: tf.Tensor2D[];
  biases: tf.Tensor1D[];
  activations: Activation[];
}

/**
 * The model as a plain dense stack — what every model ae builds or loads is — or null if it
 * is something else (a library user's own model), which callers then run through tfjs.
 * The tensors are the model's own: do not dispose them.
 */
export function denseStack(model: tf.LayersModel): DenseStack | null {
  const stack: DenseStack = { weights: [], biases: [], activations: [] };
  for (const layer of model.layers) {
    const cfg = layer.getConfig() as { activation?: string; useBias?: boolean };
    const act = String(cfg.activation ?? 'linear');
    if (layer.getClassName() !== 'Dense' || cfg.useBias === false || !isActivation(act)) return null;
    const [kernel, bias] = layer.getWeights();
    stack.weights.push(kernel as tf.Tensor2D);
    stack.biases.push(bias as tf.Tensor1D);
    stack.activations.push(act);
  }
  return stack.weights.length ? stack : null;
}

function isActivation(a: string): a is Activation {
  return a === 'relu' || a === 'sigmoid' || a === 'linear';
}

/** Forward pass; returns every layer's output (index 0 is the input). Call inside tf.tidy. */
export function forward(
  weights: tf.Tensor2D[],
  biases: tf.Tensor1D[],
  activations: Activation[],
  x: tf.Tensor2D,
): tf.Tensor2D[] {
  const outs: tf.Tensor2D[] = [x];
  for (let i = 0; i < weights.length; i++) {
    // Plain matMul + add + activation: tf.fused.matMul reshapes to rank 3 and back (extra kernels).
    const z = tf.add(tf.matMul(outs[i]!, weights[i]!), biases[i]!) as tf.Tensor2D;
    outs.push(activate(z, activations[i]!));
  }
  return outs;
}

function activate(z: tf.Tensor2D, a: Activation): tf.Tensor2D {
  if (a === 'relu') return tf.relu(z);
  if (a === 'sigmoid') return tf.sigmoid(z);
  return z;
}
