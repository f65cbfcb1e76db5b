"""Python baselines for `npm run bench`, one measurement per process, JSON on stdout.

  python baselines.py keras   DATA.f32 ROWS WIDTH LAYERS OUT LOSS EPOCHS
  python baselines.py torch   DATA.f32 ROWS WIDTH LAYERS OUT LOSS EPOCHS
  python baselines.py pandas-scan CSV BUNDLE_DIR
  python baselines.py matmul-peak
  python baselines.py keras-windows CSV WINDOW

Training counts what a user waits for: the whole fit call (first epoch included) / epochs,
batch 32, validation 0.25 (the last quarter, as Keras takes it), Adam 0.001, the same layers,
relu hidden, OUT (sigmoid|linear) output, LOSS (mse|bce).
"""
import json
import os
import resource
import sys
import time

import numpy as np


def data(path, rows, width):
    return np.fromfile(path, dtype=np.float32).reshape(int(rows), int(width))


def keras_fit(x, layers, out, loss, epochs):
    import keras

    keras.utils.set_random_seed(1)
    inp = keras.Input(shape=(layers[0],))
    h = inp
    for i, units in enumerate(layers[1:]):
        last = i == len(layers) - 2
        h = keras.layers.Dense(units, activation=out if last else "relu")(h)
    model = keras.Model(inp, h)
    model.compile(optimizer=keras.optimizers.Adam(0.001),
                  loss="mse" if loss == "mse" else "binary_crossentropy")
    t0 = time.perf_counter()
    hist = model.fit(x, x, epochs=epochs, batch_size=32, validation_split=0.25, verbose=0, shuffle=True)
    seconds = time.perf_counter() - t0
    return seconds, float(hist.history["loss"][-1])


def torch_loop(x, layers, out, loss, epochs):
    import torch

    torch.manual_seed(1)
    mods = []
    for i in range(len(layers) - 1):
        mods.append(torch.nn.Linear(layers[i], layers[i + 1]))
        last = i == len(layers) - 2
        if not last:
            mods.append(torch.nn.ReLU())
        elif out == "sigmoid":
            mods.append(torch.nn.Sigmoid())
    model = torch.nn.Sequential(*mods)
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    lossf = torch.nn.MSELoss() if loss == "mse" else torch.nn.BCELoss()
    n_val = int(len(x) * 0.25)
    train = torch.from_numpy(x[: len(x) - n_val])
    val = torch.from_numpy(x[len(x) - n_val:])
    t0 = time.perf_counter()
    last_loss = float("nan")
    for _ in range(epochs):
        model.train()
        perm = torch.randperm(len(train))
        total = 0.0
        for s in range(0, len(train), 32):
            b = train[perm[s:s + 32]]
            opt.zero_grad()
            l = lossf(model(b), b)
            l.backward()
            opt.step()
            total += float(l) * len(b)
        last_loss = total / len(train)
        model.eval()
        with torch.no_grad():
            lossf(model(val), val)
    seconds = time.perf_counter() - t0
    return seconds, last_loss


def pandas_scan(csv, bundle):
    """pandas.read_csv + a numpy forward pass of the same bundle, scores written as NDJSON-like lines."""
    import pandas as pd

    t0 = time.perf_counter()
    meta = json.load(open(os.path.join(bundle, "ae.json")))
    spec = json.load(open(os.path.join(bundle, "model.json")))
    raw = np.fromfile(os.path.join(bundle, "weights.bin"), dtype=np.float32)
    weights, at = [], 0
    for w in [w for g in spec["weightsManifest"] for w in g["weights"]]:
        n = int(np.prod(w["shape"]))
        weights.append(raw[at:at + n].reshape(w["shape"]))
        at += n
    scaler = meta["preprocessing"]["scaler"]
    offset = np.asarray(scaler.get("offset") or 0, dtype=np.float32)
    scale = np.asarray(scaler.get("scale") or 1, dtype=np.float32)
    out_act = meta["architecture"]["outputActivation"]
    rows = 0
    sink = open(os.devnull, "w")
    for chunk in pd.read_csv(csv, header=None, dtype=np.float32, chunksize=8192, engine="c"):
        x = (chunk.to_numpy() - offset) / scale
        h = x
        for i in range(0, len(weights), 2):
            h = h @ weights[i] + weights[i + 1]
            last = i == len(weights) - 2
            h = np.maximum(h, 0) if not last else (1 / (1 + np.exp(-h)) if out_act == "sigmoid" else h)
        scores = ((x - h) ** 2).mean(axis=1)
        sink.write("\n".join(f'{{"index":{rows + i},"score":{s:.6g}}}' for i, s in enumerate(scores)))
        rows += len(scores)
    seconds = time.perf_counter() - t0
    return {"rows": rows, "seconds": seconds, "maxRssKb": peak_rss_kb()}


def keras_windows(csv, window):
    """One epoch on every window of a long CSV, built lazily (timeseries_dataset_from_array),
    as `ae train CSV --window W --stride 1 --epochs 1` trains: each metric standardised, the
    first 75 % of windows trained on (shuffled, batch 32), the rest validated; W·C-W·C/2-W·C/4."""
    import keras
    import pandas as pd

    keras.utils.set_random_seed(1)
    x = pd.read_csv(csv, dtype=np.float32).to_numpy()
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    width = window * x.shape[1]
    windows = len(x) - window + 1
    train_n = windows - int(windows * 0.25)

    def dataset(start, count, shuffle):
        ds = keras.utils.timeseries_dataset_from_array(
            x[start:start + count + window - 1], None, sequence_length=window, sequence_stride=1,
            batch_size=32, shuffle=shuffle, seed=1)
        return ds.map(lambda w: (keras.ops.reshape(w, (-1, width)), keras.ops.reshape(w, (-1, width))))

    inp = keras.Input(shape=(width,))
    h = inp
    for units, act in ((width // 2, "relu"), (width // 4, "relu"), (width // 2, "relu"), (width, "sigmoid")):
        h = keras.layers.Dense(units, activation=act)(h)
    model = keras.Model(inp, h)
    model.compile(optimizer=keras.optimizers.Adam(0.001), loss="mse")
    t0 = time.perf_counter()
    model.fit(dataset(0, train_n, True), validation_data=dataset(train_n, windows - train_n, False),
              epochs=1, verbose=0)
    return {"secondsPerEpoch": time.perf_counter() - t0, "windows": windows, "maxRssKb": peak_rss_kb()}


def peak_rss_kb():
    """VmHWM (this process's own peak), not getrusage: that carries the parent's across fork + exec."""
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def matmul_peak():
    """float32 GEMM throughput numpy reaches here, both cores: the machine's arithmetic limit."""
    best = 0.0
    for n in (512, 1024, 2048):
        a = np.random.rand(n, n).astype(np.float32)
        b = np.random.rand(n, n).astype(np.float32)
        a @ b
        reps = max(1, int(2e9 / (2 * n ** 3)))
        t0 = time.perf_counter()
        for _ in range(reps):
            a @ b
        best = max(best, 2 * n ** 3 * reps / (time.perf_counter() - t0) / 1e9)
    return {"gflops": best}


def main():
    kind = sys.argv[1]
    if kind in ("keras", "torch"):
        path, rows, width, layers, out, loss, epochs = sys.argv[2:9]
        x = data(path, rows, width)
        layers = [int(v) for v in layers.split("-")]
        fit = keras_fit if kind == "keras" else torch_loop
        seconds, last = fit(x, layers, out, loss, int(epochs))
        print(json.dumps({"impl": kind, "secondsPerEpoch": seconds / int(epochs), "seconds": seconds, "loss": last}))
    elif kind == "pandas-scan":
        print(json.dumps(pandas_scan(sys.argv[2], sys.argv[3])))
    elif kind == "keras-windows":
        print(json.dumps(keras_windows(sys.argv[2], int(sys.argv[3]))))
    elif kind == "matmul-peak":
        print(json.dumps(matmul_peak()))
    else:
        raise SystemExit(f"unknown baseline {kind}")


if __name__ == "__main__":
    main()
