"""The metrics and simple baselines of `npm run bench:detect`, run as a tool by bench/detect/run.ts.

Reads a job (JSON on stdin): the benchmark, and per entity its train/test files (or, for UCR,
the series and its split) and the score files ae wrote. Computes, in this one run:
  ASD / SMD: AUC-PR (scikit-learn's average precision) and VUS-PR of ae's scores and of the
    simple baselines — per-metric z-score from the training mean/sd (max and mean over metrics)
    and PCA reconstruction error (90 % of the training variance, standardised metrics);
  UCR: top-1 accuracy (KDD Cup 2021: the highest score after train_end lies within ±100 of the
    anomaly) of ae and of |x[t] − x[t−1]| and a train discord (each z-normalised test window's
    distance to its nearest z-normalised training window; window from the training part's
    autocorrelation).
Labels are read only here, only to score. Writes the results as JSON on stdout.
"""
import gzip
import json
import sys

import numpy as np
from sklearn.decomposition import PCA
from sklearn.metrics import average_precision_score

import vus

try:  # TSB-AD's own code when pip could install it (decisions #66)
    from TSB_AD.evaluation.metrics import get_metrics as tsb_metrics
    from TSB_AD.utils.slidingWindows import find_length_rank
except Exception:  # noqa: BLE001 - any import failure means: use ours
    tsb_metrics = None

VUS_SOURCE = 'tsb-ad' if tsb_metrics else 'ae (bench/detect/vus.py)'
EPS = 1e-8


def load(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt') as f:
        return np.loadtxt(f, delimiter=',', ndmin=2)


def load_scores(path):
    with open(path) as f:
        return np.array([float(line) for line in f if line.strip()])


def pr_metrics(labels, score, window):
    score = np.nan_to_num(np.asarray(score, dtype=float), nan=0.0)
    if tsb_metrics:
        m = tsb_metrics(score, labels, slidingWindow=window)
        return {'AUC-PR': float(m['AUC-PR']), 'VUS-PR': float(m['VUS-PR'])}
    return {
        'AUC-PR': float(average_precision_score(labels, score)),
        'VUS-PR': vus.vus_pr(labels, score, window),
    }


def server_baselines(train, test):
    # A metric constant in training has no spread to measure against: left out (decisions #66).
    varies = train.std(axis=0) > EPS
    train, test = train[:, varies], test[:, varies]
    mean, sd = train.mean(axis=0), train.std(axis=0)
    z = np.abs(test - mean) / sd
    pca = PCA(n_components=0.9, svd_solver='full').fit((train - mean) / sd)
    standard = (test - mean) / sd
    rebuilt = pca.inverse_transform(pca.transform(standard))
    return {
        'zscoreMax': z.max(axis=1),
        'zscoreMean': z.mean(axis=1),
        'pca': ((standard - rebuilt) ** 2).sum(axis=1),
    }


def server_entity(e):
    train, test = load(e['train']), load(e['test'])
    labels = load(e['labels']).ravel().astype(int)
    window = find_length_rank(test[:, 0], rank=1) if tsb_metrics else vus.sliding_window(test[:, 0])
    scores = {name: load_scores(path) for name, path in e['scores'].items()}
    for name, s in scores.items():
        if len(s) != len(labels):
            raise SystemExit(f"{e['name']}: {name} has {len(s)} scores for {len(labels)} test rows")
    scores.update(server_baselines(train, test))
    return {'window': int(window), **{name: pr_metrics(labels, s, window) for name, s in scores.items()}}


def znormalised_windows(x, m):
    w = np.lib.stride_tricks.sliding_window_view(x, m)
    sd = w.std(axis=1, keepdims=True)
    return (w - w.mean(axis=1, keepdims=True)) / np.where(sd < EPS, 1.0, sd)


def discord_scores(x, train_end):
    """Per point after train_end: the distance of the window centred there to its nearest training window."""
    m = max(8, min(vus.sliding_window(x[:train_end]), 300))
    train = znormalised_windows(x[:train_end], m).astype(np.float32)
    test = znormalised_windows(x[train_end - m // 2 :], m).astype(np.float32)
    best = np.empty(len(test), dtype=np.float32)
    for i in range(0, len(test), 2048):
        corr = test[i : i + 2048] @ train.T
        best[i : i + 2048] = corr.max(axis=1)
    dist = np.sqrt(np.maximum(2 * m * (1 - best / m), 0))
    out = np.zeros(len(x) - train_end)
    n = min(len(out), len(dist))
    out[:n] = dist[:n]
    return out, m


def correct(position, e):
    return e['anomaly_begin'] - 100 <= position <= e['anomaly_end'] + 100


def ucr_entity(e):
    with gzip.open(e['data'], 'rt') as f:
        x = np.array([float(v) for v in f.read().split()])
    cut = e['train_end']
    out = {}
    for name, path in e['scores'].items():
        s = load_scores(path)
        if len(s) != len(x):
            raise SystemExit(f"{e['name']}: {name} has {len(s)} scores for {len(x)} points")
        after = np.nan_to_num(s[cut:], nan=-np.inf)
        out[name] = correct(cut + int(np.argmax(after)), e)
    out['diff'] = correct(cut + int(np.argmax(np.abs(np.diff(x))[cut - 1 :])), e)
    d, m = discord_scores(x, cut)
    out['discord'] = correct(cut + int(np.argmax(d)), e)
    out['discordWindow'] = m
    return out


def main():
    job = json.load(sys.stdin)
    per = {}
    for e in job['entities']:
        per[e['name']] = ucr_entity(e) if job['benchmark'] == 'ucr' else server_entity(e)
        print(f"{job['benchmark']} {e['name']}: {json.dumps(per[e['name']])}", file=sys.stderr)
    json.dump({'vusSource': VUS_SOURCE, 'perEntity': per}, sys.stdout)


if __name__ == '__main__':
    main()
