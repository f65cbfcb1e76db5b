"""How fast TensorFlow itself runs ae's MNIST step (issue 16's arithmetic-limit goal).

The MNIST config, 784-300-100-300-784, batch 32, binary cross-entropy, ~102 MFLOP a step, as
tf.functions: one step per call, and a whole epoch (27 steps) inside one graph (TF's best case:
no Python between steps). Seconds per step and GFLOP/s, for 1 and 2 intra-op threads (run once
per setting: TensorFlow reads the thread count once per process).

  python bench/mnist_step.py [THREADS]
"""
import os
import sys
import time

THREADS = sys.argv[1] if len(sys.argv) > 1 else "1"
os.environ.update(TF_NUM_INTRAOP_THREADS=THREADS, TF_CPP_MIN_LOG_LEVEL="2", TF_ENABLE_ONEDNN_OPTS="0")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(int(THREADS))
DIMS = [784, 300, 100, 300, 784]
FLOP_PER_STEP = 102e6
W = [tf.Variable(tf.random.normal([a, b], stddev=0.05)) for a, b in zip(DIMS[:-1], DIMS[1:])]
B = [tf.Variable(tf.zeros([b])) for b in DIMS[1:]]
X = tf.constant(np.random.default_rng(0).random((32 * 27, 784), dtype=np.float32))


def forward(x):
    h = x
    for i, (w, b) in enumerate(zip(W, B)):
        h = tf.matmul(h, w) + b
        h = tf.nn.relu(h) if i < len(W) - 1 else tf.sigmoid(h)
    return h


def trainer(optimizer, whole_epoch):
    @tf.function
    def step(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.keras.losses.binary_crossentropy(x, forward(x)))
        optimizer.apply_gradients(zip(tape.gradient(loss, W + B), W + B))

    @tf.function
    def epoch():
        for i in tf.range(27):
            step(X[i * 32 : (i + 1) * 32])

    return epoch if whole_epoch else lambda: [step(X[i * 32 : (i + 1) * 32]) for i in range(27)]


for name, whole in [("one call per step", False), ("one call per epoch", True)]:
    run = trainer(tf.keras.optimizers.Adam(1e-3), whole)
    for _ in range(3):
        run()
    t0 = time.perf_counter()
    for _ in range(20):
        run()
    per_step = (time.perf_counter() - t0) / (20 * 27)
    print(f"{THREADS} thread(s), {name}: {per_step * 1e3:.2f} ms/step, {FLOP_PER_STEP / per_step / 1e9:.1f} GFLOP/s")
