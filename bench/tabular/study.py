"""Tabular outlier benchmark: ae's bare defaults against an isolation forest (issue 12).

Data a machine without internet has: scikit-learn's bundled sets, a minority class sampled down
to ~5-10 % as the outliers, and generated sets in the style of PyOD's generators (Gaussian
clusters with uniform "global" outliers, or with "local" outliers near a cluster). Protocol, as
the issue states it: a stratified 60/40 split, unsupervised fit on the 60 % (outliers
included, unlabelled), ROC AUC of the scores on the 40 %, seeds 1-3.

ae runs as a user runs it: `ae train train.csv --out m` then `ae scan test.csv --model m
--ndjson` (scores of every row), with any extra flags of the variant under test.

  python study.py AE_BIN OUT.json [--variants default,linear] [--seeds 1,2,3]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn import datasets
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split


def minority(x, y, normal_classes, outlier_class, fraction, seed):
    """Rows of `normal_classes` as inliers, `outlier_class` sampled to `fraction` of the result."""
    rng = np.random.default_rng(seed)
    inl = np.isin(y, normal_classes)
    out_idx = np.flatnonzero(y == outlier_class)
    n_out = max(5, int(round(fraction * inl.sum() / (1 - fraction))))
    pick = rng.choice(out_idx, size=min(n_out, len(out_idx)), replace=False)
    xs = np.vstack([x[inl], x[pick]])
    labels = np.r_[np.zeros(inl.sum()), np.ones(len(pick))]
    return xs, labels


def clusters(n, d, k, outliers, kind, seed):
    """PyOD-style: k Gaussian clusters; 'global' outliers uniform over a wider box, 'local' ones
    drawn around the clusters with a larger spread."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-5, 5, size=(k, d))
    inl = centres[rng.integers(0, k, size=n)] + rng.normal(0, 1, size=(n, d))
    m = int(n * outliers / (1 - outliers))
    if kind == "global":
        lo, hi = inl.min(0) * 1.2, inl.max(0) * 1.2
        out = rng.uniform(lo, hi, size=(m, d))
    else:
        out = centres[rng.integers(0, k, size=m)] + rng.normal(0, 3.5, size=(m, d))
    return np.vstack([inl, out]), np.r_[np.zeros(n), np.ones(m)]


def data_sets(seed):
    bc = datasets.load_breast_cancer()
    wine = datasets.load_wine()
    digits = datasets.load_digits()
    iris = datasets.load_iris()
    # Digits: many normal modes (digits 1-9), one rare digit; pixel columns, some constant.
    return {
        "breast_cancer (30)": minority(bc.data, bc.target, [1], 0, 0.08, seed),
        "wine (13)": minority(wine.data, wine.target, [0, 1], 2, 0.08, seed),
        "iris (4)": minority(iris.data, iris.target, [0, 1], 2, 0.08, seed),
        "digits, 0 rare (64)": minority(digits.data, digits.target, list(range(1, 10)), 0, 0.05, seed),
        "digits, 1-2 normal, 7 rare (64)": minority(digits.data, digits.target, [1, 2], 7, 0.08, seed),
        "clusters global (6)": clusters(1500, 6, 3, 0.05, "global", seed),
        "clusters global (20)": clusters(1500, 20, 4, 0.05, "global", seed),
        "clusters local (8)": clusters(1500, 8, 3, 0.05, "local", seed),
        "clusters local (40)": clusters(1500, 40, 5, 0.05, "local", seed),
        "clusters global (100)": clusters(2000, 100, 5, 0.03, "global", seed),
    }


def write_csv(path, x):
    header = ",".join(f"x{i + 1}" for i in range(x.shape[1]))
    np.savetxt(path, x, delimiter=",", header=header, comments="", fmt="%.6g")


def ae_scores(ae, x_train, x_test, flags, seed, work):
    train, test, model = (os.path.join(work, n) for n in ("train.csv", "test.csv", "m"))
    write_csv(train, x_train)
    write_csv(test, x_test)
    run = lambda args: subprocess.run(ae + args, check=True, capture_output=True, text=True)
    run(["train", train, "--out", model, "--force", "--quiet", "--seed", str(seed), *flags])
    out = run(["scan", test, "--model", model, "--ndjson", "--quiet"]).stdout
    return np.array([json.loads(line)["score"] for line in out.splitlines()])


VARIANTS = {
    "default": [],
    "linear": ["--output-activation", "linear"],
    "minmax": ["--scale", "minmax"],
    "early": ["--early-stopping", "10"],
    "robust": ["--scale", "robust"],
    "robust-linear": ["--scale", "robust", "--output-activation", "linear"],
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("ae", help="the ae command, e.g. 'node bin/ae.js'")
    p.add_argument("out")
    p.add_argument("--variants", default="default,linear")
    p.add_argument("--seeds", default="1,2,3")
    a = p.parse_args()
    ae = a.ae.split()
    seeds = [int(s) for s in a.seeds.split(",")]
    variants = a.variants.split(",")
    # Saved after every data set, so an interrupted study keeps what it measured.
    save = lambda: json.dump(
        {"version": 1, "seeds": seeds, "variants": variants, "results": results}, open(a.out, "w"), indent=2
    )
    results = {}
    with tempfile.TemporaryDirectory(prefix="ae-tabular-") as work:
        for seed in seeds:
            for name, (x, y) in data_sets(seed).items():
                x_tr, x_te, _, y_te = train_test_split(x, y, test_size=0.4, stratify=y, random_state=seed)
                row = results.setdefault(name, {"rows": len(x), "columns": x.shape[1], "outliers": int(y.sum())})
                forest = IsolationForest(random_state=seed).fit(x_tr)
                row.setdefault("isolation forest", []).append(roc_auc_score(y_te, -forest.score_samples(x_te)))
                for v in variants:
                    t0 = time.perf_counter()
                    s = ae_scores(ae, x_tr, x_te, VARIANTS[v], seed, work)
                    row.setdefault(v, []).append(roc_auc_score(y_te, s))
                    row.setdefault(f"{v} seconds", []).append(time.perf_counter() - t0)
                print(f"seed {seed} {name}: " + ", ".join(f"{k} {v[-1]:.3f}" for k, v in row.items() if isinstance(v, list) and "seconds" not in k), file=sys.stderr)
                save()


if __name__ == "__main__":
    main()
